// Internal: the parts of the virality predictor that its files share: the smallest group the
// estimates trust, the history scored on the four components, the choice between learned and fixed
// weights, and the recommendations. No I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/analytics/virality.hpp"

namespace learnloop::virality {

/// Fewest posts a history group (or a platform) needs before an estimate rests on it.
constexpr std::size_t kMinGroup = 5;

/// The weights of a prediction and why they were chosen.
struct Weights {
  std::array<double, 4> w = kFixedViralityWeights;  ///< retention, engagement, quality, timing
  std::string source = "fixed";                     ///< "fixed" or "learned"
  std::string reason;                               ///< why, with the held-out figures when ridge ran
};

/// Components of every history post that has all four (in-sample estimates).
struct Scored {
  std::vector<std::array<double, 4>> x;  ///< the four components of each such post
  std::vector<double> y;                 ///< its engaged views (impressions x engagement rate)
};

/// The history's posts that have all four components, with their engaged views.
Scored score_history(const ViralityHistory& history);

/// The timing component of content posted at `posted_hour` (-1: not planned) on `platform`: mean engagement at its
/// hour / at the best hour, from `own` (the platform's sums by hour; null when none) or else `all` (all platforms').
ViralityComponent timing_over_hours(std::string_view platform, int posted_hour, const std::array<RateSum, 24>* own,
                                    const std::array<RateSum, 24>* all);

/// a . b over the four components.
double dot(const std::array<double, 4>& a, const std::array<double, 4>& b);

/// Ridge on the components against the percentile of engaged views; the learned weights (negative coefficients
/// clipped to 0, normalised to sum 1) are used when they rank held-out posts better than the fixed ones.
Weights choose_weights(const Scored& scored, std::uint64_t seed);

/// The "recommendations" object: boost or not against the scored history, best hours and days, best platform,
/// and the actions as sentences.
nlohmann::ordered_json recommendations(const ViralityHistory& history, const ContentFeatures& content,
                                       const std::array<ViralityComponent, 4>& components, const Scored& scored,
                                       const Weights& weights, double score, DayNumber from, DayNumber to);

}  // namespace learnloop::virality
