// Embind: the Thompson sampling bandit as a JS class. Numbers from JS arrive as doubles and are
// checked by the core's exact_integer(); bulk data crosses as typed arrays.
#include <emscripten/bind.h>

#include "js_result.hpp"
#include "learnloop/bandits/thompson_sampling.hpp"
#include "learnloop/core/numbers.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val create_thompson(double n_arms, double prior_alpha, double prior_beta, double threshold, double seed) {
  Result<std::uint64_t> arms = exact_integer(n_arms, "arms", 1);
  if (!arms.ok()) return error_to_js(arms.error());
  Result<std::uint64_t> seed_value = exact_integer(seed, "seed");
  if (!seed_value.ok()) return error_to_js(seed_value.error());
  return result_to_js(ThompsonSampling::create(arms.value(), {prior_alpha, prior_beta, threshold}, seed_value.value()),
                      [](const ThompsonSampling& t) { return val(t); });
}

val thompson_from_json(const std::string& text) {
  return result_to_js(ThompsonSampling::from_json(text), [](const ThompsonSampling& t) { return val(t); });
}

double thompson_select(ThompsonSampling& t) { return static_cast<double>(t.select()); }

val thompson_update(ThompsonSampling& t, double arm, double reward) {
  Result<std::uint64_t> index = exact_integer(arm, "arm");
  if (!index.ok()) return error_to_js(index.error());
  return status_to_js(t.update(index.value(), reward));
}

val thompson_update_batch(ThompsonSampling& t, val arms, val rewards) {
  return status_to_js(t.update_batch(emscripten::convertJSArrayToNumberVector<std::uint32_t>(arms),
                                     emscripten::convertJSArrayToNumberVector<double>(rewards)));
}

// Per-arm column `field` of the sampler as a Float64Array.
template <class Field>
val column(const ThompsonSampling& t, Field field) {
  std::vector<double> out(t.arm_count());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = field(t, i);
  return to_float64_array(out);
}

val thompson_alphas(const ThompsonSampling& t) { return column(t, [](auto& s, std::size_t i) { return s.alpha(i); }); }
val thompson_betas(const ThompsonSampling& t) { return column(t, [](auto& s, std::size_t i) { return s.beta(i); }); }
val thompson_pulls(const ThompsonSampling& t) { return column(t, [](auto& s, std::size_t i) { return s.arm(i).pulls; }); }
val thompson_means(const ThompsonSampling& t) {
  return column(t, [](auto& s, std::size_t i) { return s.posterior_mean(i); });
}
double thompson_arm_count(const ThompsonSampling& t) { return static_cast<double>(t.arm_count()); }

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_bandits) {
  using learnloop::ThompsonSampling;
  namespace w = learnloop::wasm;
  emscripten::class_<ThompsonSampling>("ThompsonSampling")
      .function("select", &w::thompson_select)
      .function("update", &w::thompson_update)
      .function("updateBatch", &w::thompson_update_batch)
      .function("armCount", &w::thompson_arm_count)
      .function("alphas", &w::thompson_alphas)
      .function("betas", &w::thompson_betas)
      .function("pulls", &w::thompson_pulls)
      .function("posteriorMeans", &w::thompson_means)
      .function("toJSON", &ThompsonSampling::to_json);
  emscripten::function("createThompson", &w::create_thompson);
  emscripten::function("thompsonFromJSON", &w::thompson_from_json);
}
