// Conversion of bulk inputs shared by the predictor bindings: a row-major Float64Array with its
// shape as a Dataset, and a feature spec's JSON text as a FeatureSpec.
#pragma once

#include <emscripten/val.h>

#include <string>

#include "learnloop/predictors/dataset.hpp"
#include "learnloop/predictors/feature_spec.hpp"

namespace learnloop::wasm {

/// A Dataset from (Float64Array values, rows, cols, column names or undefined).
Result<Dataset> dataset_from_js(emscripten::val values, double rows, double cols, emscripten::val names);

/// A feature spec from its JSON text.
Result<FeatureSpec> feature_spec_from_text(const std::string& spec_json);

}  // namespace learnloop::wasm
