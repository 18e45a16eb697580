// Virality predictor (see virality.hpp): assembles the JSON result of a prediction (history,
// score, weights, components, intervals from comparable posts, contributing factors,
// recommendations) from the parts in virality_inputs.cpp, virality_history.cpp,
// virality_weights.cpp and virality_recommendations.cpp; predict_virality() reads its history through the store.
#include "learnloop/analytics/virality.hpp"

#include <algorithm>

#include "analytics_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/store/analysis_window.hpp"
#include "virality_parts.hpp"

namespace learnloop {
namespace {

nlohmann::ordered_json component_json(const ViralityComponent& c) {
  if (!c.known) return {{"value", nullptr}, {"basis", c.basis}};
  return {{"value", round_to(c.value, 4)}, {"basis", c.basis}, {"posts", c.posts}};
}

nlohmann::ordered_json interval(const std::vector<double>& values, int places) {
  return {{"value", round_to(analytics::quantile(values, 0.5), places)},
          {"lower", round_to(analytics::quantile(values, 0.1), places)},
          {"upper", round_to(analytics::quantile(values, 0.9), places)}};
}

/// predicted_views and predicted_engagement_rate: 80% intervals from comparable posts (same platform and type,
/// else same platform, else all posts).
void add_predicted_intervals(const ViralityHistory& h, const ContentFeatures& c, nlohmann::ordered_json& out) {
  std::vector<double> views, rates;
  std::string basis;
  for (int level = 0; level < 3 && views.size() < virality::kMinGroup; ++level) {
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
}

/// Each known component's contribution to the score, against the history's average for that component, largest
/// first.
std::vector<nlohmann::ordered_json> contributing_factors(const std::array<ViralityComponent, 4>& comp,
                                                         const virality::Scored& scored,
                                                         const virality::Weights& weights) {
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
    if (scored.x.empty())
      factors.back()["effect_reason"] =
          "no past post in the window has all four components to compare with (retention needs retention_metrics "
          "rows, quality a quality_score, timing a posted_at hour)";
  }
  std::stable_sort(factors.begin(), factors.end(), [](const auto& a, const auto& b) {
    return a["contribution"].template get<double>() > b["contribution"].template get<double>();
  });
  return factors;
}

}  // namespace

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
  const virality::Scored scored = virality::score_history(h);
  const virality::Weights weights = virality::choose_weights(scored, options.seed);
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
  add_predicted_intervals(h, c, out);
  out["contributing_factors"] = contributing_factors(comp, scored, weights);
  out["recommendations"] = virality::recommendations(h, c, comp, scored, weights, score, from, to);
  out["unused_fields"] = unused;
  return out;
}

Result<nlohmann::ordered_json> predict_virality(Database& db, const nlohmann::json& content,
                                                const ViralityOptions& options) {
  std::vector<std::string> unused;
  Result<ContentFeatures> features = parse_content_features(content, &unused);
  if (!features.ok()) return features.error();
  Result<WindowHistory> window = read_window_history(db, options.date, options.days, /*with_retention=*/true);
  if (!window.ok()) return window.error();
  WindowHistory& w = window.value();
  const ViralityHistory history(std::move(w.outcomes), w.retention);
  return compute_virality(history, features.value(), unused, options, w.from, w.to);
}

}  // namespace learnloop
