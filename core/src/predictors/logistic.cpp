// Binary logistic regression with scikit-learn's objective for penalty='l2':
//   minimise C * sum_i log(1 + exp(-s_i z_i)) + 0.5 ||w||^2,  z_i = x_i w + b, s_i = +-1,
// intercept unpenalised. Newton's method with a backtracking line search (a step within rounding of the
// current objective with no larger gradient is accepted, as scikit-learn's Newton solver does), until the
// largest step is below tolerance * (1 + largest weight), or until the decrease a Newton step promises is
// below the objective's rounding: that step is then taken whole and the fit stops (at 800k rows the line
// search used to halve such steps 20-30 times, a pass over the rows each, on rounding noise alone). One pass over the
// rows per Newton iteration gives the objective, the gradient and the Hessian together (no n x d temporaries); every
// sum runs over the rows in order within fixed blocks of rows, then over the blocks in order (so the blocks may run on
// two threads), and skips exact zeros (adding a zero product never changes a sum, so one-hot columns cost nothing), so
// the CLI and the npm package fit the same bits at any size.
#include <algorithm>
#include <cmath>
#include <limits>

#include "fit_checks.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "logistic_newton.hpp"

namespace learnloop {

namespace predictors {

NewtonPoint start_logistic_point(std::size_t d) {
  NewtonPoint out;
  out.gradient.assign(d + 1, 0.0);
  out.hessian = SymmetricMatrix(d + 1);
  return out;
}

void finish_logistic_point(double c, const std::vector<double>& beta, NewtonPoint* point) {
  const std::size_t d = beta.size() - 1;
  double penalty = 0;
  for (std::size_t j = 0; j < d; ++j) penalty += beta[j] * beta[j];
  point->objective = c * point->loss + 0.5 * penalty;
  for (std::size_t a = 0; a <= d; ++a) {
    point->gradient[a] *= c;
    if (a < d) point->gradient[a] += beta[a];
    for (std::size_t b = a; b <= d; ++b) point->hessian.at(a, b) *= c;
    if (a < d) point->hessian.at(a, a) += 1.0;
  }
  point->hessian.mirror_upper();
}

NewtonPoint blocked_logistic_sums(std::size_t n, std::size_t d,
                                  const std::function<void(std::size_t, std::size_t, NewtonPoint*)>& add_rows,
                                  TaskPair& tasks) {
  const std::size_t blocks = std::max<std::size_t>(1, (n + kNewtonBlockRows - 1) / kNewtonBlockRows);
  std::vector<NewtonPoint> sums(blocks);
  const auto run = [&](std::size_t from, std::size_t to) {
    for (std::size_t b = from; b < to; ++b) {
      sums[b] = start_logistic_point(d);
      add_rows(b * kNewtonBlockRows, std::min(n, (b + 1) * kNewtonBlockRows), &sums[b]);
    }
  };
  const std::size_t half = (blocks + 1) / 2;
  tasks.run_both([&] { run(0, half); }, [&] { run(half, blocks); });
  // The first block's sums as they are (a single block gives the plain sum's bits), then each next block's in order.
  NewtonPoint total = std::move(sums[0]);
  for (std::size_t b = 1; b < blocks; ++b) {
    total.loss += sums[b].loss;
    for (std::size_t a = 0; a <= d; ++a) total.gradient[a] += sums[b].gradient[a];
    for (std::size_t c = 0; c < total.hessian.cells.size(); ++c) total.hessian.cells[c] += sums[b].hessian.cells[c];
  }
  return total;
}

namespace {

// What rounding can hide in an objective of this size (16 ulps, scikit-learn's margin in its Newton solver).
double rounding_of(double objective) { return 16 * std::numeric_limits<double>::epsilon() * std::abs(objective); }

double sum_of_magnitudes(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += std::abs(x);
  return sum;
}

// Whether a candidate the Armijo test refused is as good as the current point up to rounding, as scikit-learn's Newton
// solver judges it: its objective within 16 ulps of the current one and its gradient no larger. Near the optimum the
// objective's change drowns in the rounding of its sum over the rows, so the Armijo test fails on noise alone; without
// this the line search halves the step on and on, one pass over the rows per halving.
bool within_rounding(const NewtonPoint& candidate, const NewtonPoint& current) {
  return std::abs(candidate.objective - current.objective) <= rounding_of(current.objective) &&
         sum_of_magnitudes(candidate.gradient) <= sum_of_magnitudes(current.gradient);
}

}  // namespace

Result<NewtonFit> newton_logistic(std::size_t d, const LogisticOptions& options,
                                  const std::function<NewtonPoint(const std::vector<double>&)>& evaluate) {
  std::vector<double> beta(d + 1, 0.0);
  NewtonPoint current = evaluate(beta);
  std::size_t iterations = 0;
  std::vector<double> step;
  std::vector<double> next(d + 1);
  for (; iterations < static_cast<std::size_t>(options.max_iterations); ++iterations) {
    if (!solve_ldlt(current.hessian, current.gradient, 0.0, &step))
      return invalid_argument("logistic regression stopped: the Newton system is not positive definite at iteration " +
                              std::to_string(iterations + 1));
    double slope = 0;  // gradient . step
    for (std::size_t j = 0; j <= d; ++j) slope += current.gradient[j] * step[j];
    if (slope <= rounding_of(current.objective)) {
      // The decrease the step promises is below what the objective's sum can resolve, so no line search can judge
      // it: take the full Newton step (quadratic convergence makes it the best estimate there is) and stop.
      for (std::size_t j = 0; j <= d; ++j) beta[j] -= step[j];
      ++iterations;
      break;
    }
    double t = 1.0;
    for (std::size_t j = 0; j <= d; ++j) next[j] = beta[j] - step[j];
    NewtonPoint candidate = evaluate(next);
    while (candidate.objective > current.objective - 1e-4 * t * slope && !within_rounding(candidate, current) &&
           t > 1e-10) {
      t *= 0.5;
      for (std::size_t j = 0; j <= d; ++j) next[j] = beta[j] - t * step[j];
      candidate = evaluate(next);
    }
    double largest_step = 0;
    double largest_weight = 0;
    for (std::size_t j = 0; j <= d; ++j) {
      largest_step = std::max(largest_step, std::abs(t * step[j]));
      largest_weight = std::max(largest_weight, std::abs(next[j]));
    }
    beta = next;
    current = std::move(candidate);
    if (largest_step <= options.tolerance * (1 + largest_weight)) {
      ++iterations;
      break;
    }
  }
  return NewtonFit{std::move(beta), iterations};
}

}  // namespace predictors

namespace {

// One pass over the rows at `beta` (d weights, then the intercept), in the job's blocks (blocked_logistic_sums).
predictors::NewtonPoint evaluate_logistic(const Dataset& x, const std::vector<double>& y, double c,
                                          const std::vector<double>& beta) {
  const std::size_t d = x.cols;
  predictors::NewtonPoint out = predictors::blocked_logistic_sums(
      x.rows, d,
      [&](std::size_t begin, std::size_t end, predictors::NewtonPoint* sums) {
        std::vector<std::size_t> nonzero(d + 1);
        std::vector<double> value(d + 1);
        for (std::size_t r = begin; r < end; ++r)
          predictors::add_dense_logistic_row(&x.values[r * d], y[r], beta, nonzero, value, sums);
      },
      task_pair_or_sequential(nullptr));
  predictors::finish_logistic_point(c, beta, &out);
  return out;
}

}  // namespace

Result<LinearModel> fit_logistic(const Dataset& x, const std::vector<double>& y, const LogisticOptions& options) {
  if (!std::isfinite(options.c) || options.c <= 0)
    return invalid_argument("C is " + format_number(options.c) + "; expected a number > 0");
  if (options.max_iterations < 1) return invalid_argument("max_iterations must be >= 1");
  Status s = predictors::check_fit_input(x, y);
  if (!s.ok()) return s.error();
  double positives = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1)
      return invalid_argument("target is " + format_number(y[i]) + " in row " + std::to_string(i + 1) +
                              "; a classifier expects 0 or 1");
    positives += y[i];
  }
  if (positives == 0 || positives == static_cast<double>(y.size()))
    return invalid_argument("the target has a single class (every row is " + format_number(y[0]) +
                            "); a classifier needs both 0 and 1");

  const std::size_t d = x.cols;
  Result<predictors::NewtonFit> fit = predictors::newton_logistic(
      d, options, [&](const std::vector<double>& beta) { return evaluate_logistic(x, y, options.c, beta); });
  if (!fit.ok()) return fit.error();
  const std::vector<double>& beta = fit.value().beta;
  const std::size_t iterations = fit.value().iterations;

  LinearModel model;
  model.kind = "logistic";
  model.features = x.names;
  model.coefficients.assign(beta.begin(), beta.begin() + static_cast<std::ptrdiff_t>(d));
  model.intercept = beta[d];
  model.params = {{"C", options.c}};
  model.version = model_content_id(model);
  model.iterations = iterations;
  Status metrics = add_metrics(model, "train", x, y);
  if (!metrics.ok()) return metrics.error();
  return model;
}

}  // namespace learnloop
