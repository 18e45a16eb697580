// Internal: JSON text appended straight to a string, byte for byte what nlohmann::json's dump() writes
// for the same values (numbers through its own shortest-round-trip formatter, strings escaped as it
// escapes them), for rows written by the hundred thousand where building a JSON tree per row costs
// more than the numbers in it. Writes values only; the caller lays out objects and arrays.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace learnloop::json_text {

/// Appends `value` as nlohmann::json(value).dump() writes it ("null" when it is not finite).
void append_number(std::string& out, double value);

/// Appends `value` as nlohmann::json(value).dump() writes it.
void append_integer(std::string& out, std::int64_t value);

/// Appends `value` quoted and escaped as nlohmann::json(value).dump() writes it (which throws on invalid UTF-8).
void append_string(std::string& out, std::string_view value);

/// Appends `"key":`, the key escaped as append_string() does.
void append_key(std::string& out, std::string_view key);

/// Appends a list of strings as nlohmann::json(list).dump() writes it: ["a","b"], [] when empty.
void append_string_array(std::string& out, const std::vector<std::string>& list);

/// A list of strings as append_string_array() writes it.
std::string string_array(const std::vector<std::string>& list);

}  // namespace learnloop::json_text
