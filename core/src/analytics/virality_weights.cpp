// Virality weights: the history scored on the four components, and the choice between the spec's
// fixed weights and weights learned by ridge regression, decided on held-out posts.
#include <algorithm>

#include "analytics_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/dataset.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "learnloop/predictors/split.hpp"
#include "virality_parts.hpp"

namespace learnloop::virality {
namespace {

// Observed success of a history post: its engaged views (impressions x engagement rate).
double engaged_views(const OutcomeRow& r) { return r.impressions * r.engagement_rate; }

}  // namespace

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

}  // namespace learnloop::virality
