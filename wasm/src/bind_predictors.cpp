// Embind: linear predictors. Features cross as one row-major Float64Array with rows and cols;
// models cross as their JSON documents (plain data, no handle to dispose).
#include <emscripten/bind.h>

#include "js_result.hpp"
#include "learnloop/core/numbers.hpp"
#include "learnloop/predictors/linear_model.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

// A Dataset from (Float64Array values, rows, cols, names or undefined).
Result<Dataset> dataset_from_js(val values, double rows, double cols, val names) {
  Result<std::uint64_t> r = exact_integer(rows, "rows");
  if (!r.ok()) return r.error();
  Result<std::uint64_t> c = exact_integer(cols, "cols", 1);
  if (!c.ok()) return c.error();
  std::vector<std::string> column_names;
  if (!names.isUndefined() && !names.isNull()) column_names = emscripten::vecFromJSArray<std::string>(names);
  return make_dataset(r.value(), c.value(), emscripten::convertJSArrayToNumberVector<double>(values), column_names);
}

val fit_linear(const std::string& kind, val values, double rows, double cols, val names, val target, double penalty) {
  Result<Dataset> x = dataset_from_js(values, rows, cols, names);
  if (!x.ok()) return error_to_js(x.error());
  const std::vector<double> y = emscripten::convertJSArrayToNumberVector<double>(target);
  Result<LinearModel> model = kind == "ridge" ? fit_ridge(x.value(), y, {penalty}) : fit_logistic(x.value(), y, {penalty});
  return result_to_js(model, [](const LinearModel& m) { return val(model_to_json(m)); });
}

val predict_linear(const std::string& document, val values, double rows, double cols) {
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return error_to_js(model.error());
  Result<Dataset> x = dataset_from_js(values, rows, cols, val::undefined());
  if (!x.ok()) return error_to_js(x.error());
  return result_to_js(model.value().predict(x.value()), [](const std::vector<double>& p) { return to_float64_array(p); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_predictors) {
  emscripten::function("fitLinear", &learnloop::wasm::fit_linear);
  emscripten::function("predictLinear", &learnloop::wasm::predict_linear);
}
