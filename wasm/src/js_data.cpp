// Bulk input conversion for the predictor bindings (see js_data.hpp).
#include "js_data.hpp"

#include <emscripten/bind.h>

#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"

namespace learnloop::wasm {

Result<Dataset> dataset_from_js(emscripten::val values, double rows, double cols, emscripten::val names) {
  Result<std::uint64_t> r = exact_integer(rows, "rows");
  if (!r.ok()) return r.error();
  Result<std::uint64_t> c = exact_integer(cols, "cols", 1);
  if (!c.ok()) return c.error();
  std::vector<std::string> column_names;
  if (!names.isUndefined() && !names.isNull()) column_names = emscripten::vecFromJSArray<std::string>(names);
  return make_dataset(r.value(), c.value(), emscripten::convertJSArrayToNumberVector<double>(values), column_names);
}

Result<FeatureSpec> feature_spec_from_text(const std::string& spec_json) {
  Result<nlohmann::json> spec_doc = parse_json(spec_json);
  if (!spec_doc.ok()) return spec_doc.error();
  return feature_spec_from_json(spec_doc.value());
}

}  // namespace learnloop::wasm
