// The one answer to "when should we post": the posting hour whose mean engagement in the window
// beats the runner-up under the finding rule (clear_finding.hpp), set beside the timing bandit's
// ranking, saying whether they agree and, when not, which one the answer follows and why. The
// report, its text and the dashboard all show this answer; nothing else names a best hour.
#pragma once

#include <nlohmann/json.hpp>

#include "learnloop/analytics/clear_finding.hpp"

namespace learnloop {

/// {status, best_hour, runner_up_hour, chance_beats_runner_up, answer, timing_bandit}; hours are integers 0-23 UTC.
nlohmann::ordered_json when_to_post_json(const Finding& hours, const nlohmann::ordered_json& bandits);

}  // namespace learnloop
