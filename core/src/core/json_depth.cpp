// Depth checks for JSON text (a linear scan of brackets outside strings) and for parsed values (an
// explicit stack instead of recursion), so neither check can itself overflow the stack.
#include "learnloop/core/json_depth.hpp"

#include <utility>
#include <vector>

namespace learnloop {
namespace {

std::string too_deep(const std::string& where) {
  return where + " nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
         " levels deep; learnloop reads at most " + std::to_string(kMaxJsonDepth);
}

}  // namespace

Status check_json_text_depth(const std::string& text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return Error{ErrorCode::kParseError, too_deep("JSON at byte " + std::to_string(i + 1))};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

Status check_json_value_depth(const nlohmann::json& value, const std::string& what) {
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&value, 0}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (depth + 1 > kMaxJsonDepth) return Error{ErrorCode::kInvalidArgument, too_deep(what)};
    for (const nlohmann::json& child : *node) pending.emplace_back(&child, depth + 1);
  }
  return {};
}

}  // namespace learnloop
