// JSON values appended to a string as nlohmann::json's dump() writes them: doubles through the
// library's own formatter (nlohmann::detail::to_chars, what its serializer calls), plain printable
// ASCII strings copied between quotes, and any other string handed to the library's escaper, so
// control characters, quotes and UTF-8 (and the error on invalid UTF-8) stay exactly its own.
#include "json_text.hpp"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

namespace learnloop::json_text {

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

void append_integer(std::string& out, std::int64_t value) { out += std::to_string(value); }

void append_string(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      out += nlohmann::json(std::string(value)).dump();
      return;
    }
  }
  out += '"';
  out.append(value.data(), value.size());
  out += '"';
}

void append_key(std::string& out, std::string_view key) {
  append_string(out, key);
  out += ':';
}

void append_string_array(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    append_string(out, list[i]);
  }
  out += ']';
}

std::string string_array(const std::vector<std::string>& list) {
  std::string out;
  append_string_array(out, list);
  return out;
}

}  // namespace learnloop::json_text
