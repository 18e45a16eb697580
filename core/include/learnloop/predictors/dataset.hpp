// A numeric design matrix with named columns, plus the checks every fit and predict needs
// (finite values, shape). Row-major doubles: what crosses from JS as one Float64Array. No I/O.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// Rows x cols numbers, row-major, with one name per column.
struct Dataset {
  std::size_t rows = 0;            ///< number of examples
  std::size_t cols = 0;            ///< number of features
  std::vector<double> values;      ///< rows * cols numbers, row by row
  std::vector<std::string> names;  ///< column names (default "x0", "x1", ...)

  /// Value at row r, column c.
  double at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

/// Builds a dataset, checking values.size() == rows * cols, names (default x0..), and finiteness.
Result<Dataset> make_dataset(std::size_t rows, std::size_t cols, std::vector<double> values,
                             std::vector<std::string> names = {});

/// Checks a target vector: one finite value per row; `name` is used in messages.
Status check_target(const Dataset& x, const std::vector<double>& y, const std::string& name);

/// The rows listed in `indices`, in that order.
Dataset select_rows(const Dataset& x, const std::vector<std::size_t>& indices);

/// The entries of `y` listed in `indices`, in that order.
std::vector<double> select_values(const std::vector<double>& y, const std::vector<std::size_t>& indices);

}  // namespace learnloop
