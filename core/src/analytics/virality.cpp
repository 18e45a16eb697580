// Virality predictor: component estimates from group statistics of the history window, the
// composite, learned-or-fixed weights, empirical intervals from comparable posts, and
// recommendations (boost, optimal hour and days, platform).
#include "learnloop/analytics/virality.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "analytics_math.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/retention_clusters.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/dataset.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "learnloop/predictors/split.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {
namespace {

using analytics::round_to;

constexpr std::size_t kMinGroup = 5;
constexpr double kBoostQuantile = 0.7;

std::string key(std::initializer_list<std::string> parts) {
  std::string k;
  for (const std::string& p : parts) k += p + "|";
  return k;
}

std::string describe(const std::vector<std::pair<const char*, std::string>>& parts, std::size_t n) {
  std::string out;
  for (const auto& [name, value] : parts) out += (out.empty() ? "" : ", ") + std::string(name) + "=" + value;
  return (out.empty() ? std::string("all posts") : out) + " (" + std::to_string(n) + " posts)";
}

/// A history group to try: its key and the (field, value) parts it is made of.
using GroupTry = std::pair<std::string, std::vector<std::pair<const char*, std::string>>>;

/// The first of `tries` (most specific first) whose parts are all known and whose group in `groups` has
/// at least kMinGroup posts: that try and its group's sum; nullopt when none qualifies.
template <typename Groups>
std::optional<std::pair<const GroupTry*, const typename Groups::mapped_type*>> first_known_group(
    const std::vector<GroupTry>& tries, const Groups& groups) {
  for (const GroupTry& t : tries) {
    const bool complete =
        std::all_of(t.second.begin(), t.second.end(), [](const auto& part) { return !part.second.empty(); });
    const auto it = groups.find(t.first);
    if (complete && it != groups.end() && it->second.n >= kMinGroup) return std::make_pair(&t, &it->second);
  }
  return std::nullopt;
}

nlohmann::ordered_json component_json(const ViralityComponent& c) {
  if (!c.known) return {{"value", nullptr}, {"basis", c.basis}};
  return {{"value", round_to(c.value, 4)}, {"basis", c.basis}, {"posts", c.posts}};
}

// Observed success of a history post: its engaged views (impressions x engagement rate).
double engaged_views(const OutcomeRow& r) { return r.impressions * r.engagement_rate; }

struct Weights {
  std::array<double, 4> w = kFixedViralityWeights;
  std::string source = "fixed";
  std::string reason;
};

// Components of every history post that has all four (in-sample estimates).
struct Scored {
  std::vector<std::array<double, 4>> x;
  std::vector<double> y;
};

Scored score_history(const ViralityHistory& h) {
  Scored s;
  for (const OutcomeRow& r : h.outcomes()) {
    const ContentFeatures f = ViralityHistory::features_of(r);
    const std::array<ViralityComponent, 4> c = {h.retention(f), h.engagement(f), h.quality(f), h.timing(f)};
    if (!(c[0].known && c[1].known && c[2].known && c[3].known)) continue;
    s.x.push_back({c[0].value, c[1].value, c[2].value, c[3].value});
    s.y.push_back(engaged_views(r));
  }
  return s;
}

double dot(const std::array<double, 4>& a, const std::array<double, 4>& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
}

// Ridge on the components against the percentile of engaged views; the learned weights (negative
// coefficients clipped to 0, normalised to sum 1) are used when they rank held-out posts better.
Weights choose_weights(const Scored& s, std::uint64_t seed) {
  Weights out;
  const std::size_t n = s.x.size();
  if (n < kMinLearnedWeightRows) {
    out.reason = std::to_string(n) + " history posts have all four components; learned weights need at least " +
                 std::to_string(kMinLearnedWeightRows);
    return out;
  }
  std::vector<double> sorted = s.y, target(n);
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < n; ++i) target[i] = analytics::percentile_rank_sorted(sorted, s.y[i]);
  Result<Split> split = train_test_split(n, 0.2, seed);
  if (!split.ok()) {
    out.reason = split.error().message;
    return out;
  }
  std::vector<double> values;
  for (std::size_t i : split.value().train) values.insert(values.end(), s.x[i].begin(), s.x[i].end());
  Result<Dataset> train =
      make_dataset(split.value().train.size(), 4, values, {"retention", "engagement", "quality", "timing"});
  if (!train.ok()) {
    out.reason = train.error().message;
    return out;
  }
  Result<LinearModel> fit = fit_ridge(train.value(), select_values(target, split.value().train), RidgeOptions{1.0});
  if (!fit.ok()) {
    out.reason = "ridge fit failed: " + fit.error().message;
    return out;
  }
  std::array<double, 4> learned{};
  double total = 0;
  for (int k = 0; k < 4; ++k)
    total += learned[static_cast<std::size_t>(k)] =
        std::max(0.0, fit.value().coefficients[static_cast<std::size_t>(k)]);
  if (total <= 0) {
    out.reason = "ridge gave no positive weight";
    return out;
  }
  for (double& w : learned) w /= total;
  std::vector<double> fixed_scores, learned_scores, held;
  for (std::size_t i : split.value().test) {
    fixed_scores.push_back(dot(kFixedViralityWeights, s.x[i]));
    learned_scores.push_back(dot(learned, s.x[i]));
    held.push_back(target[i]);
  }
  const double r_fixed = analytics::correlation(fixed_scores, held),
               r_learned = analytics::correlation(learned_scores, held);
  const std::string figures = "held-out correlation with engaged views " + format_number(round_to(r_learned, 3)) +
                              " (learned) vs " + format_number(round_to(r_fixed, 3)) + " (fixed) on " +
                              std::to_string(split.value().test.size()) + " of " + std::to_string(n) + " posts";
  if (r_learned > r_fixed) {
    out.w = learned;
    out.source = "learned";
    out.reason = "ridge on the four components; " + figures;
  } else {
    out.reason = "learned weights did not beat the fixed ones: " + figures;
  }
  return out;
}

nlohmann::ordered_json interval(const std::vector<double>& values, int places) {
  return {{"value", round_to(analytics::quantile(values, 0.5), places)},
          {"lower", round_to(analytics::quantile(values, 0.1), places)},
          {"upper", round_to(analytics::quantile(values, 0.9), places)}};
}

}  // namespace

const std::array<const char*, 4>& virality_component_names() {
  static const std::array<const char*, 4> names = {"retention", "engagement", "quality", "timing"};
  return names;
}

ViralityHistory::ViralityHistory(std::vector<OutcomeRow> outcomes, const std::vector<RetentionRow>& retention)
    : ViralityHistory(std::make_shared<const std::vector<OutcomeRow>>(std::move(outcomes)), retention) {}

ViralityHistory ViralityHistory::over(const std::vector<OutcomeRow>& outcomes,
                                      const std::vector<RetentionRow>& retention) {
  return ViralityHistory(
      std::shared_ptr<const std::vector<OutcomeRow>>(&outcomes, [](const std::vector<OutcomeRow>*) {}), retention);
}

ViralityHistory::ViralityHistory(std::shared_ptr<const std::vector<OutcomeRow>> outcomes,
                                 const std::vector<RetentionRow>& retention)
    : outcomes_(std::move(outcomes)) {
  for (const RetentionRow& r : retention) {
    watch_[r.content_id] = r.avg_watch_percentage;
    const std::string b = duration_bucket(r.duration_seconds);
    for (const std::string& k : {key({"thb", r.content_type, r.hook_type, b}), key({"t", r.content_type, r.hook_type}),
                                 key({"h", r.hook_type}), key({"c", r.content_type}), key({"all"})}) {
      Sum& s = watch_groups_[k];
      s.sum += r.avg_watch_percentage / 100;
      ++s.n;
    }
  }
  rates_.reserve(outcomes_->size());
  for (const OutcomeRow& r : *outcomes_) {
    rates_.push_back(r.engagement_rate);
    for (const std::string& k :
         {key({r.platform, r.bandit_arm}), key({"c", r.bandit_arm}), key({"p", r.platform}), key({"all"})}) {
      Sum& s = rate_groups_[k];
      s.sum += r.engagement_rate;
      ++s.n;
    }
    if (r.posted_hour >= 0 && r.posted_hour < 24) {
      for (const std::string& p : {r.platform, std::string()}) {
        Sum& s = hours_[p][static_cast<std::size_t>(r.posted_hour)];
        s.sum += r.engagement_rate;
        ++s.n;
      }
    }
  }
  std::sort(rates_.begin(), rates_.end());
}

double ViralityHistory::percentile_of(double rate) const { return analytics::percentile_rank_sorted(rates_, rate); }

double ViralityHistory::watch_of(const std::string& id) const {
  auto it = watch_.find(id);
  return it == watch_.end() ? -1 : it->second;
}

ContentFeatures ViralityHistory::features_of(const OutcomeRow& r) {
  ContentFeatures f;
  f.content_id = r.decision_id;
  f.platform = r.platform;
  f.content_type = r.bandit_arm;
  f.hook_type = r.hook_type;
  f.quality_score = r.quality_score;
  f.duration_seconds = r.duration_seconds;
  f.posted_hour = r.posted_hour;
  return f;
}

ViralityComponent ViralityHistory::retention(const ContentFeatures& c) const {
  const std::string b = duration_bucket(c.duration_seconds);
  const std::vector<GroupTry> tries = {
      {key({"thb", c.content_type, c.hook_type, b}),
       {{"content_type", c.content_type}, {"hook_type", c.hook_type}, {"duration", b}}},
      {key({"t", c.content_type, c.hook_type}), {{"content_type", c.content_type}, {"hook_type", c.hook_type}}},
      {key({"h", c.hook_type}), {{"hook_type", c.hook_type}}},
      {key({"c", c.content_type}), {{"content_type", c.content_type}}},
      {key({"all"}), {}}};
  ViralityComponent out;
  const auto found = first_known_group(tries, watch_groups_);
  if (!found) {
    out.basis = "no retention history (fewer than " + std::to_string(kMinGroup) + " measured posts)";
    return out;
  }
  const auto& [group, sum] = *found;
  out.known = true;
  out.value = out.raw = sum->sum / static_cast<double>(sum->n);
  out.posts = sum->n;
  out.basis = "average watch share of " + describe(group->second, sum->n);
  return out;
}

ViralityComponent ViralityHistory::engagement(const ContentFeatures& c) const {
  const std::vector<GroupTry> tries = {
      {key({c.platform, c.content_type}), {{"platform", c.platform}, {"content_type", c.content_type}}},
      {key({"c", c.content_type}), {{"content_type", c.content_type}}},
      {key({"p", c.platform}), {{"platform", c.platform}}},
      {key({"all"}), {}}};
  ViralityComponent out;
  const auto found = first_known_group(tries, rate_groups_);
  if (!found) {
    out.basis = "no engagement history";
    return out;
  }
  const auto& [group, sum] = *found;
  out.known = true;
  out.raw = sum->sum / static_cast<double>(sum->n);
  out.value = percentile_of(out.raw);
  out.posts = sum->n;
  out.basis = "percentile among " + std::to_string(rates_.size()) + " posts of the mean engagement rate " +
              format_number(round_to(out.raw * 100, 2)) + "% of " + describe(group->second, sum->n);
  return out;
}

ViralityComponent ViralityHistory::quality(const ContentFeatures& c) const {
  ViralityComponent out;
  out.known = c.quality_score >= 0;
  out.value = out.raw = std::max(0.0, c.quality_score);
  out.basis = out.known ? "quality_score of the content" : "no quality_score";
  return out;
}

ViralityComponent ViralityHistory::timing(const ContentFeatures& c) const {
  ViralityComponent out;
  for (const std::string& p : {c.platform, std::string()}) {
    auto it = hours_.find(p);
    if (it == hours_.end()) continue;
    const std::array<Sum, 24>& h = it->second;
    int best = -1, ranked = 0;
    for (int k = 0; k < 24; ++k) {
      const Sum& s = h[static_cast<std::size_t>(k)];
      if (s.n < kMinPostsPerSlot) continue;
      ++ranked;
      if (best < 0 || s.sum / static_cast<double>(s.n) > h[static_cast<std::size_t>(best)].sum /
                                                             static_cast<double>(h[static_cast<std::size_t>(best)].n))
        best = k;
    }
    if (ranked < 3) continue;
    const double best_rate =
        h[static_cast<std::size_t>(best)].sum / static_cast<double>(h[static_cast<std::size_t>(best)].n);
    const std::string scope = p.empty() ? "all platforms" : p;
    if (c.posted_hour < 0) {
      out.known = true;
      out.value = 1;
      out.raw = best_rate;
      out.posts = h[static_cast<std::size_t>(best)].n;
      out.basis =
          "no posting hour given: assumes the best hour on " + scope + ", " + analytics::hour_label(best) + " UTC";
      return out;
    }
    const Sum& at = h[static_cast<std::size_t>(c.posted_hour)];
    if (at.n < kMinPostsPerSlot || best_rate <= 0) continue;
    out.known = true;
    out.raw = at.sum / static_cast<double>(at.n);
    out.value = std::clamp(out.raw / best_rate, 0.0, 1.0);
    out.posts = at.n;
    out.basis = "mean engagement at " + analytics::hour_label(c.posted_hour) + " UTC on " + scope + " (" +
                std::to_string(at.n) + " posts) relative to the best hour, " + analytics::hour_label(best) + " UTC";
    return out;
  }
  out.basis = "too few posts at this hour to compare";
  return out;
}

double virality_composite(const std::array<ViralityComponent, 4>& c, const std::array<double, 4>& w) {
  double sum = 0, weight = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (!c[k].known) continue;
    sum += w[k] * c[k].value;
    weight += w[k];
  }
  return weight > 0 ? 100 * sum / weight : -1;
}

Result<ContentFeatures> parse_content_features(const nlohmann::json& j, std::vector<std::string>* unused) {
  if (!j.is_object()) return invalid_argument("content must be a JSON object with at least platform and quality_score");
  ContentFeatures f;
  const auto text = [&](const char* name, std::string* out) -> Status {
    if (!j.contains(name) || j[name].is_null()) return {};
    if (!j[name].is_string()) return invalid_argument(std::string(name) + " must be a string, got " + j[name].dump());
    *out = j[name].get<std::string>();
    return {};
  };
  const auto number = [&](const char* name, double* out, double lo, double hi) -> Status {
    if (!j.contains(name) || j[name].is_null()) return {};
    if (!j[name].is_number() || !std::isfinite(j[name].get<double>()) || j[name].get<double>() < lo ||
        j[name].get<double>() > hi)
      return invalid_argument(std::string(name) + " is " + j[name].dump() + "; expected a number in [" +
                              format_number(lo) + ", " + format_number(hi) + "]");
    *out = j[name].get<double>();
    return {};
  };
  for (Status s :
       {text("content_id", &f.content_id), text("platform", &f.platform), text("content_type", &f.content_type),
        text("hook_type", &f.hook_type), number("quality_score", &f.quality_score, 0, 1),
        number("duration_seconds", &f.duration_seconds, 0, 86400)}) {
    if (!s.ok()) return s.error();
  }
  if (f.content_type.empty()) {
    if (Status s = text("bandit_arm", &f.content_type); !s.ok()) return s.error();
  }
  if (f.duration_seconds < 0) {
    if (Status s = number("duration", &f.duration_seconds, 0, 86400); !s.ok()) return s.error();
  }
  if (f.platform.empty()) return invalid_argument("content has no platform; expected e.g. \"platform\": \"tiktok\"");
  if (f.quality_score < 0) return invalid_argument("content has no quality_score; expected a number in [0, 1]");
  if (j.contains("posted_hour") && !j["posted_hour"].is_null()) {
    const nlohmann::json& h = j["posted_hour"];
    if (!h.is_number_integer() || h.get<std::int64_t>() < 0 || h.get<std::int64_t>() > 23)
      return invalid_argument("posted_hour is " + h.dump() + "; expected a whole hour 0-23 (UTC)");
    f.posted_hour = h.get<int>();
  } else if (j.contains("posted_at") && !j["posted_at"].is_null()) {
    if (!j["posted_at"].is_string()) return invalid_argument("posted_at must be a UTC timestamp string");
    const std::string at = j["posted_at"].get<std::string>();
    if (Status s = check_timestamp(at, "posted_at"); !s.ok()) return s.error();
    if (at.size() < 13) return invalid_argument("posted_at '" + at + "' has no time; expected YYYY-MM-DDTHH:MM[:SS]Z");
    f.posted_hour = timestamp_hour(at);
  }
  static const std::vector<std::string> known = {"content_id",  "platform",      "content_type",     "bandit_arm",
                                                 "hook_type",   "quality_score", "duration_seconds", "duration",
                                                 "posted_hour", "posted_at"};
  if (unused) {
    for (const auto& [k, v] : j.items()) {
      if (std::find(known.begin(), known.end(), k) == known.end()) unused->push_back(k);
    }
  }
  return f;
}

nlohmann::ordered_json compute_virality(const ViralityHistory& h, const ContentFeatures& c,
                                        const std::vector<std::string>& unused, const ViralityOptions& options,
                                        DayNumber from, DayNumber to) {
  nlohmann::ordered_json out;
  out["content_id"] = c.content_id.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(c.content_id);
  out["platform"] = c.platform;
  const std::size_t with_retention = static_cast<std::size_t>(std::count_if(
      h.outcomes().begin(), h.outcomes().end(), [&](const OutcomeRow& r) { return h.watch_of(r.decision_id) >= 0; }));
  out["history"] = {{"from", from < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(format_date(from))},
                    {"to", from < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(format_date(to))},
                    {"posts", h.outcomes().size()},
                    {"with_retention", with_retention}};
  if (h.outcomes().size() < kMinViralityHistory) {
    out["status"] = "not_enough_data";
    out["sample_size"] = h.outcomes().size();
    out["message"] = "not enough history to predict: " + std::to_string(h.outcomes().size()) +
                     " posts in the window; need at least " + std::to_string(kMinViralityHistory);
    return out;
  }
  out["status"] = "ok";
  const std::array<ViralityComponent, 4> comp = {h.retention(c), h.engagement(c), h.quality(c), h.timing(c)};
  const Scored scored = score_history(h);
  const Weights weights = choose_weights(scored, options.seed);
  const double score = virality_composite(comp, weights.w);
  out["virality_score"] = round_to(score, 2);
  nlohmann::ordered_json wj = nlohmann::ordered_json::object(), cj = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < 4; ++k) {
    wj[virality_component_names()[k]] = round_to(weights.w[k], 4);
    cj[virality_component_names()[k]] = component_json(comp[k]);
  }
  out["weights"] = wj;
  out["weights_source"] = weights.source;
  out["weights_reason"] = weights.reason;
  out["components"] = cj;

  // Comparable posts: same platform and type, else same platform, else all.
  std::vector<double> views, rates;
  std::string basis;
  for (int level = 0; level < 3 && views.size() < kMinGroup; ++level) {
    views.clear();
    rates.clear();
    for (const OutcomeRow& r : h.outcomes()) {
      const bool match = level == 0   ? (r.platform == c.platform && r.bandit_arm == c.content_type)
                         : level == 1 ? r.platform == c.platform
                                      : true;
      if (match) {
        views.push_back(r.impressions);
        rates.push_back(r.engagement_rate);
      }
    }
    basis = level == 0   ? "platform=" + c.platform + ", content_type=" + c.content_type
            : level == 1 ? "platform=" + c.platform
                         : "all posts";
  }
  const std::string method =
      "median and 10th-90th percentiles of " + std::to_string(views.size()) + " comparable posts (" + basis + ")";
  out["predicted_views"] = interval(views, 0);
  out["predicted_views"]["coverage"] = 0.8;
  out["predicted_views"]["method"] = method;
  out["predicted_engagement_rate"] = interval(rates, 6);
  out["predicted_engagement_rate"]["coverage"] = 0.8;
  out["predicted_engagement_rate"]["method"] = method;

  // Factors: each component's contribution, against the history's average for that component.
  std::array<double, 4> avg{};
  for (const auto& x : scored.x) {
    for (std::size_t k = 0; k < 4; ++k) avg[k] += x[k] / static_cast<double>(scored.x.size());
  }
  double weight_known = 0;
  for (std::size_t k = 0; k < 4; ++k) weight_known += comp[k].known ? weights.w[k] : 0;
  std::vector<nlohmann::ordered_json> factors;
  for (std::size_t k = 0; k < 4; ++k) {
    if (!comp[k].known) continue;
    const double contribution = weight_known > 0 ? 100 * weights.w[k] * comp[k].value / weight_known : 0;
    const nlohmann::ordered_json history_avg =
        scored.x.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(round_to(avg[k], 4));
    const std::string effect = scored.x.empty()                ? "unknown"
                               : comp[k].value > avg[k] + 0.02 ? "above average"
                               : comp[k].value < avg[k] - 0.02 ? "below average"
                                                               : "average";
    factors.push_back({{"factor", virality_component_names()[k]},
                       {"value", round_to(comp[k].value, 4)},
                       {"weight", round_to(weights.w[k], 4)},
                       {"contribution", round_to(contribution, 2)},
                       {"history_average", history_avg},
                       {"effect", effect}});
  }
  std::stable_sort(factors.begin(), factors.end(), [](const auto& a, const auto& b) {
    return a["contribution"].template get<double>() > b["contribution"].template get<double>();
  });
  out["contributing_factors"] = factors;

  // Recommendations.
  std::vector<double> history_scores;
  for (const auto& x : scored.x) history_scores.push_back(100 * dot(weights.w, x));
  const double threshold = history_scores.empty() ? 50 : analytics::quantile(history_scores, kBoostQuantile);
  BestTimeOptions bt;
  bt.platform = c.platform;
  bt.resamples = 0;
  const nlohmann::ordered_json best_time = compute_best_time(h.outcomes(), {}, bt, from, to);
  std::string best_platform;
  double best_platform_rate = -1;
  std::map<std::string, std::pair<double, std::size_t>> by_platform;
  for (const OutcomeRow& r : h.outcomes()) {
    if (r.bandit_arm != c.content_type || r.platform.empty()) continue;
    by_platform[r.platform].first += r.engagement_rate;
    ++by_platform[r.platform].second;
  }
  for (const auto& [p, s] : by_platform) {
    if (s.second < kMinGroup) continue;
    const double m = s.first / static_cast<double>(s.second);
    if (m > best_platform_rate) {
      best_platform_rate = m;
      best_platform = p;
    }
  }
  nlohmann::ordered_json rec;
  rec["boost_recommended"] = score >= threshold;
  rec["boost_threshold"] = round_to(threshold, 2);
  rec["boost_rule"] = "boost when the score reaches the 70th percentile of the scored history (" +
                      std::to_string(history_scores.size()) + " posts)";
  rec["optimal_hour_utc"] = best_time["best_hours"].empty() ? nlohmann::ordered_json() : best_time["best_hours"][0];
  rec["best_hours_utc"] = best_time["best_hours"];
  rec["best_days"] = best_time["best_days"];
  rec["best_platform"] = best_platform.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(best_platform);
  std::vector<std::string> actions;
  actions.push_back(score >= threshold
                        ? "Boost: the score " + format_number(round_to(score, 1)) + " is in the top 30% of recent posts"
                        : "Do not boost: the score " + format_number(round_to(score, 1)) +
                              " is below the top-30% mark " + format_number(round_to(threshold, 1)));
  if (!best_time["best_hours"].empty() && best_time["best_hours"][0].get<int>() != c.posted_hour)
    actions.push_back("Post at " + analytics::hour_label(best_time["best_hours"][0].get<int>()) +
                      " UTC, the best hour on " + c.platform);
  if (!best_platform.empty() && best_platform != c.platform)
    actions.push_back("Consider " + best_platform + ": " + c.content_type + " engages " +
                      format_number(round_to(best_platform_rate * 100, 2)) + "% there");
  if (comp[0].known && comp[0].value < 0.4)
    actions.push_back("Expect weak retention for this type, hook and length: tighten the opening");
  rec["actions"] = actions;
  out["recommendations"] = rec;
  out["unused_fields"] = unused;
  return out;
}

Result<nlohmann::ordered_json> predict_virality(Database& db, const nlohmann::json& content,
                                                const ViralityOptions& options) {
  std::vector<std::string> unused;
  Result<ContentFeatures> features = parse_content_features(content, &unused);
  if (!features.ok()) return features.error();
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::pair<DayNumber, DayNumber>> window = analytics::analysis_window(db, options.date, options.days);
  if (!window.ok()) return window.error();
  std::vector<OutcomeRow> rows;
  std::vector<RetentionRow> retention;
  if (window.value().first >= 0) {
    Result<std::vector<OutcomeRow>> read = read_outcome_rows(db, window.value().first, window.value().second);
    if (!read.ok()) return read.error();
    rows = std::move(read).value();
    Result<std::vector<RetentionRow>> ret = read_retention_rows(db, window.value().first, window.value().second);
    if (!ret.ok()) return ret.error();
    retention = std::move(ret).value();
  }
  const ViralityHistory history(std::move(rows), retention);
  return compute_virality(history, features.value(), unused, options, window.value().first, window.value().second);
}

std::string render_virality_text(const nlohmann::ordered_json& r) {
  std::string out = "virality of " +
                    (r["content_id"].is_null() ? std::string("the content") : r["content_id"].get<std::string>()) +
                    " on " + r["platform"].get<std::string>() + "\n";
  if (r["status"] != "ok") return out + "  " + r["message"].get<std::string>() + "\n";
  out += "  score             " + format_number(r["virality_score"].get<double>()) + " / 100 (" +
         r["weights_source"].get<std::string>() + " weights)\n";
  for (const auto& [name, c] : r["components"].items())
    out += "  " + name + std::string(18 - name.size(), ' ') +
           (c["value"].is_null() ? std::string("-") : format_number(c["value"].get<double>())) + "  " +
           c["basis"].get<std::string>() + "\n";
  const auto& v = r["predicted_views"];
  const auto& e = r["predicted_engagement_rate"];
  out += "  views             " + format_number(v["value"].get<double>()) +
         " (80%: " + format_number(v["lower"].get<double>()) + " to " + format_number(v["upper"].get<double>()) + ")\n";
  out += "  engagement rate   " + format_number(round_to(e["value"].get<double>() * 100, 2)) +
         "% (80%: " + format_number(round_to(e["lower"].get<double>() * 100, 2)) + "% to " +
         format_number(round_to(e["upper"].get<double>() * 100, 2)) + "%)\n";
  out += "  weights           " + r["weights_reason"].get<std::string>() + "\n";
  for (const auto& a : r["recommendations"]["actions"]) out += "  - " + a.get<std::string>() + "\n";
  return out;
}

}  // namespace learnloop
