// LDL^T of a small symmetric positive-definite matrix, column by column, every sum taken in index
// order: the same operations in the same order on every target.
#include "dense_solve.hpp"

#include <utility>

namespace learnloop::predictors {

void SymmetricMatrix::mirror_upper() {
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < i; ++j) at(i, j) = at(j, i);
}

bool solve_ldlt(const SymmetricMatrix& a, const std::vector<double>& b, double min_pivot, std::vector<double>* x) {
  const std::size_t d = a.d;
  std::vector<double> lower(d * d, 0.0);  // unit lower triangle L, row-major
  std::vector<double> pivots(d, 0.0);     // D
  for (std::size_t j = 0; j < d; ++j) {
    double pivot = a.at(j, j);
    for (std::size_t k = 0; k < j; ++k) pivot -= lower[j * d + k] * lower[j * d + k] * pivots[k];
    if (!(pivot > min_pivot)) return false;
    pivots[j] = pivot;
    lower[j * d + j] = 1.0;
    for (std::size_t i = j + 1; i < d; ++i) {
      double v = a.at(i, j);
      for (std::size_t k = 0; k < j; ++k) v -= lower[i * d + k] * lower[j * d + k] * pivots[k];
      lower[i * d + j] = v / pivot;
    }
  }
  std::vector<double> z(d, 0.0);
  for (std::size_t i = 0; i < d; ++i) {  // L z = b
    double v = b[i];
    for (std::size_t k = 0; k < i; ++k) v -= lower[i * d + k] * z[k];
    z[i] = v;
  }
  for (std::size_t i = 0; i < d; ++i) z[i] /= pivots[i];  // D w = z
  for (std::size_t i = d; i-- > 0;) {                     // L^T x = w
    double v = z[i];
    for (std::size_t k = i + 1; k < d; ++k) v -= lower[k * d + i] * z[k];
    z[i] = v;
  }
  *x = std::move(z);
  return true;
}

}  // namespace learnloop::predictors
