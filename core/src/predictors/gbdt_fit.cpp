// The boosting loop: gradients of squared error or log loss, seeded row and column sampling,
// one tree per round, early stopping on a validation set (RMSE or log loss) keeping the best round.
#include <algorithm>
#include <cmath>

#include "fit_checks.hpp"
#include "gbdt_binning.hpp"
#include "gbdt_tree_builder.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {

namespace {

Status check_options(const GbdtOptions& o) {
  auto bad = [](const std::string& name, double v, const std::string& expected) {
    return invalid_argument(name + " is " + format_number(v) + "; expected " + expected);
  };
  if (o.n_estimators < 1 || o.n_estimators > kMaxGbdtEstimators)
    return bad("n_estimators", o.n_estimators, "an integer in 1.." + std::to_string(kMaxGbdtEstimators));
  if (o.max_depth < 1 || o.max_depth > 16) return bad("max_depth", o.max_depth, "an integer in 1..16");
  if (!(o.learning_rate > 0 && o.learning_rate <= 1))
    return bad("learning_rate", o.learning_rate, "a number in (0, 1]");
  if (!(o.min_child_weight >= 0) || !std::isfinite(o.min_child_weight))
    return bad("min_child_weight", o.min_child_weight, "a number >= 0");
  if (!(o.lambda >= 0) || !std::isfinite(o.lambda)) return bad("lambda", o.lambda, "a number >= 0");
  if (!(o.subsample > 0 && o.subsample <= 1)) return bad("subsample", o.subsample, "a number in (0, 1]");
  if (!(o.colsample > 0 && o.colsample <= 1)) return bad("colsample", o.colsample, "a number in (0, 1]");
  if (o.max_bins < 2 || o.max_bins > 256) return bad("max_bins", o.max_bins, "an integer in 2..256");
  if (o.early_stopping_rounds < 0) return bad("early_stopping_rounds", o.early_stopping_rounds, "an integer >= 0");
  return {};
}

Status check_labels(const std::vector<double>& y, const std::string& where) {
  bool zero = false;
  bool one = false;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1)
      return invalid_argument(where + " row " + std::to_string(i) + " is " + format_number(y[i]) +
                              "; a classifier expects 0 or 1");
    (y[i] == 1 ? one : zero) = true;
  }
  if (where == "target" && !(zero && one))
    return invalid_argument("the target has a single class (" + std::string(one ? "1" : "0") +
                            "); a classifier needs examples of both 0 and 1");
  return {};
}

// RMSE (regression) or mean log loss (classification) of margins against y.
double validation_loss(bool classifier, const std::vector<double>& margin, const std::vector<double>& y) {
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (classifier) {
      const double p = std::min(std::max(dmath::sigmoid(margin[i]), 1e-15), 1 - 1e-15);
      sum -= y[i] == 1 ? dmath::log(p) : dmath::log(1 - p);
    } else {
      sum += (y[i] - margin[i]) * (y[i] - margin[i]);
    }
  }
  const double mean = sum / static_cast<double>(y.size());
  return classifier ? mean : std::sqrt(mean);
}

std::vector<std::size_t> sample_features(std::size_t cols, double colsample, Rng& rng) {
  std::vector<std::size_t> all(cols);
  for (std::size_t i = 0; i < cols; ++i) all[i] = i;
  if (colsample >= 1) return all;
  const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(colsample * static_cast<double>(cols))));
  for (std::size_t i = 0; i < k; ++i) {
    auto j = i + static_cast<std::size_t>(rng.uniform() * static_cast<double>(cols - i));
    if (j >= cols) j = cols - 1;
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

std::vector<std::size_t> sample_rows(std::size_t rows, double subsample, Rng& rng) {
  std::vector<std::size_t> out;
  out.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r)
    if (subsample >= 1 || rng.uniform() < subsample) out.push_back(r);
  if (out.empty()) out.push_back(static_cast<std::size_t>(rng.uniform() * static_cast<double>(rows)) % rows);
  return out;
}

}  // namespace

Result<GbdtModel> fit_gbdt(const std::string& kind, const Dataset& x, const std::vector<double>& y,
                           const GbdtOptions& options, const GbdtValidation* validation) {
  if (!is_gbdt_kind(kind))
    return invalid_argument("model kind is \"" + kind + "\"; expected gbdt-regressor or gbdt-classifier");
  const bool classifier = kind == "gbdt-classifier";
  if (Status s = check_options(options); !s.ok()) return s.error();
  if (Status s = predictors::check_fit_input(x, y); !s.ok()) return s.error();
  if (classifier) {
    if (Status s = check_labels(y, "target"); !s.ok()) return s.error();
  }
  if (options.early_stopping_rounds > 0 && (validation == nullptr || validation->x.rows == 0))
    return invalid_argument("early_stopping_rounds is " + std::to_string(options.early_stopping_rounds) +
                            " but there is no validation set; give validation rows or set it to 0");
  if (validation != nullptr) {
    if (validation->x.cols != x.cols)
      return invalid_argument("the validation data has " + std::to_string(validation->x.cols) +
                              " feature columns; expected " + std::to_string(x.cols));
    if (Status s = check_target(validation->x, validation->y, "validation target"); !s.ok()) return s.error();
    if (classifier) {
      if (Status s = check_labels(validation->y, "validation target"); !s.ok()) return s.error();
    }
  }

  GbdtModel model;
  model.kind = kind;
  model.features = x.names;
  double mean = 0;
  for (double v : y) mean += v;
  mean /= static_cast<double>(y.size());
  model.base_score = classifier ? dmath::log(mean / (1 - mean)) : mean;
  model.params = {{"n_estimators", options.n_estimators},
                  {"max_depth", options.max_depth},
                  {"learning_rate", options.learning_rate},
                  {"min_child_weight", options.min_child_weight},
                  {"lambda", options.lambda},
                  {"subsample", options.subsample},
                  {"colsample", options.colsample},
                  {"max_bins", options.max_bins},
                  {"early_stopping_rounds", options.early_stopping_rounds},
                  {"seed", options.seed}};

  const predictors::BinnedMatrix binned = predictors::bin_features(x, options.max_bins);
  const predictors::TreeSettings settings{options.max_depth, options.min_child_weight, options.lambda,
                                          options.learning_rate};
  std::vector<double> margin(x.rows, model.base_score);
  std::vector<double> valid_margin(validation != nullptr ? validation->x.rows : 0, model.base_score);
  std::vector<double> grad(x.rows);
  std::vector<double> hess(x.rows);
  std::vector<std::vector<double>> tree_gains;
  Rng rng(options.seed, 11);
  double best_loss = 0;
  std::size_t best = 0;
  for (int round = 0; round < options.n_estimators; ++round) {
    for (std::size_t r = 0; r < x.rows; ++r) {
      if (classifier) {
        const double p = dmath::sigmoid(margin[r]);
        grad[r] = p - y[r];
        hess[r] = std::max(p * (1 - p), 1e-16);
      } else {
        grad[r] = margin[r] - y[r];
        hess[r] = 1;
      }
    }
    const std::vector<std::size_t> rows = sample_rows(x.rows, options.subsample, rng);
    const std::vector<std::size_t> features = sample_features(x.cols, options.colsample, rng);
    std::vector<double> gains(x.cols, 0.0);
    GbdtTree tree = predictors::grow_tree(binned, grad, hess, rows, features, settings, gains);
    for (std::size_t r = 0; r < x.rows; ++r) margin[r] += tree.leaf_value(&x.values[r * x.cols]);
    model.trees.push_back(std::move(tree));
    tree_gains.push_back(std::move(gains));
    if (validation == nullptr || validation->x.rows == 0) continue;
    for (std::size_t r = 0; r < validation->x.rows; ++r)
      valid_margin[r] += model.trees.back().leaf_value(&validation->x.values[r * x.cols]);
    const double loss = validation_loss(classifier, valid_margin, validation->y);
    const auto index = static_cast<std::size_t>(round);
    if (round == 0 || loss < best_loss) {
      best_loss = loss;
      best = index;
    } else if (options.early_stopping_rounds > 0 &&
               index - best >= static_cast<std::size_t>(options.early_stopping_rounds)) {
      break;
    }
  }
  if (options.early_stopping_rounds > 0) {
    model.trees.resize(best + 1);
    tree_gains.resize(best + 1);
  }
  model.best_iteration = model.trees.size() - 1;
  model.importance.assign(x.cols, 0.0);
  double total = 0;
  for (const auto& gains : tree_gains)
    for (std::size_t c = 0; c < x.cols; ++c) model.importance[c] += gains[c];
  for (double g : model.importance) total += g;
  if (total > 0)
    for (double& g : model.importance) g /= total;
  model.version = gbdt_content_id(model);
  if (Status s = add_gbdt_metrics(model, "train", x, y); !s.ok()) return s.error();
  if (validation != nullptr && validation->x.rows > 0) {
    if (Status s = add_gbdt_metrics(model, "validation", validation->x, validation->y); !s.ok()) return s.error();
  }
  return model;
}

Result<GbdtOptions> gbdt_options_from_json(const nlohmann::json& object) {
  GbdtOptions o;
  if (object.is_null()) return o;
  if (!object.is_object()) return invalid_argument("GBDT options must be an object like {\"n_estimators\": 100}");
  static const char* const kKnown[] = {"n_estimators", "max_depth", "learning_rate", "min_child_weight",      "lambda",
                                       "subsample",    "colsample", "max_bins",      "early_stopping_rounds", "seed"};
  for (const auto& item : object.items()) {
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return item.key() == k; }) ==
        std::end(kKnown))
      return invalid_argument(
          "unknown GBDT option \"" + item.key() +
          "\"; expected n_estimators, max_depth, learning_rate, min_child_weight, lambda, subsample, "
          "colsample, max_bins, early_stopping_rounds or seed");
    if (!item.value().is_number()) return invalid_argument("GBDT option \"" + item.key() + "\" must be a number");
  }
  auto integer = [&](const char* key, int* out) -> Status {
    if (!object.contains(key)) return {};
    const double v = object[key].get<double>();
    if (v != std::floor(v) || std::abs(v) > 1e9)
      return invalid_argument(std::string(key) + " is " + format_number(v) + "; expected an integer");
    *out = static_cast<int>(v);
    return {};
  };
  for (const auto& [key, out] : {std::pair<const char*, int*>{"n_estimators", &o.n_estimators},
                                 {"max_depth", &o.max_depth},
                                 {"max_bins", &o.max_bins},
                                 {"early_stopping_rounds", &o.early_stopping_rounds}}) {
    if (Status s = integer(key, out); !s.ok()) return s.error();
  }
  for (const auto& [key, out] : {std::pair<const char*, double*>{"learning_rate", &o.learning_rate},
                                 {"min_child_weight", &o.min_child_weight},
                                 {"lambda", &o.lambda},
                                 {"subsample", &o.subsample},
                                 {"colsample", &o.colsample}}) {
    if (object.contains(key)) *out = object[key].get<double>();
  }
  if (object.contains("seed")) {
    const double v = object["seed"].get<double>();
    if (v < 0 || v != std::floor(v) || v > 9007199254740991.0)
      return invalid_argument("seed is " + format_number(v) + "; expected an integer in [0, 2^53-1]");
    o.seed = static_cast<std::uint64_t>(v);
  }
  if (Status s = check_options(o); !s.ok()) return s.error();
  return o;
}

}  // namespace learnloop
