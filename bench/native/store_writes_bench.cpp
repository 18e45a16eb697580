// Native benchmark: prediction round trips on a shared database file (bench/benchmarks/store_writes.mjs):
// record_prediction then complete_prediction, each its own transaction, through the library path the native
// CLI uses (libsqlite3: WAL, 5 s busy timeout). Several of these processes run at once on one file.
// Usage: learnloop_bench_store_writes DB ROUNDS NAME. Prints one JSON line: seconds and round trips done.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "learnloop/lifecycle/accuracy.hpp"
#include "store/sqlite_database.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: learnloop_bench_store_writes DB ROUNDS NAME\n");
    return 2;
  }
  auto db = learnloop::native::open_sqlite_database(argv[1], false);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 2;
  }
  const int rounds = std::atoi(argv[2]);
  const std::string name = argv[3];
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) {
    learnloop::PredictionRecord record;
    record.prediction_id = name + "-" + std::to_string(i);
    record.predicted_ctr = 0.05;
    record.predicted_at = "2026-03-09T08:00:00Z";
    learnloop::Status s = learnloop::record_prediction(*db.value(), record);
    if (s.ok())
      s = learnloop::complete_prediction(*db.value(), record.prediction_id, 0.04, std::nullopt, "2026-03-09T20:00:00Z");
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.error().message.c_str());
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"seconds\": %.6f, \"roundTrips\": %d}\n", seconds, rounds);
  return 0;
}
