// Embind: gradient-boosted trees and model-kind dispatch at predict. Features cross as one row-major
// Float64Array with rows and cols, or as JSON records with a feature spec; options and models cross
// as JSON documents (plain data, no handle). No logic: the core fits, predicts and reports.
#include <emscripten/bind.h>

#include "js_data.hpp"
#include "js_result.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"
#include "learnloop/predictors/model_document.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

Result<GbdtOptions> options_from_text(const std::string& options_json) {
  Result<nlohmann::json> parsed = parse_json(options_json);
  if (!parsed.ok()) return parsed.error();
  return gbdt_options_from_json(parsed.value());
}

// fitGbdt(kind, x, rows, cols, names, y, optionsJson, validX or undefined, validRows, validY)
val fit_gbdt_matrix(const std::string& kind, val values, double rows, double cols, val names, val target,
                    const std::string& options_json, val valid_values, double valid_rows, val valid_target) {
  Result<Dataset> x = dataset_from_js(values, rows, cols, names);
  if (!x.ok()) return error_to_js(x.error());
  Result<GbdtOptions> options = options_from_text(options_json);
  if (!options.ok()) return error_to_js(options.error());
  const std::vector<double> y = emscripten::convertJSArrayToNumberVector<double>(target);
  GbdtValidation validation;
  const bool has_validation = !valid_values.isUndefined() && !valid_values.isNull();
  if (has_validation) {
    Result<Dataset> vx = dataset_from_js(valid_values, valid_rows, cols, names);
    if (!vx.ok()) return error_to_js(vx.error());
    validation = GbdtValidation{std::move(vx).value(), emscripten::convertJSArrayToNumberVector<double>(valid_target)};
  }
  return result_to_js(fit_gbdt(kind, x.value(), y, options.value(), has_validation ? &validation : nullptr),
                      [](const GbdtModel& m) { return val(gbdt_to_json(m)); });
}

// fitGbdtRecords(kind, recordsJson, target, specJson, optionsJson, splitJson {test_fraction, validation_fraction,
// coverage, seed, preset})
val fit_gbdt_records(const std::string& kind, const std::string& records_json, const std::string& target,
                     const std::string& spec_json, const std::string& options_json, const std::string& split_json) {
  Result<CsvTable> rows = records_from_json(records_json);
  if (!rows.ok()) return error_to_js(rows.error());
  Result<FeatureSpec> spec = feature_spec_from_text(spec_json);
  if (!spec.ok()) return error_to_js(spec.error());
  Result<GbdtOptions> options = options_from_text(options_json);
  if (!options.ok()) return error_to_js(options.error());
  Result<nlohmann::json> split_doc = parse_json(split_json);
  if (!split_doc.ok()) return error_to_js(split_doc.error());
  GbdtRowsOptions split;
  for (const auto& [key, out] : {std::pair<const char*, double*>{"test_fraction", &split.test_fraction},
                                 {"validation_fraction", &split.validation_fraction},
                                 {"coverage", &split.coverage}}) {
    if (Status s = read_json_number(split_doc.value(), key, out); !s.ok()) return error_to_js(s.error());
  }
  double seed = 0;
  if (Status s = read_json_number(split_doc.value(), "seed", &seed); !s.ok()) return error_to_js(s.error());
  Result<std::uint64_t> exact_seed = exact_integer(seed, "seed");
  if (!exact_seed.ok()) return error_to_js(exact_seed.error());
  split.seed = exact_seed.value();
  split.preset = split_doc.value().value("preset", "");
  return result_to_js(fit_gbdt_rows(kind, spec.value(), rows.value(), target, options.value(), split),
                      [](const GbdtModel& m) { return val(gbdt_to_json(m)); });
}

val predict_model_matrix(const std::string& document, val values, double rows, double cols) {
  Result<Dataset> x = dataset_from_js(values, rows, cols, val::undefined());
  if (!x.ok()) return error_to_js(x.error());
  return result_to_js(predict_document_matrix(document, x.value()),
                      [](const std::vector<double>& p) { return to_float64_array(p); });
}

val predict_model_records(const std::string& document, const std::string& records_json) {
  Result<CsvTable> rows = records_from_json(records_json);
  if (!rows.ok()) return error_to_js(rows.error());
  return result_to_js(predict_document_rows(document, rows.value()),
                      [](const std::vector<double>& p) { return to_float64_array(p); });
}

// The report `learnloop predict --json` prints, as JSON text.
val prediction_report_records(const std::string& document, const std::string& records_json) {
  Result<CsvTable> rows = records_from_json(records_json);
  if (!rows.ok()) return error_to_js(rows.error());
  return result_to_js(prediction_report(document, rows.value()),
                      [](const nlohmann::ordered_json& report) { return val(report.dump()); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_gbdt) {
  emscripten::function("fitGbdt", &learnloop::wasm::fit_gbdt_matrix);
  emscripten::function("fitGbdtRecords", &learnloop::wasm::fit_gbdt_records);
  emscripten::function("predictModel", &learnloop::wasm::predict_model_matrix);
  emscripten::function("predictModelRecords", &learnloop::wasm::predict_model_records);
  emscripten::function("predictionReport", &learnloop::wasm::prediction_report_records);
}
