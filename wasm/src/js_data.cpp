// Bulk input conversion for the predictor bindings (see js_data.hpp).
#include "js_data.hpp"

#include <emscripten/bind.h>

#include <cstdint>
#include <limits>
#include <string>

#include "learnloop/core/json_state.hpp"
#include "learnloop/core/numbers.hpp"

namespace learnloop::wasm {

Result<Dataset> dataset_from_js(emscripten::val values, double rows, double cols, emscripten::val names) {
  Result<std::uint64_t> r = exact_integer(rows, "rows");
  if (!r.ok()) return r.error();
  Result<std::uint64_t> c = exact_integer(cols, "cols", 1);
  if (!c.ok()) return c.error();
  // Checked in 64 bits before the shape meets the 32-bit size_t of wasm, where 2^32 + 4 rows would wrap to 4.
  constexpr double kMaxValues = std::numeric_limits<std::uint32_t>::max();
  if (static_cast<double>(r.value()) * static_cast<double>(c.value()) > kMaxValues)
    return invalid_argument("rows x cols is " + std::to_string(r.value()) + " x " + std::to_string(c.value()) +
                            "; expected at most 4294967295 values in all");
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
