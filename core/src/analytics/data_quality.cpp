// EMQ scoring: a field counts when it holds a usable value (an email or a SHA-256 hash of one, a
// phone number of 7-15 digits or its hash, an IPv4/IPv6 address, a non-empty id or user agent).
// Present-but-unusable fields are listed as invalid, with why, never with the value itself.
#include "learnloop/analytics/data_quality.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMaxListedMalformed = 100;

// Keys that carry each canonical field (Meta Conversions API short names included).
const std::map<std::string, std::vector<std::string>>& field_keys() {
  static const std::map<std::string, std::vector<std::string>> kKeys = {
      {"email", {"email", "em"}},
      {"phone", {"phone", "ph"}},
      {"click_id", {"click_id", "fbc", "fbclid"}},
      {"gclid", {"gclid"}},
      {"ip_address", {"ip_address", "client_ip_address", "ip"}},
      {"user_agent", {"user_agent", "client_user_agent"}},
      {"external_id", {"external_id"}}};
  return kKeys;
}

std::string trimmed(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

bool is_email(const std::string& s) {
  const std::size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  if (s.find_first_of(" \t,;<>") != std::string::npos) return false;
  const std::size_t dot = s.find('.', at + 2);
  return dot != std::string::npos && dot + 1 < s.size();
}

bool is_phone(const std::string& s) {
  std::size_t digits = 0;
  for (unsigned char c : s) {
    if (std::isdigit(c))
      ++digits;
    else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')' && c != '.')
      return false;
  }
  return digits >= 7 && digits <= 15;
}

bool is_ipv4(const std::string& s) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(s.find('.', start), s.size());
    const std::string part = s.substr(start, end - start);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
      return false;
    if (std::stoi(part) > 255) return false;
    ++parts;
    if (end == s.size()) break;
    start = end + 1;
  }
  return parts == 4;
}

bool is_ipv6(const std::string& s) {
  if (s.size() < 2 || s.size() > 45 || s.find(':') == std::string::npos) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
}

// Empty when `value` is usable for `field`, else why not (never quoting the value).
std::string problem(const std::string& field, const nlohmann::json& value) {
  if (value.is_array()) {
    if (value.empty()) return "is an empty list";
    std::string first;
    for (const nlohmann::json& v : value) {
      std::string p = problem(field, v);
      if (p.empty()) return "";
      if (first.empty()) first = p;
    }
    return first;
  }
  if (value.is_null()) return "is null";
  if (value.is_number_integer() || value.is_number_unsigned()) {
    if (field == "external_id") return "";
    if (field == "phone")
      return is_phone(std::to_string(value.get<long long>())) ? "" : "is not a phone number of 7-15 digits";
    return "is a number; expected text";
  }
  if (!value.is_string()) return "is " + std::string(value.type_name()) + "; expected text";
  const std::string s = trimmed(value.get<std::string>());
  if (s.empty()) return "is empty";
  if (field == "email")
    return is_sha256_hex(s) || is_email(s) ? "" : "is not an email address or a SHA-256 hash of one";
  if (field == "phone")
    return is_sha256_hex(s) || is_phone(s) ? "" : "is not a phone number of 7-15 digits or a SHA-256 hash of one";
  if (field == "ip_address") return is_ipv4(s) || is_ipv6(s) ? "" : "is not an IPv4 or IPv6 address";
  if (field == "user_agent") return s.size() >= 8 ? "" : "is too short to be a user agent";
  return "";
}

// The value of `field` in `event` (top level first, then user_data), or null when absent.
const nlohmann::json* find_field(const nlohmann::json& event, const std::string& field) {
  for (const nlohmann::json* scope :
       {&event, event.contains("user_data") && event["user_data"].is_object() ? &event["user_data"] : nullptr}) {
    if (scope == nullptr) continue;
    for (const std::string& key : field_keys().at(field)) {
      auto it = scope->find(key);
      if (it != scope->end()) return &*it;
    }
  }
  return nullptr;
}

const char* quality_level(double score) {
  return score >= 80 ? "excellent" : score >= 60 ? "good" : score >= 40 ? "fair" : "poor";
}

const char* impact_of(double score) {
  return score >= 80   ? "~95% attribution accuracy"
         : score >= 60 ? "~80% attribution accuracy"
         : score >= 40 ? "~60% attribution accuracy"
                       : "<40% attribution accuracy - significant loss";
}

std::string advice(const std::string& field) {
  if (field == "email") return "send the customer's email, trimmed, lowercased and SHA-256 hashed";
  if (field == "phone") return "send the phone number with country code (E.164), SHA-256 hashed";
  if (field == "click_id")
    return "capture the fbclid from the landing URL (or the _fbc cookie) and send it as click_id";
  if (field == "gclid") return "capture the gclid from the landing URL and send it with the conversion";
  if (field == "ip_address") return "send the client IP address of the request that triggered the event";
  if (field == "user_agent") return "send the client user agent of that request";
  return "send your stable customer id as external_id";
}

std::string weight_pct(double w) { return format_number(std::round(w * 1000) / 10) + "%"; }

// Field-level result of one event.
struct EventFields {
  double score = 0;
  std::vector<std::string> missing;
  nlohmann::ordered_json invalid = nlohmann::ordered_json::array();
  std::vector<bool> valid;
};

EventFields score_fields(const nlohmann::json& event, const std::vector<EmqFieldWeight>& weights) {
  EventFields f;
  for (const EmqFieldWeight& w : weights) {
    const nlohmann::json* value = find_field(event, w.field);
    const std::string why = value ? problem(w.field, *value) : "absent";
    const bool ok = why.empty();
    f.valid.push_back(ok);
    if (ok) {
      f.score += w.weight * 100;
    } else {
      f.missing.push_back(w.field);
      if (value) f.invalid.push_back({{"field", w.field}, {"reason", why}});
    }
  }
  f.score = round_to(f.score, 1);
  return f;
}

nlohmann::ordered_json event_json(const EventFields& f, const std::vector<EmqFieldWeight>& weights) {
  nlohmann::ordered_json recs = nlohmann::ordered_json::array();
  for (const EmqFieldWeight& w : weights) {
    if (std::find(f.missing.begin(), f.missing.end(), w.field) != f.missing.end())
      recs.push_back(w.field + " (" + weight_pct(w.weight) + " of the score): " + advice(w.field));
  }
  nlohmann::ordered_json out;
  out["score"] = f.score;
  out["level"] = quality_level(f.score);
  out["missing_fields"] = f.missing;
  out["invalid_fields"] = f.invalid;
  out["roas_impact_estimate"] = impact_of(f.score);
  out["recommendations"] = std::move(recs);
  return out;
}

}  // namespace

const std::vector<std::string>& emq_platforms() {
  static const std::vector<std::string> kNames = {"meta", "google"};
  return kNames;
}

Result<std::vector<EmqFieldWeight>> emq_field_weights(const std::string& platform) {
  if (platform == "meta")
    return std::vector<EmqFieldWeight>{{"email", 0.25},      {"phone", 0.20},      {"click_id", 0.20},
                                       {"ip_address", 0.15}, {"user_agent", 0.10}, {"external_id", 0.10}};
  if (platform == "google")
    return std::vector<EmqFieldWeight>{{"email", 0.25},      {"phone", 0.20},      {"gclid", 0.25},
                                       {"ip_address", 0.10}, {"user_agent", 0.10}, {"external_id", 0.10}};
  return invalid_argument("unknown platform '" + platform + "'; expected meta or google");
}

Result<nlohmann::ordered_json> analyze_event_quality(const nlohmann::json& event, const std::string& platform) {
  Result<std::vector<EmqFieldWeight>> weights = emq_field_weights(platform);
  if (!weights.ok()) return weights.error();
  if (!event.is_object())
    return invalid_argument("an event must be a JSON object of fields (email, phone, ...); got " +
                            std::string(event.type_name()));
  return event_json(score_fields(event, weights.value()), weights.value());
}

Result<nlohmann::ordered_json> analyze_event_quality_batch(const std::string& jsonl, const std::string& platform) {
  Result<std::vector<EmqFieldWeight>> weights = emq_field_weights(platform);
  if (!weights.ok()) return weights.error();
  const std::vector<EmqFieldWeight>& w = weights.value();
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  nlohmann::ordered_json malformed = nlohmann::ordered_json::array();
  std::size_t malformed_count = 0, count = 0;
  double score_sum = 0;
  std::map<std::string, std::size_t> levels = {{"excellent", 0}, {"good", 0}, {"fair", 0}, {"poor", 0}};
  std::vector<std::size_t> valid_count(w.size(), 0);
  std::size_t line = 0, start = 0;
  while (start < jsonl.size()) {
    const std::size_t end = std::min(jsonl.find('\n', start), jsonl.size());
    std::string body = jsonl.substr(start, end - start);
    ++line;
    start = end + 1;
    if (!body.empty() && body.back() == '\r') body.pop_back();
    if (body.find_first_not_of(" \t") == std::string::npos) continue;
    Result<nlohmann::json> parsed = parse_json(body);
    std::string error = !parsed.ok()                  ? parsed.error().message
                        : !parsed.value().is_object() ? "expected a JSON object of event fields"
                                                      : "";
    if (!error.empty()) {
      if (malformed.size() < kMaxListedMalformed) malformed.push_back({{"line", line}, {"error", error}});
      ++malformed_count;
      continue;
    }
    const EventFields f = score_fields(parsed.value(), w);
    nlohmann::ordered_json e;
    e["line"] = line;
    const auto id = parsed.value().find("event_id");
    e["event_id"] = id != parsed.value().end() && (id->is_string() || id->is_number())
                        ? nlohmann::ordered_json(*id)
                        : nlohmann::ordered_json(nullptr);
    const nlohmann::ordered_json scored = event_json(f, w);
    for (const auto& [k, v] : scored.items()) e[k] = v;
    events.push_back(std::move(e));
    ++count;
    score_sum += f.score;
    ++levels[quality_level(f.score)];
    for (std::size_t i = 0; i < w.size(); ++i) valid_count[i] += f.valid[i] ? 1 : 0;
  }
  if (count == 0)
    return invalid_argument("no events to score: " + std::to_string(malformed_count) + " malformed of " +
                            std::to_string(malformed_count) + " non-empty lines" +
                            (malformed.empty() ? ""
                                               : " (line " + malformed[0]["line"].dump() + ": " +
                                                     malformed[0]["error"].get<std::string>() + ")") +
                            "; expected one JSON object per line");
  const double mean = round_to(score_sum / static_cast<double>(count), 1);
  nlohmann::ordered_json coverage = nlohmann::ordered_json::object();
  std::vector<std::pair<double, std::size_t>> gaps;  // (weight lost per event, field index)
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double share = static_cast<double>(valid_count[i]) / static_cast<double>(count);
    coverage[w[i].field] = round_to(share, 4);
    if (valid_count[i] < count) gaps.emplace_back(w[i].weight * (1 - share), i);
  }
  std::stable_sort(gaps.begin(), gaps.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  nlohmann::ordered_json recs = nlohmann::ordered_json::array();
  for (const auto& [lost, i] : gaps) {
    recs.push_back(w[i].field + " is usable in " +
                   format_number(std::round(coverage[w[i].field].get<double>() * 1000) / 10) +
                   "% of events; filling it in everywhere adds up to " + format_number(round_to(lost * 100, 1)) +
                   " points to the mean score: " + advice(w[i].field));
  }
  nlohmann::ordered_json summary;
  summary["events"] = count;
  summary["malformed_lines"] = malformed_count;
  summary["mean_score"] = mean;
  summary["level"] = quality_level(mean);
  summary["roas_impact_estimate"] = impact_of(mean);
  summary["levels"] = {
      {"excellent", levels["excellent"]}, {"good", levels["good"]}, {"fair", levels["fair"]}, {"poor", levels["poor"]}};
  summary["field_coverage"] = std::move(coverage);
  summary["recommendations"] = std::move(recs);
  nlohmann::ordered_json weights_json = nlohmann::ordered_json::object();
  for (const EmqFieldWeight& fw : w) weights_json[fw.field] = fw.weight;
  nlohmann::ordered_json out;
  out["platform"] = platform;
  out["field_weights"] = std::move(weights_json);
  out["summary"] = std::move(summary);
  out["malformed"] = std::move(malformed);
  out["events"] = std::move(events);
  return out;
}

}  // namespace learnloop
