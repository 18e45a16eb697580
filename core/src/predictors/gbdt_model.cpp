// Prediction, metrics and the versioned document of GBDT models.
#include <cmath>
#include <limits>
#include <type_traits>

#include "learnloop/core/det_math.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/metrics.hpp"
#include "learnloop/predictors/model_document.hpp"

namespace learnloop {

namespace {

// Checks a tree read from a document: equal array lengths, children in range and after their parent.
Status check_tree(const GbdtTree& t, std::size_t features, std::size_t index) {
  const std::string where = "model tree " + std::to_string(index);
  const std::size_t n = t.feature.size();
  if (n == 0 || t.threshold.size() != n || t.left.size() != n || t.right.size() != n || t.value.size() != n)
    return invalid_argument(
        where + " needs non-empty \"feature\", \"threshold\", \"left\", \"right\", \"value\" arrays of equal length");
  for (std::size_t i = 0; i < n; ++i) {
    if (t.feature[i] == -1) continue;
    if (t.feature[i] < 0 || static_cast<std::size_t>(t.feature[i]) >= features)
      return invalid_argument(where + " node " + std::to_string(i) + " splits on feature " +
                              std::to_string(t.feature[i]) + "; the model has " + std::to_string(features));
    for (int child : {t.left[i], t.right[i]})
      if (child <= static_cast<int>(i) || static_cast<std::size_t>(child) >= n)
        return invalid_argument(where + " node " + std::to_string(i) + " has child " + std::to_string(child) +
                                "; expected a later node below " + std::to_string(n));
  }
  return {};
}

template <typename T>
Result<std::vector<T>> number_array(const nlohmann::json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return invalid_argument(where + " needs a \"" + key + "\" array");
  std::vector<T> out;
  out.reserve(it->size());
  for (const auto& v : *it) {
    if (!v.is_number()) return invalid_argument(where + " \"" + key + "\" holds a value that is not a number");
    if constexpr (std::is_integral_v<T>) {  // an index: 1.5 or 2^32 + 2 is an error, never truncated or wrapped
      const double d = v.get<double>();
      if (!(d >= static_cast<double>(std::numeric_limits<T>::min()) &&
            d <= static_cast<double>(std::numeric_limits<T>::max()) && d == std::floor(d)))
        return invalid_argument(where + " \"" + key + "\" holds " + v.dump() + "; expected an integer index");
    }
    out.push_back(v.get<T>());
  }
  return out;
}

}  // namespace

bool is_gbdt_kind(const std::string& kind) { return kind == "gbdt-regressor" || kind == "gbdt-classifier"; }

double GbdtTree::leaf_value(const double* row) const {
  std::size_t node = 0;
  while (feature[node] >= 0)
    node = static_cast<std::size_t>(row[feature[node]] < threshold[node] ? left[node] : right[node]);
  return value[node];
}

Result<std::vector<double>> GbdtModel::predict_margin(const Dataset& x) const {
  if (x.cols != features.size())
    return invalid_argument("the data has " + std::to_string(x.cols) + " feature columns; the " + kind +
                            " model expects " + std::to_string(features.size()));
  std::vector<double> out(x.rows, base_score);
  for (const GbdtTree& tree : trees)
    for (std::size_t r = 0; r < x.rows; ++r) out[r] += tree.leaf_value(&x.values[r * x.cols]);
  return out;
}

Result<std::vector<double>> GbdtModel::predict(const Dataset& x) const {
  Result<std::vector<double>> margin = predict_margin(x);
  if (!margin.ok() || kind != "gbdt-classifier") return margin;
  std::vector<double> out = std::move(margin).value();
  for (double& m : out) m = dmath::sigmoid(m);
  return out;
}

Status add_gbdt_metrics(GbdtModel& model, const std::string& split, const Dataset& x, const std::vector<double>& y) {
  Result<std::vector<double>> predicted = model.predict(x);
  if (!predicted.ok()) return predicted.status();
  Status s = check_target(x, y, "target");
  if (!s.ok()) return s;
  model.metrics[split] = metrics_json(model.kind == "gbdt-classifier", y, predicted.value());
  return {};
}

std::string gbdt_to_json(const GbdtModel& model) {
  nlohmann::ordered_json doc;
  doc["format"] = kModelFormat;
  doc["format_version"] = kModelFormatVersion;
  doc["kind"] = model.kind;
  doc["version"] = model.version;
  if (!model.preset.empty()) doc["preset"] = model.preset;
  doc["features"] = model.features;
  doc["base_score"] = model.base_score;
  doc["best_iteration"] = model.best_iteration;
  doc["params"] = model.params.is_null() ? nlohmann::ordered_json::object() : model.params;
  doc["importance"] = model.importance;
  doc["metrics"] = model.metrics.is_null() ? nlohmann::ordered_json::object() : model.metrics;
  if (!model.feature_spec.is_null()) doc["feature_spec"] = model.feature_spec;
  if (!model.conformal.is_null()) doc["conformal"] = model.conformal;
  if (!model.quantiles.is_null()) doc["quantiles"] = model.quantiles;
  nlohmann::ordered_json trees = nlohmann::ordered_json::array();
  for (const GbdtTree& t : model.trees)
    trees.push_back(
        {{"feature", t.feature}, {"threshold", t.threshold}, {"left", t.left}, {"right", t.right}, {"value", t.value}});
  doc["trees"] = std::move(trees);
  return doc.dump();
}

std::string gbdt_content_id(const GbdtModel& model) {
  GbdtModel bare = model;
  bare.version.clear();
  bare.metrics = nullptr;
  bare.conformal = nullptr;
  bare.quantiles = nullptr;
  return model_content_hash_id(model.kind, gbdt_to_json(bare));
}

Result<GbdtModel> gbdt_from_json(const std::string& text) {
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = parsed.value();
  Status header = check_state_header(doc, kModelFormat, kModelFormatVersion, "format_version");
  if (!header.ok()) return header.error();
  GbdtModel model;
  if (!doc.contains("kind") || !doc["kind"].is_string() || !is_gbdt_kind(doc["kind"].get<std::string>()))
    return invalid_argument("model \"kind\" must be \"gbdt-regressor\" or \"gbdt-classifier\"");
  model.kind = doc["kind"].get<std::string>();
  for (const auto& [key, out] : {std::pair{"version", &model.version}, std::pair{"preset", &model.preset}}) {
    if (Status s = read_json_string(doc, key, out); !s.ok()) return Error{s.error().code, "model " + s.error().message};
  }
  if (!model.preset.empty() && model.preset != "ctr" && model.preset != "roas" && model.preset != "conversion")
    return invalid_argument("model preset is \"" + model.preset + "\"; expected ctr, roas or conversion");
  auto features = doc.find("features");
  if (features == doc.end() || !features->is_array())
    return invalid_argument("model needs a \"features\" array of names");
  for (const auto& f : *features) {
    if (!f.is_string()) return invalid_argument("model features must be names");
    model.features.push_back(f.get<std::string>());
  }
  Result<double> base = json_number(doc, "base_score", "model");
  if (!base.ok()) return base.error();
  model.base_score = base.value();
  Result<std::vector<double>> importance = number_array<double>(doc, "importance", "model");
  if (!importance.ok()) return importance.error();
  if (importance.value().size() != model.features.size())
    return invalid_argument("model \"importance\" has " + std::to_string(importance.value().size()) +
                            " values; expected one per feature (" + std::to_string(model.features.size()) + ")");
  model.importance = std::move(importance).value();
  auto trees = doc.find("trees");
  if (trees == doc.end() || !trees->is_array() || trees->empty())
    return invalid_argument("model needs a non-empty \"trees\" array");
  for (std::size_t i = 0; i < trees->size(); ++i) {
    const nlohmann::json& t = (*trees)[i];
    const std::string where = "model tree " + std::to_string(i);
    if (!t.is_object()) return invalid_argument(where + " must be an object");
    GbdtTree tree;
    auto feature = number_array<int>(t, "feature", where);
    auto threshold = number_array<double>(t, "threshold", where);
    auto left = number_array<int>(t, "left", where);
    auto right = number_array<int>(t, "right", where);
    auto value = number_array<double>(t, "value", where);
    for (const Status& s : {feature.status(), threshold.status(), left.status(), right.status(), value.status()})
      if (!s.ok()) return s.error();
    tree.feature = std::move(feature).value();
    tree.threshold = std::move(threshold).value();
    tree.left = std::move(left).value();
    tree.right = std::move(right).value();
    tree.value = std::move(value).value();
    if (Status s = check_tree(tree, model.features.size(), i); !s.ok()) return s.error();
    model.trees.push_back(std::move(tree));
  }
  model.best_iteration = model.trees.size() - 1;
  const auto ordered = parse_json_or_discarded<nlohmann::ordered_json>(text);
  if (ordered.contains("params")) model.params = ordered["params"];
  if (ordered.contains("metrics")) model.metrics = ordered["metrics"];
  if (ordered.contains("conformal")) {
    const auto& c = ordered["conformal"];
    if (!c.is_object() || !c.contains("half_width") || !c["half_width"].is_number() ||
        c["half_width"].get<double>() < 0)
      return invalid_argument("model conformal must be {\"coverage\", \"half_width\" >= 0, \"samples\"}");
    model.conformal = c;
  }
  if (ordered.contains("quantiles")) {
    const auto& q = ordered["quantiles"];
    if (!q.is_object() || !q.contains("p10") || !q["p10"].is_number() || !q.contains("p90") || !q["p90"].is_number())
      return invalid_argument("model quantiles must be {\"p10\", \"p90\", \"samples\"}");
    model.quantiles = q;
  }
  if (ordered.contains("feature_spec")) {
    Result<FeatureSpec> spec = feature_spec_from_json(doc["feature_spec"]);
    if (!spec.ok()) return Error{spec.error().code, "model feature_spec: " + spec.error().message};
    if (!spec.value().fitted) return invalid_argument("model feature_spec has not been fitted");
    model.feature_spec = ordered["feature_spec"];
  }
  return model;
}

}  // namespace learnloop
