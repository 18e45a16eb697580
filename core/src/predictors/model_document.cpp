// Dispatch on the document's kind to the linear or the GBDT reader.
#include "learnloop/predictors/model_document.hpp"

#include "learnloop/core/finite.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/predictors/conformal.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/gbdt_presets.hpp"

namespace learnloop {

namespace {

// True when the document's "kind" names a GBDT model (malformed documents go to the linear reader's checks).
bool is_gbdt_document(const std::string& document) {
  const auto doc = parse_json_or_discarded<nlohmann::json>(document);
  return doc.is_object() && doc.contains("kind") && doc["kind"].is_string() &&
         is_gbdt_kind(doc["kind"].get<std::string>());
}

// `predicted`, or an error when a prediction overflowed.
Result<std::vector<double>> finite_predictions(Result<std::vector<double>> predicted) {
  if (!predicted.ok()) return predicted;
  if (Status s = check_finite(predicted.value(), "predictions"); !s.ok()) return s.error();
  return predicted;
}

}  // namespace

Result<std::string> model_document_kind(const std::string& document) {
  if (is_gbdt_document(document)) {
    Result<GbdtModel> model = gbdt_from_json(document);
    if (!model.ok()) return model.error();
    return model.value().kind;
  }
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return model.error();
  return model.value().kind;
}

Result<std::vector<double>> predict_document_matrix(const std::string& document, const Dataset& x) {
  if (is_gbdt_document(document)) {
    Result<GbdtModel> model = gbdt_from_json(document);
    if (!model.ok()) return model.error();
    return finite_predictions(model.value().predict(x));
  }
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return model.error();
  return finite_predictions(model.value().predict(x));
}

Result<std::vector<double>> predict_document_rows(const std::string& document, const CsvTable& rows) {
  Result<nlohmann::ordered_json> report = prediction_report(document, rows);
  if (!report.ok()) return report.error();
  return report.value()["predictions"].get<std::vector<double>>();
}

Result<std::pair<std::vector<double>, std::vector<double>>> document_conformal_bounds(
    const std::string& document, const std::vector<double>& predictions) {
  if (is_gbdt_document(document)) {
    Result<GbdtModel> model = gbdt_from_json(document);
    if (!model.ok()) return model.error();
    return conformal_bounds(model.value().conformal, predictions);
  }
  Result<LinearModel> model = model_from_json(document);
  if (!model.ok()) return model.error();
  return conformal_bounds(model.value(), predictions);
}

Result<nlohmann::ordered_json> prediction_report(const std::string& document, const CsvTable& rows) {
  nlohmann::ordered_json out;
  std::vector<double> predictions;
  nlohmann::ordered_json conformal;
  if (is_gbdt_document(document)) {
    Result<GbdtModel> model = gbdt_from_json(document);
    if (!model.ok()) return model.error();
    Result<Dataset> x = design_matrix(model.value().features, model.value().feature_spec, rows);
    if (!x.ok()) return x.error();
    Result<std::vector<double>> predicted = model.value().predict(x.value());
    if (!predicted.ok()) return predicted.error();
    predictions = std::move(predicted).value();
    out["model"] = model.value().version;
    out["kind"] = model.value().kind;
    out["predictions"] = predictions;
    conformal = model.value().conformal;
    if (!model.value().preset.empty()) {
      Result<nlohmann::ordered_json> results = preset_outputs(model.value(), x.value(), rows, predictions);
      if (!results.ok()) return results.error();
      out["preset"] = model.value().preset;
      out["results"] = std::move(results).value();
    }
  } else {
    Result<LinearModel> model = model_from_json(document);
    if (!model.ok()) return model.error();
    Result<Dataset> x = model_inputs(model.value(), rows);
    if (!x.ok()) return x.error();
    Result<std::vector<double>> predicted = model.value().predict(x.value());
    if (!predicted.ok()) return predicted.error();
    predictions = std::move(predicted).value();
    out["model"] = model.value().version;
    out["kind"] = model.value().kind;
    out["predictions"] = predictions;
    conformal = model.value().conformal;
  }
  if (!conformal.is_null()) {
    Result<std::pair<std::vector<double>, std::vector<double>>> bounds = conformal_bounds(conformal, predictions);
    if (!bounds.ok()) return bounds.error();
    out["coverage"] = conformal["coverage"];
    out["lower"] = bounds.value().first;
    out["upper"] = bounds.value().second;
  }
  for (const char* key : {"predictions", "lower", "upper"}) {
    if (!out.contains(key)) continue;
    if (Status s = check_finite(out[key], key); !s.ok()) return s.error();
  }
  return out;
}

}  // namespace learnloop
