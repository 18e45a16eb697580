// Native benchmark: Thompson sampling select + update per second on 3 Bernoulli arms, the same
// workload bench/js/thompson.mjs runs through the wasm package and a plain TypeScript sampler.
// Prints one JSON line; best of `repeats` runs.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/random/samplers.hpp"

int main(int argc, char** argv) {
  const long rounds = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  const double probs[3] = {0.02, 0.03, 0.05};
  double best_rate = 0;
  unsigned long checksum = 0;
  for (int r = 0; r < repeats; ++r) {
    learnloop::BanditConfig config;
    config.arms = {"0", "1", "2"};
    config.propensity_draws = 0;
    config.seed = 7;
    auto sampler = learnloop::make_bandit(config).value();
    learnloop::Rng env(7, 1);
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < rounds; ++i) {
      const std::size_t arm = sampler->select().value().arm;
      const bool success = learnloop::sample_bernoulli(env, probs[arm]);
      sampler->update(arm, success ? 1.0 : 0.0);
      checksum += arm;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rounds / secs > best_rate) best_rate = rounds / secs;
  }
  std::printf("{\"name\":\"thompson_select_update\",\"impl\":\"native\",\"ops_per_sec\":%.0f,\"checksum\":%lu}\n",
              best_rate, checksum);
  return 0;
}
