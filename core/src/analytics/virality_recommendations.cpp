// Virality recommendations: boost or not (the score against the 70th percentile of the scored
// history), the best hours and days (the best-time analysis of the same history), the platform where
// the content type engages most (suggested only when it beats the planned platform under the finding rule
// of clear_finding.hpp, with that chance), and the actions as sentences.
#include <map>

#include "analytics_math.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/clear_finding.hpp"
#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"
#include "virality_parts.hpp"

namespace learnloop::virality {
namespace {

constexpr double kBoostQuantile = 0.7;

/// The platform where a content type engages most, and how sure it is to beat the planned platform.
struct BestPlatform {
  std::string name;         ///< platform; "" when none qualifies
  double rate = -1;         ///< its mean engagement rate for the content type
  bool compared = false;    ///< the planned platform has kMinFindingPosts posts of the type to compare with
  double planned_rate = 0;  ///< the planned platform's mean engagement rate for the type (when compared)
  double chance = 0;        ///< P(best platform's mean > the planned platform's) (when compared)
};

/// The platform where `content_type` has the highest mean engagement rate (platforms with at least
/// kMinFindingPosts posts of it), compared with `planned`; empty name when none qualifies.
BestPlatform best_platform_for(const ViralityHistory& h, const std::string& content_type, const std::string& planned) {
  BestPlatform best;
  std::map<std::string, GroupSums> by_platform;
  for (const OutcomeRow& r : h.outcomes()) {
    if (r.bandit_arm != content_type || r.platform.empty()) continue;
    GroupSums& g = by_platform[std::string(r.platform)];
    g.key = r.platform;
    g.add(r.engagement_rate);
  }
  const GroupSums* top = nullptr;
  for (const auto& [p, g] : by_platform) {
    if (g.posts < kMinFindingPosts) continue;
    if (!top || g.mean() > top->mean()) top = &g;
  }
  if (!top) return best;
  best.name = top->key;
  best.rate = top->mean();
  const auto mine = by_platform.find(planned);
  if (mine != by_platform.end() && mine->second.posts >= kMinFindingPosts && &mine->second != top) {
    best.compared = true;
    best.planned_rate = mine->second.mean();
    best.chance = chance_mean_beats(*top, mine->second);
  }
  return best;
}

/// The actions in words: boost or not, a better hour, a better platform, weak retention.
std::vector<std::string> action_texts(const ContentFeatures& c, const ViralityComponent& retention, double score,
                                      double threshold, const nlohmann::ordered_json& hour_finding,
                                      const BestPlatform& best_platform) {
  std::vector<std::string> actions;
  actions.push_back(score >= threshold
                        ? "Boost: the score " + format_number(round_to(score, 1)) + " is in the top 30% of recent posts"
                        : "Do not boost: the score " + format_number(round_to(score, 1)) +
                              " is below the top-30% mark " + format_number(round_to(threshold, 1)));
  // A better hour only when it is a finding (clear_finding.hpp): the same answer as the report's and besttime's.
  if (hour_finding.value("status", "") == "clear" && hour_finding["best"].get<int>() != c.posted_hour)
    actions.push_back("Post at " + hour_label(hour_finding["best"].get<int>()) + " UTC: on " + c.platform +
                      " it beats " + hour_label(hour_finding["runner_up"].get<int>()) + " UTC with " +
                      chance_percent(hour_finding["chance_beats_runner_up"].get<double>()) + " probability");
  // Another platform only when it is a finding against the planned one (clear_finding.hpp), with its chance.
  if (best_platform.compared && best_platform.chance >= kClearFindingChance)
    actions.push_back("Consider " + best_platform.name + ": " + c.content_type + " posts engage " +
                      format_percent(best_platform.rate) + " there vs " + format_percent(best_platform.planned_rate) +
                      " on " + c.platform + ", better with " + chance_percent(best_platform.chance) + " probability");
  if (retention.known && retention.value < 0.4)
    actions.push_back("Expect weak retention for this type, hook and length: tighten the opening");
  return actions;
}

}  // namespace

nlohmann::ordered_json recommendations(const ViralityHistory& h, const ContentFeatures& c,
                                       const std::array<ViralityComponent, 4>& comp, const Scored& scored,
                                       const Weights& weights, double score, DayNumber from, DayNumber to) {
  std::vector<double> history_scores;
  for (const auto& x : scored.x) history_scores.push_back(100 * dot(weights.w, x));
  const double threshold = history_scores.empty() ? 50 : analytics::quantile(history_scores, kBoostQuantile);
  BestTimeOptions bt;
  bt.platform = c.platform;
  bt.resamples = 0;
  const nlohmann::ordered_json best_time = compute_best_time(h.outcomes(), {}, bt, from, to);
  const BestPlatform best_platform = best_platform_for(h, c.content_type, c.platform);
  nlohmann::ordered_json rec;
  rec["boost_recommended"] = score >= threshold;
  rec["boost_threshold"] = round_to(threshold, 2);
  rec["boost_rule"] = "boost when the score reaches the 70th percentile of the scored history (" +
                      std::to_string(history_scores.size()) + " posts)";
  rec["optimal_hour_utc"] = best_time["best_hours"].empty() ? nlohmann::ordered_json() : best_time["best_hours"][0];
  rec["best_hours_utc"] = best_time["best_hours"];
  rec["best_days"] = best_time["best_days"];
  rec["best_platform"] =
      best_platform.name.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(best_platform.name);
  rec["best_platform_chance"] =
      best_platform.compared ? nlohmann::ordered_json(round_to(best_platform.chance, 4)) : nlohmann::ordered_json();
  rec["actions"] = action_texts(c, comp[0], score, threshold, best_time["findings"]["hour"], best_platform);
  return rec;
}

}  // namespace learnloop::virality
