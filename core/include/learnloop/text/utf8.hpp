// UTF-8 validation for text that learnloop stores and later prints as JSON (ids, type names, text
// columns): JSON output needs valid UTF-8, so invalid bytes are refused where they come in.
#pragma once

#include <cstddef>
#include <string_view>

namespace learnloop {

/// Byte offset of the first invalid UTF-8 sequence in `text` (overlong forms, surrogates and code points
/// above U+10FFFF are invalid), or text.size() when all of it is valid.
std::size_t invalid_utf8_offset(std::string_view text);

/// True when `text` is valid UTF-8.
inline bool is_valid_utf8(std::string_view text) { return invalid_utf8_offset(text) == text.size(); }

}  // namespace learnloop
