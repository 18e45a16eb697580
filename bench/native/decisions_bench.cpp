// Native benchmark of the decision API: probabilities() and select_many(1000) per second of a
// Thompson sampling bandit over 24 arms (the timing bandit's hours) with a 0.01 floor, the same
// workload bench/benchmarks/decisions.mjs runs through the wasm package and a plain TypeScript peer.
// Usage: learnloop_bench_decisions [CALLS=200] [REPEATS=3]. Prints one JSON line per operation.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "learnloop/bandits/bandit.hpp"

namespace {

// The benchmark bandit: 24 arms, arm i with i successes and 24 - i failures, floor 0.01.
std::unique_ptr<learnloop::Bandit> decision_bandit() {
  learnloop::BanditConfig config;
  for (int h = 0; h < 24; ++h) config.arms.push_back("h" + std::to_string(h));
  config.floor = 0.01;
  config.seed = 7;
  auto bandit = learnloop::make_bandit(config).value();
  for (std::uint32_t i = 0; i < 24; ++i) {
    for (std::uint32_t j = 0; j < 24; ++j) (void)bandit->update(i, j < i ? 1.0 : 0.0);
  }
  return bandit;
}

}  // namespace

int main(int argc, char** argv) {
  const long calls = argc > 1 ? std::atol(argv[1]) : 200;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  if (calls < 1 || repeats < 1) {
    std::fprintf(stderr, "usage: learnloop_bench_decisions [CALLS >= 1] [REPEATS >= 1]\n");
    return 2;
  }
  for (const char* op : {"probabilities", "select_many_1000"}) {
    const bool many = std::string(op) == "select_many_1000";
    double best = 0;
    double checksum = 0;
    for (int r = 0; r < repeats; ++r) {
      auto bandit = decision_bandit();
      const auto start = std::chrono::steady_clock::now();
      for (long i = 0; i < calls; ++i) {
        if (many) {
          checksum += static_cast<double>(bandit->select_many(1000).value().back().arm);
        } else {
          checksum += bandit->probabilities().value()[23];
        }
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (calls / secs > best) best = calls / secs;
    }
    std::printf("{\"name\":\"%s\",\"impl\":\"native\",\"calls\":%ld,\"ops_per_sec\":%.1f,\"checksum\":%.6f}\n", op,
                calls, best, checksum);
  }
  return 0;
}
