// Native benchmark: select + update per second of any learnloop bandit policy with K arms (and a
// context of length D for linucb/lints), the workload bench/lib/bandit_contender.mjs runs in Node.
// Arm k succeeds with probability 0.02 + 0.03 k / (K - 1); contexts cycle through a pool of 256
// vectors (1, z) with z uniform in [-1, 1). Propensity estimation is off (propensity_draws = 0).
// Usage: learnloop_bench_bandits POLICY ARMS DIM ROUNDS REPEATS. Prints one JSON line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "learnloop/bandits/bandit.hpp"
#include "learnloop/random/samplers.hpp"

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: learnloop_bench_bandits POLICY ARMS DIM ROUNDS REPEATS\n");
    return 2;
  }
  learnloop::BanditConfig config;
  config.policy = argv[1];
  const long arms = std::atol(argv[2]);
  config.dim = static_cast<std::size_t>(std::atol(argv[3]));
  const long rounds = std::atol(argv[4]);
  const int repeats = std::atoi(argv[5]);
  for (long k = 0; k < arms; ++k) config.arms.push_back(std::to_string(k));
  config.propensity_draws = 0;
  config.seed = 7;
  std::vector<double> probs(static_cast<std::size_t>(arms));
  for (long k = 0; k < arms; ++k) probs[static_cast<std::size_t>(k)] = 0.02 + 0.03 * k / std::max(1L, arms - 1);
  learnloop::Rng pool_rng(11);
  std::vector<std::vector<double>> pool(config.dim > 0 ? 256 : 1, std::vector<double>(config.dim, 1.0));
  for (auto& x : pool)
    for (std::size_t j = 1; j < x.size(); ++j) x[j] = 2 * pool_rng.uniform() - 1;

  double best_rate = 0;
  double last_arm_share = 0;
  for (int r = 0; r < repeats; ++r) {
    auto made = learnloop::make_bandit(config);
    if (!made.ok()) {
      std::fprintf(stderr, "%s\n", made.error().message.c_str());
      return 2;
    }
    auto bandit = std::move(made).value();
    learnloop::Rng env(1, 1);
    long best_pulls = 0;
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < rounds; ++i) {
      const std::vector<double>& x = config.dim > 0 ? pool[static_cast<std::size_t>(i) & 255] : pool[0];
      const std::size_t arm = bandit->select(x).value().arm;
      const learnloop::Status updated =
          bandit->update(arm, learnloop::sample_bernoulli(env, probs[arm]) ? 1.0 : 0.0, x);
      if (!updated.ok()) {
        std::fprintf(stderr, "%s\n", updated.error().message.c_str());
        return 2;
      }
      best_pulls += static_cast<long>(arm) == arms - 1;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rounds / secs > best_rate) best_rate = rounds / secs;
    last_arm_share = static_cast<double>(best_pulls) / rounds;
  }
  std::printf(
      "{\"impl\":\"native\",\"policy\":\"%s\",\"arms\":%ld,\"dim\":%zu,\"ops_per_sec\":%.0f,\"best_arm_share\":%.6f}\n",
      config.policy.c_str(), arms, config.dim, best_rate, last_arm_share);
  return 0;
}
