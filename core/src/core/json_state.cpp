// Versioned JSON state helpers: non-throwing parse, header checks, typed field reads.
#include "learnloop/core/json_state.hpp"

#include <cmath>

#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/numbers.hpp"

namespace learnloop {

Result<nlohmann::json> parse_json(const std::string& text) {
  if (Status s = check_json_text_depth(text); !s.ok()) return s.error();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for numbers such as 1e999
    return Error{ErrorCode::kParseError, std::string("not valid JSON: ") + e.what()};
  }
}

Status check_state_header(const nlohmann::json& state, const std::string& format, int supported_major,
                          const std::string& version_key) {
  if (!state.is_object())
    return Error{ErrorCode::kParseError, "state must be a JSON object with \"format\" and \"version\""};
  auto f = state.find("format");
  if (f == state.end() || !f->is_string() || f->get<std::string>() != format) {
    const std::string got = (f != state.end() && f->is_string()) ? f->get<std::string>() : std::string("none");
    return Error{ErrorCode::kUnsupportedVersion, "state has format \"" + got + "\"; expected \"" + format + "\""};
  }
  auto v = state.find(version_key);
  if (v == state.end() || !v->is_number_integer())
    return Error{ErrorCode::kUnsupportedVersion,
                 "state of format " + format + " has no integer \"" + version_key + "\""};
  const auto major = v->get<long long>();
  if (major < 1 || major > supported_major)
    return Error{ErrorCode::kUnsupportedVersion, "state of format " + format + " has " + version_key + " " +
                                                     std::to_string(major) + "; this learnloop reads versions 1 to " +
                                                     std::to_string(supported_major)};
  return {};
}

Result<double> json_number(const nlohmann::json& object, const std::string& key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return invalid_argument(where + ": \"" + key + "\" must be a number");
  const double v = it->get<double>();
  if (!std::isfinite(v)) return invalid_argument(where + ": \"" + key + "\" must be finite");
  return v;
}

Status read_json_number(const nlohmann::json& object, const char* key, double* out) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (!it->is_number()) return invalid_argument(std::string(key) + " is " + it->dump() + "; expected a number");
  *out = it->get<double>();
  return {};
}

Status read_json_bool(const nlohmann::json& object, const char* key, bool* out) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (!it->is_boolean()) return invalid_argument(std::string(key) + " is " + it->dump() + "; expected true or false");
  *out = it->get<bool>();
  return {};
}

Status read_json_string(const nlohmann::json& object, const char* key, std::string* out) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (!it->is_string()) return invalid_argument(std::string(key) + " is " + it->dump() + "; expected text");
  *out = it->get<std::string>();
  return {};
}

Status read_json_integer(const nlohmann::json& object, const char* key, std::uint64_t min, std::uint64_t* out) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (!it->is_number()) return invalid_argument(std::string(key) + " is " + it->dump() + "; expected an integer");
  // Checked before the conversion to double, which would round 2^53 + 1 down into range.
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > kMaxExactInteger)
    return invalid_argument(std::string(key) + " is " + it->dump() + "; expected an integer in [" +
                            std::to_string(min) + ", 2^53-1]");
  Result<std::uint64_t> v = exact_integer(it->get<double>(), key, min);
  if (!v.ok()) return v.error();
  *out = v.value();
  return {};
}

nlohmann::json rng_to_json(const Rng& rng) {
  nlohmann::json words = nlohmann::json::array();
  for (std::uint64_t w : rng.state()) words.push_back(format_hex64(w));
  return words;
}

Result<Rng> rng_from_json(const nlohmann::json& value) {
  if (!value.is_array() || value.size() != 4)
    return invalid_argument("generator state must be an array of 4 hex strings");
  std::array<std::uint64_t, 4> s{};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!value[i].is_string() || !parse_hex64(value[i].get<std::string>(), &s[i]))
      return invalid_argument("generator state word " + std::to_string(i) + " is not a hex string");
  }
  Rng rng;
  rng.set_state(s);
  return rng;
}

}  // namespace learnloop
