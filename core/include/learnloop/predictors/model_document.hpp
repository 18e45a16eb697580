// Any model document (linear or GBDT), dispatched on its "kind": predictions for a design matrix
// or raw rows, and the prediction report `learnloop predict --json` prints (with intervals and
// preset fields when the model has them). No I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/dataset.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// The "format" field of every model document, linear or GBDT.
constexpr const char* kModelFormat = "learnloop.model";
/// The "format_version" every model document carries and every reader accepts.
constexpr int kModelFormatVersion = 1;

/// Reads the model `document` with the reader of its kind and returns the kind, or the reader's error.
Result<std::string> model_document_kind(const std::string& document);

/// Predictions of the model `document` for every row of `x` (probability of class 1 for classifiers).
Result<std::vector<double>> predict_document_matrix(const std::string& document, const Dataset& x);

/// Predictions of the model `document` for raw `rows` (through its feature spec or plain columns).
Result<std::vector<double>> predict_document_rows(const std::string& document, const CsvTable& rows);

/// Bounds of `predictions` from the split-conformal interval stored in the model `document` (any kind).
Result<std::pair<std::vector<double>, std::vector<double>>> document_conformal_bounds(
    const std::string& document, const std::vector<double>& predictions);

/// {"model","kind","predictions"} plus "coverage","lower","upper" with a conformal interval and
/// "preset","results" (one object per row, see gbdt_presets.hpp) for preset models.
Result<nlohmann::ordered_json> prediction_report(const std::string& document, const CsvTable& rows);

}  // namespace learnloop
