// Walks a vector or a JSON result (with an explicit stack, no recursion) for NaN or infinity.
#include "learnloop/core/finite.hpp"

#include <cmath>
#include <utility>

namespace learnloop {
namespace {

Error not_finite(const std::string& what, const std::string& where, double value) {
  return invalid_argument(what + where + " is " + (std::isnan(value) ? "not a number" : "infinite") +
                          ": the inputs overflow a double (magnitudes above about 1.8e308); scale them down");
}

}  // namespace

Status check_finite(const std::vector<double>& values, const std::string& what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) return not_finite(what, "[" + std::to_string(i) + "]", values[i]);
  }
  return {};
}

Status check_finite(const nlohmann::ordered_json& result, const std::string& what) {
  std::vector<std::pair<const nlohmann::ordered_json*, std::string>> pending{{&result, ""}};
  while (!pending.empty()) {
    const auto [node, path] = pending.back();
    pending.pop_back();
    if (node->is_number_float()) {
      const double v = node->get<double>();
      if (!std::isfinite(v)) return not_finite(what, path, v);
    } else if (node->is_object()) {
      for (auto it = node->begin(); it != node->end(); ++it) pending.emplace_back(&*it, path + "." + it.key());
    } else if (node->is_array()) {
      for (std::size_t i = 0; i < node->size(); ++i)
        pending.emplace_back(&(*node)[i], path + "[" + std::to_string(i) + "]");
    }
  }
  return {};
}

}  // namespace learnloop
