// Helpers for versioned JSON state: every saved model starts with {"format": NAME, "version": N}.
// Loaders reject other formats and newer major versions with a clear message. No I/O.
#pragma once

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

/// Generator state as four hex strings.
nlohmann::json rng_to_json(const Rng& rng);

/// Restores generator state written by rng_to_json().
Result<Rng> rng_from_json(const nlohmann::json& value);

}  // namespace learnloop
