// Results that overflow a double are errors, never nulls: nlohmann writes a non-finite number as
// null, so a prediction or simulation whose inputs were huge (coefficients of 1e308, a budget of
// 1e308) printed null with exit 0. These checks name the first non-finite value. No I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Refuses `values` holding a non-finite number; the error names `what` and the first index.
Status check_finite(const std::vector<double>& values, const std::string& what);

/// Refuses a result holding a non-finite number anywhere; the error names `what` and its JSON path.
Status check_finite(const nlohmann::ordered_json& result, const std::string& what);

}  // namespace learnloop
