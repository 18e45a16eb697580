// Checked conversions of numbers that arrive as doubles (JSON, JavaScript) into integers. No I/O.
#pragma once

#include <cstdint>
#include <string>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Largest integer a double (and so a JavaScript number) holds exactly: 2^53 - 1.
constexpr std::uint64_t kMaxExactInteger = (std::uint64_t{1} << 53) - 1;

/// `value` as an integer in [min, 2^53-1], or an error naming `name` ("rounds is 2.5; expected ...").
Result<std::uint64_t> exact_integer(double value, const std::string& name, std::uint64_t min = 0);

}  // namespace learnloop
