// The report's "when to post" answer (see when_to_post.hpp): the hour finding in plain words and
// the timing bandit's ranking beside it. Hours arrive as "13:00" labels and leave as integers.
#include "learnloop/analytics/when_to_post.hpp"

#include <cctype>
#include <string>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

// 13 from "13:00" (or from the bandit's arm id "h13"); -1 when it is neither.
int hour_of(const std::string& label) {
  const std::size_t at = !label.empty() && label[0] == 'h' ? 1 : 0;
  if (label.size() < at + 2 || !std::isdigit(static_cast<unsigned char>(label[at])) ||
      !std::isdigit(static_cast<unsigned char>(label[at + 1])))
    return -1;
  const int h = (label[at] - '0') * 10 + (label[at + 1] - '0');
  return h < 24 ? h : -1;
}

nlohmann::ordered_json hour_or_null(const std::string& label) {
  const int h = hour_of(label);
  return h < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(h);
}

}  // namespace

nlohmann::ordered_json when_to_post_json(const Finding& hours, const nlohmann::ordered_json& bandits) {
  nlohmann::ordered_json out;
  out["status"] = hours.status;
  out["best_hour"] = hours.status == "not_enough_data" ? nlohmann::ordered_json() : hour_or_null(hours.best);
  out["runner_up_hour"] = hours.status == "not_enough_data" ? nlohmann::ordered_json() : hour_or_null(hours.runner_up);
  out["chance_beats_runner_up"] =
      hours.status == "not_enough_data" ? nlohmann::ordered_json() : nlohmann::ordered_json(round_to(hours.chance, 4));
  if (hours.status == "clear")
    out["answer"] = "Post at " + hours.best + " UTC: it beats " + hours.runner_up + " UTC (" +
                    format_percent(hours.best_mean) + " vs " + format_percent(hours.runner_up_mean) +
                    " mean engagement) with " + chance_percent(hours.chance) + " probability";
  else if (hours.status == "no_clear_difference")
    out["answer"] = "No clear best hour yet: " + hours.best + " and " + hours.runner_up + " UTC are within noise (" +
                    format_percent(hours.best_mean) + " vs " + format_percent(hours.runner_up_mean) + ", " +
                    chance_percent(hours.chance) + " probability; a finding needs " +
                    format_number(kClearFindingChance * 100) + "%): keep posting at both to learn which is better";
  else
    out["answer"] = "Not enough posts with a known hour to say when to post: fewer than two hours have " +
                    std::to_string(kMinFindingPosts) + " posts in the window";

  nlohmann::ordered_json bandit = nullptr;
  const nlohmann::ordered_json* timing =
      bandits.is_object() && bandits.contains("timing") ? &bandits["timing"] : nullptr;
  if (timing && timing->contains("best_hours") && !(*timing)["best_hours"].empty()) {
    nlohmann::ordered_json ranked = nlohmann::ordered_json::array();
    for (const auto& arm : (*timing)["best_hours"]) ranked.push_back(hour_or_null(arm.value("arm", "")));
    const int bandit_top = ranked[0].is_number() ? ranked[0].get<int>() : -1;
    const bool agrees = hours.status != "clear" || bandit_top == hour_of(hours.best);
    std::string note;
    if (hours.status != "clear")
      note = "the timing bandit" +
             (bandit_top >= 0
                  ? " ranks " + hour_label(bandit_top) + " UTC first by success rate over every learned day and"
                  : std::string()) +
             " keeps trying hours until one clearly wins";
    else if (agrees)
      note = "the timing bandit ranks " + hours.best + " UTC first too";
    else
      note = "the timing bandit ranks " + hour_label(bandit_top) +
             " UTC first: it counts posts above the success threshold over every learned day, while this answer "
             "compares mean engagement in the report's window; the answer follows the window, which reflects "
             "current performance";
    bandit = {{"best_hours", ranked}, {"agrees", agrees}, {"note", note}};
  }
  out["timing_bandit"] = bandit;
  return out;
}

}  // namespace learnloop
