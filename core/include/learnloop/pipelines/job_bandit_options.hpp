// The learning job's bandit options (issue 18 item 8): forgetting (discount or window), the
// exploration floor and the allowed arms of the content and the timing bandit. They are stored
// with the bandits' state, so a service that serves from the store decides as the job configured.
// Timing arms are "h00".."h23"; options naming them accept the hour (0-23) or the arm id.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Options of one of the job's bandits; an option left out keeps what the stored state says.
struct JobBanditOptions {
  std::optional<double> discount;                   ///< discount in (0, 1] (only when the bandit is first made)
  std::optional<std::size_t> window;                ///< sliding window of rewards per arm (only when first made)
  std::optional<double> floor;                      ///< least probability of each allowed arm when serving
  std::optional<std::vector<std::string>> allowed;  ///< arms the bandit may serve (arm ids)
};

/// The timing bandit's arm id of `hour` (0-23): "h00".."h23".
std::string timing_arm_id(int hour);

/// The hour (0-23) of a timing arm id "h00".."h23", or -1 for any other name.
int timing_arm_hour(const std::string& arm);

/// A timing arm named by an hour (integer 0-23) or an arm id ("h07"); errors name `where`.
Result<std::string> timing_arm_from_json(const nlohmann::json& value, const std::string& where);

/// Timing arms from text: comma-separated hours, ranges of hours ("6-23") or arm ids ("h07").
Result<std::vector<std::string>> timing_arms_from_text(const std::string& text);

/// Reads {discount, window, floor, allowed} (unknown keys refused); `timing` reads allowed arms as hours or ids.
Result<JobBanditOptions> job_bandit_options_from_json(const nlohmann::json& value, bool timing,
                                                      const std::string& where);

}  // namespace learnloop
