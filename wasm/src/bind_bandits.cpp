// Embind: every bandit policy behind one JS class. Numbers from JS arrive as doubles and are
// checked by the core's exact_integer(); contexts and batches cross as typed arrays.
#include <emscripten/bind.h>

#include <limits>

#include <cmath>
#include <memory>
#include <string>

#include "js_result.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/core/numbers.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

// Owns one core bandit (Embind needs a concrete, movable type).
struct JsBandit {
  std::unique_ptr<Bandit> impl;
  double last_propensity = std::nan("");
};

std::vector<double> numbers_or_empty(const val& array) {
  if (array.isUndefined() || array.isNull()) return {};
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

val wrap(Result<std::unique_ptr<Bandit>> made) {
  if (!made.ok()) return error_to_js(made.error());
  return val(JsBandit{std::move(made).value()});
}

val create_bandit(const std::string& config_json) {
  Result<BanditConfig> config = bandit_config_from_json(config_json);
  if (!config.ok()) return error_to_js(config.error());
  return wrap(make_bandit(config.value()));
}

val bandit_from_json_js(const std::string& text) { return wrap(bandit_from_json(text)); }

// The chosen arm as a number (propensity via lastPropensity()), or an error record.
val select(JsBandit& b, val context) {
  Result<Selection> s = b.impl->select(numbers_or_empty(context));
  if (!s.ok()) return error_to_js(s.error());
  b.last_propensity = s.value().propensity;
  return val(static_cast<double>(s.value().arm));
}

double last_propensity(const JsBandit& b) { return b.last_propensity; }

// undefined or null: every arm; else the array of arm names a decision call may pick.
AllowedArms allowed_arms(const val& allowed) {
  if (allowed.isUndefined() || allowed.isNull()) return std::nullopt;
  return emscripten::vecFromJSArray<std::string>(allowed);
}

// The arm distribution as a Float64Array in arm order, or an error record.
val probabilities(const JsBandit& b, val context, val allowed) {
  Result<std::vector<double>> p = b.impl->probabilities(numbers_or_empty(context), allowed_arms(allowed));
  if (!p.ok()) return error_to_js(p.error());
  return to_float64_array(p.value());
}

// n picks as {arms: Uint32Array, propensities: Float64Array}, or an error record.
val select_many(JsBandit& b, double n, val context, val allowed) {
  Result<std::uint64_t> count = exact_integer(n, "n");
  if (!count.ok()) return error_to_js(count.error());
  if (count.value() > kMaxSelectMany)
    return error_to_js(invalid_argument("n is " + std::to_string(count.value()) + "; expected at most " +
                                        std::to_string(kMaxSelectMany)));
  Result<std::vector<Selection>> picks =
      b.impl->select_many(static_cast<std::size_t>(count.value()), numbers_or_empty(context), allowed_arms(allowed));
  if (!picks.ok()) return error_to_js(picks.error());
  std::vector<std::uint32_t> arms;
  std::vector<double> propensities;
  arms.reserve(picks.value().size());
  propensities.reserve(picks.value().size());
  for (const Selection& s : picks.value()) {
    arms.push_back(static_cast<std::uint32_t>(s.arm));
    propensities.push_back(s.propensity);
  }
  val out = val::object();
  out.set("arms", val::global("Uint32Array").new_(emscripten::typed_memory_view(arms.size(), arms.data())));
  out.set("propensities", to_float64_array(propensities));
  return out;
}

double serving_floor(const JsBandit& b) { return b.impl->config().floor; }

// Monte Carlo draws behind probabilities(): kProbabilityDraws for thompson and lints, 0 (exact) for the others.
double probability_draws(const JsBandit& b) {
  const std::string& p = b.impl->config().policy;
  return p == "thompson" || p == "lints" ? static_cast<double>(kProbabilityDraws) : 0.0;
}

// An arm index from a JS number, checked exactly; 2^32 would wrap to arm 0 in wasm's 32-bit size_t.
Result<std::size_t> checked_arm(double arm) {
  Result<std::uint64_t> index = exact_integer(arm, "arm");
  if (!index.ok()) return index.error();
  if (index.value() > std::numeric_limits<std::size_t>::max())
    return invalid_argument("arm " + std::to_string(index.value()) + " does not exist; expected an arm index");
  return static_cast<std::size_t>(index.value());
}

val update(JsBandit& b, double arm, double reward, val context) {
  Result<std::size_t> index = checked_arm(arm);
  if (!index.ok()) return error_to_js(index.error());
  return status_to_js(b.impl->update(index.value(), reward, numbers_or_empty(context)));
}

val update_batch(JsBandit& b, val arms, val rewards, val contexts) {
  return status_to_js(b.impl->update_batch(emscripten::convertJSArrayToNumberVector<std::uint32_t>(arms),
                                           emscripten::convertJSArrayToNumberVector<double>(rewards),
                                           numbers_or_empty(contexts)));
}

val add_arm(JsBandit& b, const std::string& name) {
  Status s = b.impl->add_arm(name);
  return s.ok() ? val(static_cast<double>(b.impl->arm_count() - 1)) : error_to_js(s.error());
}

val remove_arm(JsBandit& b, double arm) {
  Result<std::size_t> index = checked_arm(arm);
  if (!index.ok()) return error_to_js(index.error());
  return status_to_js(b.impl->remove_arm(index.value()));
}

val arm_index(const JsBandit& b, const std::string& name) {
  return result_to_js(b.impl->arm_index(name), [](std::size_t i) { return val(static_cast<double>(i)); });
}

val arm_names(const JsBandit& b) {
  val out = val::array();
  for (const std::string& name : b.impl->arm_names()) out.call<void>("push", name);
  return out;
}

// Per-arm columns {pulls, rewardSum, successes, failures, estimate} as Float64Arrays.
val stats(const JsBandit& b) {
  const std::size_t n = b.impl->arm_count();
  std::vector<double> pulls(n), reward_sum(n), successes(n), failures(n), estimate(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ArmStats& s = b.impl->stats(i);
    pulls[i] = s.pulls;
    reward_sum[i] = s.reward_sum;
    successes[i] = s.successes;
    failures[i] = s.failures;
    estimate[i] = b.impl->estimate(i);
  }
  val out = val::object();
  out.set("pulls", to_float64_array(pulls));
  out.set("rewardSum", to_float64_array(reward_sum));
  out.set("successes", to_float64_array(successes));
  out.set("failures", to_float64_array(failures));
  out.set("estimate", to_float64_array(estimate));
  return out;
}

void reset(JsBandit& b) { b.impl->reset(); }
val merge(JsBandit& b, const JsBandit& other) { return status_to_js(b.impl->merge(*other.impl)); }
std::string to_json(const JsBandit& b) { return b.impl->to_json(); }
std::string policy(const JsBandit& b) { return b.impl->config().policy; }
double context_dim(const JsBandit& b) { return static_cast<double>(b.impl->context_dim()); }

// The policy names as a JS array, from the core's one list (kBanditPolicies), so the TS list
// (wasm/ts/bandit_policies.ts) can be checked against it.
val bandit_policies_js() {
  val out = val::array();
  for (const char* name : kBanditPolicies) out.call<void>("push", std::string(name));
  return out;
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_bandits) {
  namespace w = learnloop::wasm;
  emscripten::class_<w::JsBandit>("Bandit")
      .function("select", &w::select)
      .function("lastPropensity", &w::last_propensity)
      .function("probabilities", &w::probabilities)
      .function("selectMany", &w::select_many)
      .function("servingFloor", &w::serving_floor)
      .function("probabilityDraws", &w::probability_draws)
      .function("update", &w::update)
      .function("updateBatch", &w::update_batch)
      .function("addArm", &w::add_arm)
      .function("removeArm", &w::remove_arm)
      .function("armIndex", &w::arm_index)
      .function("armNames", &w::arm_names)
      .function("stats", &w::stats)
      .function("reset", &w::reset)
      .function("merge", &w::merge)
      .function("toJSON", &w::to_json)
      .function("policy", &w::policy)
      .function("contextDim", &w::context_dim);
  emscripten::function("createBandit", &w::create_bandit);
  emscripten::function("banditFromJSON", &w::bandit_from_json_js);
  emscripten::function("banditPolicies", &w::bandit_policies_js);
}
