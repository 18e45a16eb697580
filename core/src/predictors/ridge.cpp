// Ridge regression as scikit-learn's Ridge(fit_intercept=True) solves it: centre X and y, solve
// (Xc^T Xc + alpha I) w = Xc^T yc by LDL^T, then b = mean(y) - mean(X) w.
#include <Eigen/Dense>

#include "fit_checks.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {

namespace {

Eigen::MatrixXd as_matrix(const Dataset& x) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(x.rows), static_cast<Eigen::Index>(x.cols));
  for (std::size_t r = 0; r < x.rows; ++r)
    for (std::size_t c = 0; c < x.cols; ++c) m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = x.at(r, c);
  return m;
}

}  // namespace

Result<LinearModel> fit_ridge(const Dataset& x, const std::vector<double>& y, const RidgeOptions& options) {
  if (!std::isfinite(options.alpha) || options.alpha < 0)
    return invalid_argument("alpha is " + format_number(options.alpha) + "; expected a number >= 0");
  Status s = predictors::check_fit_input(x, y);
  if (!s.ok()) return s.error();
  const Eigen::MatrixXd m = as_matrix(x);
  const Eigen::Map<const Eigen::VectorXd> target(y.data(), static_cast<Eigen::Index>(y.size()));
  const Eigen::RowVectorXd x_mean = m.colwise().mean();
  const double y_mean = target.mean();
  const Eigen::MatrixXd centred = m.rowwise() - x_mean;
  Eigen::MatrixXd gram = centred.transpose() * centred;
  gram.diagonal().array() += options.alpha;
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      ldlt.vectorD().minCoeff() <= 1e-12 * gram.diagonal().maxCoeff())
    return invalid_argument("the features are collinear, so least squares has no unique solution; use alpha > 0");
  const Eigen::VectorXd w = ldlt.solve(centred.transpose() * (target.array() - y_mean).matrix());

  LinearModel model;
  model.kind = "ridge";
  model.features = x.names;
  model.coefficients.assign(w.data(), w.data() + w.size());
  model.intercept = y_mean - x_mean.dot(w);
  model.params = {{"alpha", options.alpha}};
  model.version = model_content_id(model);
  Status metrics = add_metrics(model, "train", x, y);
  if (!metrics.ok()) return metrics.error();
  return model;
}

}  // namespace learnloop
