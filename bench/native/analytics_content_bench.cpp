// Native benchmark: latency of the content analytics on a database the harness wrote
// (bench/benchmarks/analytics_content.mjs): best time to post for one platform and a virality
// prediction, each run in full (window read, statistics, bootstrap or learned weights) REPEATS times.
// Usage: learnloop_bench_analytics_content DB CONTENT.json PLATFORM REPEATS.
// Prints one JSON line: median and best milliseconds of each, and the answers' key figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/virality.hpp"
#include "store/sqlite_database.hpp"

namespace {

template <class F>
std::vector<double> time_ms(int repeats, F&& f) {
  std::vector<double> out;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    f();
    out.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: learnloop_bench_analytics_content DB CONTENT.json PLATFORM REPEATS\n");
    return 2;
  }
  auto db = learnloop::native::open_sqlite_database(argv[1], false);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 2;
  }
  std::ifstream in(argv[2]);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json content = nlohmann::json::parse(text.str());
  const int repeats = std::atoi(argv[4]);
  learnloop::BestTimeOptions bt;
  bt.platform = argv[3];
  nlohmann::ordered_json best, virality;
  bool failed = false;
  const std::vector<double> bt_ms = time_ms(repeats, [&] {
    auto r = learnloop::best_time_to_post(*db.value(), bt);
    if (!r.ok())
      failed = true;
    else
      best = r.value();
  });
  const std::vector<double> v_ms = time_ms(repeats, [&] {
    auto r = learnloop::predict_virality(*db.value(), content, {});
    if (!r.ok())
      failed = true;
    else
      virality = r.value();
  });
  if (failed) {
    std::fprintf(stderr, "an analysis failed\n");
    return 1;
  }
  std::printf(
      "{\"best_time_ms\":{\"median\":%.4f,\"best\":%.4f},\"virality_ms\":{\"median\":%.4f,\"best\":%.4f},"
      "\"best_hours\":%s,\"virality_score\":%s,\"weights_source\":%s}\n",
      bt_ms[bt_ms.size() / 2], bt_ms.front(), v_ms[v_ms.size() / 2], v_ms.front(), best["best_hours"].dump().c_str(),
      virality["virality_score"].dump().c_str(), virality["weights_source"].dump().c_str());
  return 0;
}
