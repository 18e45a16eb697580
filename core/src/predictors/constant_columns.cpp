// Fits without the constant columns: find them, fit on the rest, put them back with coefficient 0.
#include "learnloop/predictors/constant_columns.hpp"

#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

// `x` without the columns listed (sorted) in `dropped`.
Result<Dataset> without_columns(const Dataset& x, const std::vector<std::size_t>& dropped) {
  std::vector<bool> keep(x.cols, true);
  for (std::size_t c : dropped) keep[c] = false;
  std::vector<std::string> names;
  for (std::size_t c = 0; c < x.cols; ++c)
    if (keep[c]) names.push_back(x.names[c]);
  std::vector<double> values;
  values.reserve(x.rows * names.size());
  for (std::size_t r = 0; r < x.rows; ++r)
    for (std::size_t c = 0; c < x.cols; ++c)
      if (keep[c]) values.push_back(x.at(r, c));
  const std::size_t cols = names.size();
  return make_dataset(x.rows, cols, std::move(values), std::move(names));
}

Result<LinearModel> solve(const std::string& kind, const Dataset& x, const std::vector<double>& y, double penalty) {
  if (kind == "ridge") return fit_ridge(x, y, {penalty});
  if (kind == "logistic") return fit_logistic(x, y, {penalty});
  return invalid_argument("unknown linear model kind '" + kind + "'; expected ridge or logistic");
}

}  // namespace

std::vector<std::size_t> constant_columns(const Dataset& x) {
  std::vector<std::size_t> out;
  if (x.rows < 2) return out;
  for (std::size_t c = 0; c < x.cols; ++c) {
    bool constant = true;
    for (std::size_t r = 1; r < x.rows && constant; ++r) constant = x.at(r, c) == x.at(0, c);
    if (constant) out.push_back(c);
  }
  return out;
}

std::string all_constant_message(const std::vector<std::string>& names, const std::vector<std::size_t>& dropped) {
  std::string listed;
  for (std::size_t c : dropped) listed += (listed.empty() ? "'" : ", '") + names[c] + "'";
  return "every feature is constant in the training rows (" + listed +
         "), so there is nothing to fit on; it needs rows where at least one feature varies";
}

LinearModel with_dropped_columns(LinearModel model, const std::vector<std::string>& names,
                                 const std::vector<std::size_t>& dropped) {
  std::vector<double> coefficients(names.size(), 0.0);
  std::size_t k = 0, d = 0;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (d < dropped.size() && dropped[d] == c) {
      model.dropped.push_back(names[c]);
      ++d;
    } else {
      coefficients[c] = model.coefficients[k++];
    }
  }
  model.features = names;
  model.coefficients = std::move(coefficients);
  model.version = model_content_id(model);
  return model;
}

Result<LinearModel> fit_linear_matrix(const std::string& kind, const Dataset& x, const std::vector<double>& y,
                                      double penalty) {
  const std::vector<std::size_t> dropped = constant_columns(x);
  if (dropped.empty()) return solve(kind, x, y, penalty);
  if (dropped.size() == x.cols) return invalid_argument(all_constant_message(x.names, dropped));
  Result<Dataset> kept = without_columns(x, dropped);
  if (!kept.ok()) return kept.error();
  Result<LinearModel> fitted = solve(kind, kept.value(), y, penalty);
  if (!fitted.ok()) return fitted.error();
  return with_dropped_columns(std::move(fitted).value(), x.names, dropped);
}

}  // namespace learnloop
