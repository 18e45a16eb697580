// A depth limit for every JSON text and value the core reads or writes. nlohmann::json copies and
// serialises recursively, so a hostile document nested thousands of levels deep would overflow the
// stack (natively at about 5,000 levels, in wasm at about 10,000). Every parse in the core goes through
// these checks first. Pure functions over text and values; no I/O.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Deepest nesting of arrays and objects any JSON document may have (documented in README's limits).
constexpr std::size_t kMaxJsonDepth = 64;

/// Checks, without parsing, that `text` nests arrays and objects at most kMaxJsonDepth levels deep
/// (brackets inside strings do not count); the error names the byte where the limit is crossed.
Status check_json_text_depth(const std::string& text);

/// Checks, without recursion, that a parsed value nests at most kMaxJsonDepth levels deep; `what` names
/// the value in the error (e.g. "metadata of 'a1'").
Status check_json_value_depth(const nlohmann::json& value, const std::string& what);

/// Parses `text` without throwing; the result is discarded when `text` is not JSON or nests too deep.
template <class Json>
Json parse_json_or_discarded(const std::string& text) {
  if (!check_json_text_depth(text).ok()) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace learnloop
