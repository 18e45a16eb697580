// Embind: off-policy evaluation. Columns arrive as typed arrays, actions as an array of strings,
// the optional target distribution as JSON {action: probability}; the report leaves as JSON.
#include <emscripten/bind.h>

#include "js_result.hpp"
#include "learnloop/bandits/off_policy.hpp"
#include "learnloop/core/json_state.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val off_policy_evaluation(val rewards, val propensities, val target_probs, val actions,
                          const std::string& target_json) {
  LoggedDecisions log;
  log.rewards = emscripten::convertJSArrayToNumberVector<double>(rewards);
  log.propensities = emscripten::convertJSArrayToNumberVector<double>(propensities);
  log.target_probs = emscripten::convertJSArrayToNumberVector<double>(target_probs);
  if (!actions.isUndefined() && !actions.isNull()) log.actions = emscripten::vecFromJSArray<std::string>(actions);
  if (!target_json.empty()) {
    Result<nlohmann::json> parsed = parse_json(target_json);
    if (!parsed.ok()) return error_to_js(parsed.error());
    if (!parsed.value().is_object())
      return error_to_js(invalid_argument("targetDistribution must map actions to probabilities"));
    for (const auto& item : parsed.value().items()) {
      if (!item.value().is_number())
        return error_to_js(invalid_argument("targetDistribution['" + item.key() + "'] is not a number"));
      log.target_distribution[item.key()] = item.value().get<double>();
    }
  }
  return result_to_js(evaluate_off_policy(log), [](const OpeReport& r) { return val(ope_report_to_json(r)); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_off_policy) {
  emscripten::function("offPolicyEvaluation", &learnloop::wasm::off_policy_evaluation);
}
