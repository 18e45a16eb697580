// Native benchmark of the ads analytics, the same workloads bench/benchmarks/analytics_ads.mjs
// runs through the wasm package in Node: simulate_budget on a scenario file (P50 and P95 of
// REPEATS runs after 5 untimed ones), the creative fatigue report of a database (P50, likewise) and
// EMQ over a JSON Lines file (best of 3). Every timing includes producing the JSON text a caller gets.
// Usage: learnloop_bench_ads SCENARIO.json EVENTS.jsonl DB [REPEATS=50]. Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "learnloop/analytics/budget_simulator.hpp"
#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/analytics/data_quality.hpp"
#include "learnloop/core/json_state.hpp"
#include "store/sqlite_database.hpp"

namespace {

constexpr int kWarmup = 5;  // untimed first runs (the wasm contender's JIT tiers up during its first calls)

std::string read_all(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class F>
double millis(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: learnloop_bench_ads SCENARIO.json EVENTS.jsonl DB [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 50;
  auto request = learnloop::parse_json(read_all(argv[1]));
  if (!request.ok()) return 2;
  auto spec = learnloop::budget_spec_from_json(request.value());
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.error().message.c_str());
    return 2;
  }
  std::size_t bytes = 0;
  std::vector<double> budget;
  for (int r = 0; r < repeats + kWarmup; ++r) {
    const double t = millis([&] { bytes += learnloop::simulate_budget(spec.value()).value().dump().size(); });
    if (r >= kWarmup) budget.push_back(t);
  }

  const std::string events = read_all(argv[2]);
  double emq_best = 1e300;
  double mean_score = 0;
  for (int r = 0; r < 3; ++r) {
    emq_best = std::min(emq_best, millis([&] {
                          auto out = learnloop::analyze_event_quality_batch(events, "meta").value();
                          mean_score = out["summary"]["mean_score"].get<double>();
                          bytes += out.dump().size();
                        }));
  }

  auto db = learnloop::native::open_sqlite_database(argv[3], false);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 2;
  }
  std::vector<double> fatigue;
  int creatives = 0;
  for (int r = 0; r < repeats + kWarmup; ++r) {
    const double t = millis([&] {
      auto out = learnloop::creative_fatigue_report(*db.value(), "").value();
      creatives = out["creatives"].get<int>();
      bytes += out.dump().size();
    });
    if (r >= kWarmup) fatigue.push_back(t);
  }
  std::printf(
      "{\"impl\":\"native\",\"budget_p50_ms\":%.4f,\"budget_p95_ms\":%.4f,\"emq_ms\":%.3f,\"emq_mean_score\":%.1f,"
      "\"fatigue_p50_ms\":%.4f,\"creatives\":%d,\"bytes\":%zu}\n",
      quantile(budget, 0.5), quantile(budget, 0.95), emq_best, mean_score, quantile(fatigue, 0.5), creatives, bytes);
  return 0;
}
