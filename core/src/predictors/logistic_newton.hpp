// Internal: the pieces of the L2 logistic fit that do not depend on how the rows are stored, so a
// dense matrix (fit_logistic) and the learning job's compact typed rows (the model partial) run the
// same objective, the same per-row arithmetic and the same Newton iterations and stopping rule.
// A design visits its rows in order and hands each row's non-zero columns (in column order, then
// the intercept as column d with value 1) to add_logistic_row; the sums then give the same bits.
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include "dense_solve.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop::predictors {

/// The objective, its gradient and its Hessian at one point; coordinate d is the intercept.
struct NewtonPoint {
  double objective = 0;          ///< C * sum(log loss) + 0.5 ||w||^2 (after finish_logistic_point)
  std::vector<double> gradient;  ///< d + 1 partial derivatives
  SymmetricMatrix hessian{0};    ///< (d + 1) x (d + 1), upper triangle until finish_logistic_point
  double loss = 0;               ///< sum of the rows' log losses so far
};

/// A point of d weights plus the intercept with every sum at zero, ready for add_logistic_row.
NewtonPoint start_logistic_point(std::size_t d);

/// Adds one row: `count` non-zero columns in increasing order (the last one the intercept, d, with value 1), its
/// label y in {0, 1}, at `beta` (d weights, then the intercept).
inline void add_logistic_row(const std::size_t* nonzero, const double* value, std::size_t count, double y,
                             const std::vector<double>& beta, NewtonPoint* point) {
  const std::size_t d = beta.size() - 1;
  double eta = beta[d];
  for (std::size_t i = 0; i + 1 < count; ++i) eta += beta[nonzero[i]] * value[i];
  const double e = dmath::exp(-std::abs(eta));  // the one exp of the row
  // log(1 + exp(eta)) without overflow, and 1 / (1 + exp(-eta)) (dmath::sigmoid bit for bit), sharing the exp.
  const double softplus = eta > 0 ? eta + dmath::log1p(e) : dmath::log1p(e);
  point->loss += softplus - y * eta;
  const double p = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
  const double residual = p - y;
  const double weight = p * (1 - p);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t a = nonzero[i];
    point->gradient[a] += residual * value[i];
    const double weighted = weight * value[i];
    double* hessian_row = &point->hessian.cells[a * (d + 1)];
    for (std::size_t k = i; k < count; ++k) hessian_row[nonzero[k]] += weighted * value[k];
  }
}

/// Adds one dense row of d = beta.size() - 1 columns: its non-zero columns, then the intercept, are gathered into
/// `nonzero` and `value` (d + 1 slots each, reused across rows) without a branch per column (one-hot columns make
/// that branch a coin toss), and handed to add_logistic_row.
inline void add_dense_logistic_row(const double* row, double y, const std::vector<double>& beta,
                                   std::vector<std::size_t>& nonzero, std::vector<double>& value, NewtonPoint* point) {
  const std::size_t d = beta.size() - 1;
  std::size_t count = 0;
  for (std::size_t j = 0; j < d; ++j) {
    nonzero[count] = j;
    value[count] = row[j];
    count += row[j] != 0 ? 1 : 0;
  }
  nonzero[count] = d;
  value[count] = 1.0;
  add_logistic_row(nonzero.data(), value.data(), count + 1, y, beta, point);
}

/// After the last row: scales by C, adds the penalty (not on the intercept) and mirrors the Hessian.
void finish_logistic_point(double c, const std::vector<double>& beta, NewtonPoint* point);

/// What a Newton fit ends with: d weights then the intercept, and the iterations it took.
struct NewtonFit {
  std::vector<double> beta;    ///< weights, then the intercept
  std::size_t iterations = 0;  ///< Newton iterations
};

/// Rows per block of a Newton pass: a pass sums each block from zero, then adds the blocks' sums in order, so its bits
/// do not depend on how its blocks are shared between threads (one block: the plain sum over the rows).
constexpr std::size_t kNewtonBlockRows = 65536;

/// The sums of one pass over rows [0, n) (before finish_logistic_point): `add_rows(begin, end, sums)` adds rows
/// [begin, end) to `sums` (a point of d weights from start_logistic_point) with add_logistic_row; the blocks of
/// kNewtonBlockRows rows run in two halves through `tasks`, so add_rows must keep its scratch to itself.
NewtonPoint blocked_logistic_sums(std::size_t n, std::size_t d,
                                  const std::function<void(std::size_t, std::size_t, NewtonPoint*)>& add_rows,
                                  TaskPair& tasks);

/// Newton's method from beta = 0 with fit_logistic's line search and stopping rule; `evaluate` is one pass over the
/// rows at a point (start_logistic_point, add_logistic_row per row, finish_logistic_point).
Result<NewtonFit> newton_logistic(std::size_t d, const LogisticOptions& options,
                                  const std::function<NewtonPoint(const std::vector<double>&)>& evaluate);

}  // namespace learnloop::predictors
