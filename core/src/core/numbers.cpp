// Checked double-to-integer conversion with messages that say what was expected.
#include "learnloop/core/numbers.hpp"

#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {

Result<std::uint64_t> exact_integer(double value, const std::string& name, std::uint64_t min) {
  if (!std::isfinite(value) || value != std::floor(value) || value < static_cast<double>(min) ||
      value > static_cast<double>(kMaxExactInteger)) {
    return invalid_argument(name + " is " + format_number(value) + "; expected an integer in [" + std::to_string(min) +
                            ", 2^53-1]");
  }
  return static_cast<std::uint64_t>(value);
}

}  // namespace learnloop
