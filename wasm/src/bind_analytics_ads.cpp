// Embind: the ads analytics as pure functions. Requests arrive as JSON text, results leave as the
// same JSON text the CLI prints with --json; validation and messages are the core's.
#include <emscripten/bind.h>

#include "js_result.hpp"
#include "learnloop/analytics/budget_simulator.hpp"
#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/analytics/data_quality.hpp"
#include "learnloop/core/json_state.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val dumped(const nlohmann::ordered_json& j) { return val(j.dump()); }

val simulate_budget_json(const std::string& request_json) {
  Result<nlohmann::json> request = parse_json(request_json);
  if (!request.ok()) return error_to_js(request.error());
  Result<BudgetSimulationSpec> spec = budget_spec_from_json(request.value());
  if (!spec.ok()) return error_to_js(spec.error());
  return result_to_js(simulate_budget(spec.value()), dumped);
}

val creative_fatigue_json(const std::string& records_json, const std::string& date) {
  Result<nlohmann::json> records = parse_json(records_json);
  if (!records.ok()) return error_to_js(records.error());
  return result_to_js(creative_fatigue_of_records(records.value(), date), dumped);
}

val emq_batch_json(const std::string& jsonl, const std::string& platform) {
  return result_to_js(analyze_event_quality_batch(jsonl, platform), dumped);
}

val emq_event_json(const std::string& event_json, const std::string& platform) {
  Result<nlohmann::json> event = parse_json(event_json);
  if (!event.ok()) return error_to_js(event.error());
  return result_to_js(analyze_event_quality(event.value(), platform), dumped);
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_analytics_ads) {
  emscripten::function("simulateBudget", &learnloop::wasm::simulate_budget_json);
  emscripten::function("creativeFatigue", &learnloop::wasm::creative_fatigue_json);
  emscripten::function("emqBatch", &learnloop::wasm::emq_batch_json);
  emscripten::function("emqEvent", &learnloop::wasm::emq_event_json);
}
