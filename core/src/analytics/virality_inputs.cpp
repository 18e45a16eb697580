// Virality input: parses and checks the content JSON a prediction is asked for (types, ranges,
// the accepted aliases) and lists the keys it does not use.
#include <algorithm>
#include <cmath>

#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {

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
  for (const Status& s :
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
  static const std::vector<std::string> kKnown = {"content_id",  "platform",      "content_type",     "bandit_arm",
                                                  "hook_type",   "quality_score", "duration_seconds", "duration",
                                                  "posted_hour", "posted_at"};
  if (unused) {
    for (const auto& [k, v] : j.items()) {
      if (std::find(kKnown.begin(), kKnown.end(), k) == kKnown.end()) unused->push_back(k);
    }
  }
  return f;
}

}  // namespace learnloop
