// Reading the job's bandit options from JSON (the JS package) and timing arms from text (the CLI).
// Range checks beyond the shapes (discount, floor x arms, known arms) are the bandits' own, when
// the job applies the options.
#include "learnloop/pipelines/job_bandit_options.hpp"

#include <set>
#include <sstream>

#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"

namespace learnloop {

std::string timing_arm_id(int hour) { return std::string("h") + (hour < 10 ? "0" : "") + std::to_string(hour); }

int timing_arm_hour(const std::string& arm) {
  if (arm.size() != 3 || arm[0] != 'h' || arm[1] < '0' || arm[1] > '2' || arm[2] < '0' || arm[2] > '9') return -1;
  const int hour = (arm[1] - '0') * 10 + (arm[2] - '0');
  return hour <= 23 ? hour : -1;
}

Result<std::string> timing_arm_from_json(const nlohmann::json& value, const std::string& where) {
  if (value.is_number_integer() && value.get<long long>() >= 0 && value.get<long long>() <= 23)
    return timing_arm_id(static_cast<int>(value.get<long long>()));
  if (value.is_string() && timing_arm_hour(value.get<std::string>()) >= 0) return value.get<std::string>();
  return invalid_argument(where + " holds " + value.dump() +
                          "; expected an hour (integer 0-23, UTC) or a timing arm id \"h00\"..\"h23\"");
}

Result<std::vector<std::string>> timing_arms_from_text(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream items(text);
  std::string item;
  auto hour_of = [](const std::string& s) -> int {
    if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
    const int h = std::stoi(s);
    return h <= 23 ? h : -1;
  };
  while (std::getline(items, item, ',')) {
    const std::size_t dash = item.find('-');
    if (dash != std::string::npos) {
      const int from = hour_of(item.substr(0, dash));
      const int to = hour_of(item.substr(dash + 1));
      if (from < 0 || to < from)
        return invalid_argument("'" + item + "' is not a range of hours; expected FROM-TO with 0 <= FROM <= TO <= 23");
      for (int h = from; h <= to; ++h) out.push_back(timing_arm_id(h));
    } else if (hour_of(item) >= 0) {
      out.push_back(timing_arm_id(hour_of(item)));
    } else if (timing_arm_hour(item) >= 0) {
      out.push_back(item);
    } else {
      return invalid_argument("'" + item +
                              "' is not an hour; expected hours 0-23, ranges such as 6-23, or arm ids h00..h23");
    }
  }
  if (out.empty()) return invalid_argument("the allowed hours are empty; expected at least one hour");
  return out;
}

Result<JobBanditOptions> job_bandit_options_from_json(const nlohmann::json& value, bool timing,
                                                      const std::string& where) {
  JobBanditOptions o;
  if (value.is_null()) return o;
  if (!value.is_object()) return invalid_argument(where + " must be an object {discount, window, floor, allowed}");
  static const std::set<std::string> kKnown = {"discount", "window", "floor", "allowed"};
  for (const auto& item : value.items()) {
    if (!kKnown.count(item.key()))
      return invalid_argument(where + ": unknown option '" + item.key() +
                              "'; expected some of: allowed, discount, floor, window");
  }
  for (auto [key, field] : {std::pair{"discount", &o.discount}, std::pair{"floor", &o.floor}}) {
    if (!value.contains(key)) continue;
    double v = 0;
    if (Status s = read_json_number(value, key, &v); !s.ok())
      return Error{s.error().code, where + "." + s.error().message};
    *field = v;
  }
  if (value.contains("window")) {
    std::size_t w = 0;
    if (Status s = read_json_integer(value, "window", 0, &w); !s.ok())
      return Error{s.error().code, where + "." + s.error().message};
    o.window = w;
  }
  if (value.contains("allowed")) {
    const nlohmann::json& list = value["allowed"];
    if (!list.is_array())
      return invalid_argument(where + ".allowed must be a list of " + (timing ? "hours or arm ids" : "arm names"));
    std::vector<std::string> arms;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = where + ".allowed[" + std::to_string(i) + "]";
      if (timing) {
        Result<std::string> arm = timing_arm_from_json(list[i], at);
        if (!arm.ok()) return arm.error();
        arms.push_back(arm.value());
      } else {
        if (!list[i].is_string()) return invalid_argument(at + " holds " + list[i].dump() + "; expected an arm name");
        arms.push_back(list[i].get<std::string>());
      }
    }
    if (arms.empty()) return invalid_argument(where + ".allowed is empty; expected at least one arm");
    o.allowed = arms;
  }
  return o;
}

}  // namespace learnloop
