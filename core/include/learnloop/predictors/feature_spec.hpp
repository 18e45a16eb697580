// Feature specs: how raw columns (numbers or text) become model features, learned at fit and
// applied identically at predict, natively and in wasm. Kinds: numeric (optionally standardised),
// one_hot (one 0/1 feature per category seen at fit; an unseen category at predict gives all
// zeros), cyclic_hour (sin and cos of 2 pi h / 24). Missing values (empty text) follow the spec's
// policy: "error" (default), "mean" (the column's training mean) or "zero". No I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/predictors/dataset.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {

/// One raw column and how it becomes features.
struct FeatureColumn {
  std::string name;                     ///< raw column name
  std::string kind = "numeric";         ///< numeric | one_hot | cyclic_hour
  bool scale = false;                   ///< numeric: standardise with the training mean and std
  std::vector<std::string> categories;  ///< one_hot: categories seen at fit, sorted (learned)
  double mean = 0;                      ///< numeric: training mean (learned; fills missing under "mean")
  double std = 1;                       ///< numeric with scale: training standard deviation (learned)
  std::string source;                   ///< raw column read, when it differs from `name` (e.g. hour from timing_slot)
  double divide_by = 1;  ///< numeric: the raw value is divided by this first (e.g. 100 for a 0-100 score)
  /// The raw column this feature reads.
  const std::string& raw_column() const { return source.empty() ? name : source; }
};

/// A column named `name` of kind `kind` with every other field at its default.
FeatureColumn feature_column(const std::string& name, const std::string& kind = "numeric");

/// A feature spec; fitted once learn_feature_spec() has filled the learned fields.
struct FeatureSpec {
  std::vector<FeatureColumn> columns;  ///< raw columns in feature order
  std::string missing = "error";       ///< error | mean | zero
  bool fitted = false;                 ///< true after learn_feature_spec()
};

/// Reads a spec {"columns":[{"name","kind","scale"}], "missing"}; a column may be just its name (numeric).
Result<FeatureSpec> feature_spec_from_json(const nlohmann::json& spec);

/// The spec as JSON, with what was learned (categories, means, stds) when fitted.
nlohmann::ordered_json feature_spec_to_json(const FeatureSpec& spec);

/// Learns categories, means and standard deviations from `rows` (a table of raw text values).
Result<FeatureSpec> learn_feature_spec(const FeatureSpec& spec, const CsvTable& rows);

/// The design matrix of `rows` under a fitted spec; feature names like "hour_sin", "type=video".
Result<Dataset> apply_feature_spec(const FeatureSpec& spec, const CsvTable& rows);

/// sin and cos of 2 pi h / 24 for an hour h folded into [0, 24) first: the two features of a cyclic_hour column.
void cyclic_hour_features(double hour, double* sine, double* cosine);

/// Rows from JSON records [{"column": value, ...}] (numbers, strings, booleans or null for missing).
Result<CsvTable> records_from_json(const std::string& text);

}  // namespace learnloop
