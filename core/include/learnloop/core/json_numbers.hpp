// Numbers into JSON: a count kept as a double (bandit pulls and successes, sums of integer
// columns) is written as an integer when it is whole, so it prints as 1364 and not 1364.0, which
// strict decoders reject for integer fields. Fractional values (discounted counts) stay doubles.
#pragma once

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace learnloop {

/// `value` as a JSON number: an integer when it is whole and within +-2^53, else the double itself.
template <class Json = nlohmann::json>
Json json_count(double value) {
  constexpr double kLimit = 9007199254740991.0;  // 2^53 - 1: every whole double up to it is exact
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) <= kLimit)
    return Json(static_cast<std::int64_t>(value));
  return Json(value);
}

}  // namespace learnloop
