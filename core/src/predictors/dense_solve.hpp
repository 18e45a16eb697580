// Internal: a small symmetric positive-definite solve with one fixed order of operations (LDL^T
// without pivoting, plain loops), so the linear fits give the same bits natively and in wasm. Meant
// for the d x d normal equations of ridge and the Newton systems of logistic (d up to a few dozen);
// nothing here depends on cache sizes, threads or SIMD. No I/O.
#pragma once

#include <cstddef>
#include <vector>

namespace learnloop::predictors {

/// A d x d symmetric matrix, stored full and row-major (callers fill both triangles or call mirror_upper()).
struct SymmetricMatrix {
  std::size_t d = 0;          ///< order
  std::vector<double> cells;  ///< d * d numbers, row by row

  /// A d x d matrix of zeros.
  explicit SymmetricMatrix(std::size_t order) : d(order), cells(order * order, 0.0) {}
  /// Cell (i, j).
  double& at(std::size_t i, std::size_t j) { return cells[i * d + j]; }
  /// Cell (i, j).
  double at(std::size_t i, std::size_t j) const { return cells[i * d + j]; }
  /// Copies the upper triangle into the lower one.
  void mirror_upper();
};

/// Solves a x = b by LDL^T without pivoting; false (x untouched) when a pivot D_k is <= min_pivot.
bool solve_ldlt(const SymmetricMatrix& a, const std::vector<double>& b, double min_pivot, std::vector<double>* x);

}  // namespace learnloop::predictors
