// Native benchmark: Thompson sampling select + update per second on 3 Bernoulli arms with success
// probabilities {0.02, 0.03, 0.05}, the same workload bench/benchmarks/thompson.mjs runs through
// the wasm package in Node and through a plain TypeScript sampler. Propensity estimation is off
// (propensity_draws = 0) so a select() is one Beta draw per arm, as in the peers.
// Usage: learnloop_bench_native [ROUNDS=1000000] [REPEATS=5]. Prints one JSON line: the best
// rate of REPEATS runs plus sanity values (share of pulls on the best arm, reward per round).
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/random/samplers.hpp"

int main(int argc, char** argv) {
  const long rounds = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  if (rounds < 1 || repeats < 1) {
    std::fprintf(stderr, "usage: learnloop_bench_native [ROUNDS >= 1] [REPEATS >= 1]\n");
    return 2;
  }
  const double probs[3] = {0.02, 0.03, 0.05};
  const std::size_t best_arm = 2;
  double best_rate = 0;
  unsigned long checksum = 0;
  long best_arm_pulls = 0;
  long successes = 0;
  for (int r = 0; r < repeats; ++r) {
    learnloop::BanditConfig config;
    config.arms = {"0", "1", "2"};
    config.propensity_draws = 0;
    config.seed = 7;
    auto sampler = learnloop::make_bandit(config).value();
    learnloop::Rng env(7, 1);
    best_arm_pulls = 0;
    successes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < rounds; ++i) {
      const std::size_t arm = sampler->select().value().arm;
      const bool success = learnloop::sample_bernoulli(env, probs[arm]);
      const learnloop::Status updated = sampler->update(arm, success ? 1.0 : 0.0);
      if (!updated.ok()) {
        std::fprintf(stderr, "%s\n", updated.error().message.c_str());
        return 2;
      }
      checksum += arm;
      best_arm_pulls += arm == best_arm;
      successes += success;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rounds / secs > best_rate) best_rate = rounds / secs;
  }
  std::printf(
      "{\"name\":\"thompson_select_update\",\"impl\":\"native\",\"rounds\":%ld,\"repeats\":%d,"
      "\"ops_per_sec\":%.0f,\"best_arm_share\":%.6f,\"reward_per_round\":%.6f,\"checksum\":%lu}\n",
      rounds, repeats, best_rate, static_cast<double>(best_arm_pulls) / rounds, static_cast<double>(successes) / rounds,
      checksum);
  return 0;
}
