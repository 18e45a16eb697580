// Ridge regression as scikit-learn's Ridge(fit_intercept=True) solves it: centre X and y, solve
// (Xc^T Xc + alpha I) w = Xc^T yc by LDL^T, then b = mean(y) - mean(X) w. Every sum runs over the
// rows in order in plain loops (no matrix-product library, whose blocking depends on the cache sizes
// it detects), so the CLI and the npm package fit the same bits at any size.
#include <algorithm>

#include "fit_checks.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "ridge_solve.hpp"

namespace learnloop {

namespace predictors {

Result<LinearModel> solve_centred_ridge(SymmetricMatrix gram, const std::vector<double>& moment,
                                        const std::vector<double>& x_mean, double y_mean, double alpha,
                                        std::vector<std::string> names) {
  const std::size_t d = gram.d;
  double largest_diagonal = 0;
  for (std::size_t c = 0; c < d; ++c) {
    gram.at(c, c) += alpha;
    largest_diagonal = std::max(largest_diagonal, gram.at(c, c));
  }
  std::vector<double> w;
  if (!solve_ldlt(gram, moment, 1e-12 * largest_diagonal, &w))
    return invalid_argument("the features are collinear, so least squares has no unique solution; use alpha > 0");

  LinearModel model;
  model.kind = "ridge";
  model.features = std::move(names);
  model.coefficients = w;
  double mean_dot_w = 0;
  for (std::size_t c = 0; c < d; ++c) mean_dot_w += x_mean[c] * w[c];
  model.intercept = y_mean - mean_dot_w;
  model.params = {{"alpha", alpha}};
  model.version = model_content_id(model);
  return model;
}

}  // namespace predictors

Result<LinearModel> fit_ridge(const Dataset& x, const std::vector<double>& y, const RidgeOptions& options) {
  if (!std::isfinite(options.alpha) || options.alpha < 0)
    return invalid_argument("alpha is " + format_number(options.alpha) + "; expected a number >= 0");
  Status s = predictors::check_fit_input(x, y);
  if (!s.ok()) return s.error();
  const std::size_t n = x.rows;
  const std::size_t d = x.cols;
  std::vector<double> x_mean(d, 0.0);
  double y_mean = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double* row = &x.values[r * d];
    for (std::size_t c = 0; c < d; ++c) x_mean[c] += row[c];
    y_mean += y[r];
  }
  for (double& m : x_mean) m /= static_cast<double>(n);
  y_mean /= static_cast<double>(n);

  predictors::SymmetricMatrix gram(d);
  std::vector<double> moment(d, 0.0);  // Xc^T yc
  std::vector<double> centred(d);
  for (std::size_t r = 0; r < n; ++r) {
    const double* row = &x.values[r * d];
    for (std::size_t c = 0; c < d; ++c) centred[c] = row[c] - x_mean[c];
    const double target = y[r] - y_mean;
    for (std::size_t a = 0; a < d; ++a) {
      const double ca = centred[a];
      for (std::size_t b = a; b < d; ++b) gram.at(a, b) += ca * centred[b];
      moment[a] += ca * target;
    }
  }
  gram.mirror_upper();
  Result<LinearModel> solved =
      predictors::solve_centred_ridge(std::move(gram), moment, x_mean, y_mean, options.alpha, x.names);
  if (!solved.ok()) return solved.error();
  LinearModel model = std::move(solved).value();
  Status metrics = add_metrics(model, "train", x, y);
  if (!metrics.ok()) return metrics.error();
  return model;
}

}  // namespace learnloop
