// Best time to post per platform (spec 000): mean engagement rate by UTC posting hour and by
// weekday over a window of outcomes, the top 3 hours and days, and a confidence with its method:
// the timing bandit's Beta posteriors (bandit_arms scope 'timing') when present, else a seeded
// bootstrap. Too little data is an answer ("not_enough_data" with the sample size), not an error.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// Settings of a best-time analysis.
struct BestTimeOptions {
  std::string platform;    ///< platform to analyse (required)
  std::string date;        ///< last day of the window (YYYY-MM-DD); "" = the latest day an outcome was collected
  int days = 28;           ///< window length in days (28 = four of each weekday), 1 to 3660
  std::uint64_t seed = 0;  ///< seed of the bootstrap and posterior draws
  int resamples = 1000;    ///< bootstrap resamples and posterior draws; 0 skips the confidence
};

/// One hour arm of the timing bandit: Beta(alpha, beta) posterior of P(engagement above threshold).
struct HourPosterior {
  int hour = 0;            ///< 0-23 UTC
  double alpha = 1;        ///< successes + prior
  double beta = 1;         ///< failures + prior
  std::int64_t pulls = 0;  ///< outcomes counted
};

/// Fewest posts an hour or weekday needs to be ranked.
constexpr std::size_t kMinPostsPerSlot = 3;

/// Fewest posts of the platform for an answer other than "not_enough_data".
constexpr std::size_t kMinBestTimeSample = 20;

/// The analysis over `rows` (outcomes of the window [from, to]) for options.platform; `timing` may be empty.
nlohmann::ordered_json compute_best_time(const std::vector<OutcomeRow>& rows, const std::vector<HourPosterior>& timing,
                                         const BestTimeOptions& options, DayNumber from, DayNumber to);

/// The timing bandit's arms from bandit_arms (scope 'timing', arms "h00".."h23"); empty when the job never ran.
Result<std::vector<HourPosterior>> read_timing_posterior(Database& db);

/// Reads the window and the timing posterior from `db` and runs compute_best_time(); errors only for bad options.
Result<nlohmann::ordered_json> best_time_to_post(Database& db, const BestTimeOptions& options);

}  // namespace learnloop
