// Dataset construction and checks, with messages that name the row and the column.
#include "learnloop/predictors/dataset.hpp"

#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {

Result<Dataset> make_dataset(std::size_t rows, std::size_t cols, std::vector<double> values,
                             std::vector<std::string> names) {
  if (values.size() != rows * cols)
    return invalid_argument("features hold " + std::to_string(values.size()) + " numbers; expected rows x cols = " +
                            std::to_string(rows) + " x " + std::to_string(cols) + " = " + std::to_string(rows * cols));
  if (names.empty()) {
    for (std::size_t c = 0; c < cols; ++c) names.push_back("x" + std::to_string(c));
  }
  if (names.size() != cols)
    return invalid_argument("there are " + std::to_string(names.size()) + " feature names for " + std::to_string(cols) +
                            " columns; expected one name per column");
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = values[r * cols + c];
      if (!std::isfinite(v))
        return invalid_argument("feature '" + names[c] + "' is " + format_number(v) + " in row " +
                                std::to_string(r + 1) + "; expected a finite number");
    }
  }
  return Dataset{rows, cols, std::move(values), std::move(names)};
}

Status check_target(const Dataset& x, const std::vector<double>& y, const std::string& name) {
  if (y.size() != x.rows)
    return invalid_argument("target '" + name + "' has " + std::to_string(y.size()) + " values for " +
                            std::to_string(x.rows) + " rows; expected one per row");
  for (std::size_t r = 0; r < y.size(); ++r) {
    if (!std::isfinite(y[r]))
      return invalid_argument("target '" + name + "' is " + format_number(y[r]) + " in row " + std::to_string(r + 1) +
                              "; expected a finite number");
  }
  return {};
}

Dataset select_rows(const Dataset& x, const std::vector<std::size_t>& indices) {
  Dataset out{indices.size(), x.cols, {}, x.names};
  out.values.reserve(indices.size() * x.cols);
  for (std::size_t i : indices) {
    const auto row = x.values.begin() + static_cast<std::ptrdiff_t>(i * x.cols);
    out.values.insert(out.values.end(), row, row + static_cast<std::ptrdiff_t>(x.cols));
  }
  return out;
}

std::vector<double> select_values(const std::vector<double>& y, const std::vector<std::size_t>& indices) {
  std::vector<double> out;
  out.reserve(indices.size());
  for (std::size_t i : indices) out.push_back(y[i]);
  return out;
}

}  // namespace learnloop
