// Binary logistic regression with scikit-learn's objective for penalty='l2':
//   minimise C * sum_i log(1 + exp(-s_i z_i)) + 0.5 ||w||^2,  z_i = x_i w + b, s_i = +-1,
// intercept unpenalised. Newton's method on the augmented design [X 1] with a backtracking line
// search, until the largest step is below tolerance * (1 + largest weight).
#include <Eigen/Dense>
#include <cmath>

#include "fit_checks.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {

namespace {

// log(1 + exp(t)) without overflow.
double softplus(double t) { return t > 0 ? t + dmath::log1p(dmath::exp(-t)) : dmath::log1p(dmath::exp(t)); }

struct Problem {
  Eigen::MatrixXd z;  // [X 1]
  Eigen::VectorXd y;  // 0/1
  double c;
  Eigen::Index d;  // number of penalised weights

  double objective(const Eigen::VectorXd& beta) const {
    const Eigen::VectorXd eta = z * beta;
    double loss = 0;
    for (Eigen::Index i = 0; i < eta.size(); ++i) loss += softplus(eta(i)) - y(i) * eta(i);
    return c * loss + 0.5 * beta.head(d).squaredNorm();
  }
};

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

  const auto n = static_cast<Eigen::Index>(x.rows);
  const auto d = static_cast<Eigen::Index>(x.cols);
  Problem p{Eigen::MatrixXd(n, d + 1), Eigen::VectorXd(n), options.c, d};
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < d; ++c) p.z(r, c) = x.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c));
    p.z(r, d) = 1.0;
    p.y(r) = y[static_cast<std::size_t>(r)];
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(d + 1);
  double f = p.objective(beta);
  std::size_t iterations = 0;
  for (; iterations < static_cast<std::size_t>(options.max_iterations); ++iterations) {
    const Eigen::VectorXd eta = p.z * beta;
    Eigen::VectorXd prob(n), weight(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      prob(i) = dmath::sigmoid(eta(i));
      weight(i) = prob(i) * (1 - prob(i));
    }
    Eigen::VectorXd gradient = p.c * (p.z.transpose() * (prob - p.y));
    gradient.head(d) += beta.head(d);
    Eigen::MatrixXd hessian = p.c * (p.z.transpose() * weight.asDiagonal() * p.z);
    hessian.diagonal().head(d).array() += 1.0;
    const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    double t = 1.0;
    Eigen::VectorXd next = beta - step;
    double f_next = p.objective(next);
    while (f_next > f - 1e-4 * t * gradient.dot(step) && t > 1e-10) {
      t *= 0.5;
      next = beta - t * step;
      f_next = p.objective(next);
    }
    const double largest_step = (t * step).cwiseAbs().maxCoeff();
    beta = next;
    f = f_next;
    if (largest_step <= options.tolerance * (1 + beta.cwiseAbs().maxCoeff())) {
      ++iterations;
      break;
    }
  }

  LinearModel model;
  model.kind = "logistic";
  model.features = x.names;
  model.coefficients.assign(beta.data(), beta.data() + d);
  model.intercept = beta(d);
  model.params = {{"C", options.c}};
  model.version = model_content_id(model);
  model.iterations = iterations;
  Status metrics = add_metrics(model, "train", x, y);
  if (!metrics.ok()) return metrics.error();
  return model;
}

}  // namespace learnloop
