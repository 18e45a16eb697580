// Helpers for versioned JSON state: every saved model starts with {"format": NAME, "version": N}.
// Loaders reject other formats and newer major versions with a clear message. No I/O.
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/core/status.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {

/// Parses `text` as JSON without throwing; a parse_error names the position.
Result<nlohmann::json> parse_json(const std::string& text);

/// Checks the "format" and version header (key `version_key`) of saved state against what this build reads.
Status check_state_header(const nlohmann::json& state, const std::string& format, int supported_major,
                          const std::string& version_key = "version");

/// Reads a required finite number field `key` of `object`, naming `where` in errors.
Result<double> json_number(const nlohmann::json& object, const std::string& key, const std::string& where);

/// Reads optional number field `key` of `object` into `out`; `out` is unchanged when the field is absent.
Status read_json_number(const nlohmann::json& object, const char* key, double* out);

/// Reads optional boolean field `key` of `object` into `out`; `out` is unchanged when the field is absent.
Status read_json_bool(const nlohmann::json& object, const char* key, bool* out);

/// Reads optional text field `key` of `object` into `out`; `out` is unchanged when the field is absent.
Status read_json_string(const nlohmann::json& object, const char* key, std::string* out);

/// Reads optional integer field `key` (in [min, 2^53-1]) of `object` into `out`; unchanged when absent.
Status read_json_integer(const nlohmann::json& object, const char* key, std::uint64_t min, std::uint64_t* out);

/// read_json_integer() into any unsigned integer type; a value above the type's maximum is an error, never a wrap.
template <class Int>
Status read_json_integer(const nlohmann::json& object, const char* key, std::uint64_t min, Int* out) {
  std::uint64_t value = static_cast<std::uint64_t>(*out);
  Status s = read_json_integer(object, key, min, &value);
  if (!s.ok()) return s;
  if (value > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))
    return invalid_argument(std::string(key) + " is " + std::to_string(value) + "; expected an integer in [" +
                            std::to_string(min) + ", " + std::to_string(std::numeric_limits<Int>::max()) + "]");
  *out = static_cast<Int>(value);
  return s;
}

/// Generator state as four hex strings.
nlohmann::json rng_to_json(const Rng& rng);

/// Restores generator state written by rng_to_json().
Result<Rng> rng_from_json(const nlohmann::json& value);

}  // namespace learnloop
