// Embind: linear predictors. Features cross as one row-major Float64Array with rows and cols, or as
// JSON records with a feature spec; models cross as their JSON documents (plain data, no handle).
#include <emscripten/bind.h>

#include "js_data.hpp"
#include "js_result.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"
#include "learnloop/predictors/conformal.hpp"
#include "learnloop/predictors/constant_columns.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/linear_presets.hpp"
#include "learnloop/predictors/model_document.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val fit_linear(const std::string& kind, val values, double rows, double cols, val names, val target, double penalty) {
  Result<Dataset> x = dataset_from_js(values, rows, cols, names);
  if (!x.ok()) return error_to_js(x.error());
  const std::vector<double> y = emscripten::convertJSArrayToNumberVector<double>(target);
  return result_to_js(fit_linear_matrix(kind, x.value(), y, penalty),
                      [](const LinearModel& m) { return val(model_to_json(m)); });
}

val fit_linear_records(const std::string& kind, const std::string& records_json, const std::string& target,
                       const std::string& spec_json, double penalty) {
  Result<CsvTable> rows = records_from_json(records_json);
  if (!rows.ok()) return error_to_js(rows.error());
  Result<FeatureSpec> spec = feature_spec_from_text(spec_json);
  if (!spec.ok()) return error_to_js(spec.error());
  return result_to_js(fit_linear_rows(kind, spec.value(), rows.value(), target, penalty),
                      [](const LinearModel& m) { return val(model_to_json(m)); });
}

// `model` with a split-conformal interval calibrated on (x, y), as a document, or the error.
val calibrated_document(const LinearModel& model, const Result<Dataset>& x, const std::vector<double>& y,
                        double coverage) {
  if (!x.ok()) return error_to_js(x.error());
  Result<ConformalInterval> interval = calibrate_conformal(model, x.value(), y, coverage);
  if (!interval.ok()) return error_to_js(interval.error());
  LinearModel calibrated = model;
  attach_conformal(calibrated, interval.value());
  return val(model_to_json(calibrated));
}

val calibrate_matrix(const std::string& document, val values, double rows, double cols, val y, double coverage) {
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return error_to_js(model.error());
  return calibrated_document(model.value(), dataset_from_js(values, rows, cols, val::undefined()),
                             emscripten::convertJSArrayToNumberVector<double>(y), coverage);
}

val calibrate_records(const std::string& document, const std::string& records_json, const std::string& target,
                      double coverage) {
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return error_to_js(model.error());
  Result<CsvTable> rows = records_from_json(records_json);
  if (!rows.ok()) return error_to_js(rows.error());
  Result<std::vector<double>> y = rows.value().numbers(target);
  if (!y.ok()) return error_to_js(y.error());
  return calibrated_document(model.value(), model_inputs(model.value(), rows.value()), y.value(), coverage);
}

val conformal_bounds_js(const std::string& document, val predictions) {
  auto bounds = document_conformal_bounds(document, emscripten::convertJSArrayToNumberVector<double>(predictions));
  if (!bounds.ok()) return error_to_js(bounds.error());
  val out = val::object();
  out.set("lower", to_float64_array(bounds.value().first));
  out.set("upper", to_float64_array(bounds.value().second));
  return out;
}

// The feature spec of a linear preset for `kind`, as JSON, or an error record.
val linear_preset_spec_js(const std::string& kind, const std::string& preset) {
  Result<std::string> preset_kind = linear_preset_kind(preset);
  if (!preset_kind.ok()) return error_to_js(preset_kind.error());
  if (preset_kind.value() != kind)
    return error_to_js(invalid_argument("preset " + preset + " is a " + preset_kind.value() + " model; use fit" +
                                        (preset_kind.value() == "ridge" ? "Ridge" : "Logistic")));
  return result_to_js(linear_preset_spec(preset),
                      [](const FeatureSpec& spec) { return val(feature_spec_to_json(spec).dump()); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_predictors) {
  emscripten::function("linearPresetSpec", &learnloop::wasm::linear_preset_spec_js);
  emscripten::function("fitLinear", &learnloop::wasm::fit_linear);
  emscripten::function("fitLinearRecords", &learnloop::wasm::fit_linear_records);
  emscripten::function("calibrateMatrix", &learnloop::wasm::calibrate_matrix);
  emscripten::function("calibrateRecords", &learnloop::wasm::calibrate_records);
  emscripten::function("conformalBounds", &learnloop::wasm::conformal_bounds_js);
}
