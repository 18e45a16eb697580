// Native benchmark of the learning window's read (issue 17 items 3-4): read_outcome_rows() (the whole window in
// memory) against for_each_outcome_chunk() (chunks of one shard), inside one read transaction on a SQLite file. Prints
// the rows, a checksum over them and the seconds; measure peak memory around it, e.g.
//   /usr/bin/time -f '%e s %M kB' learnloop_bench_window_stream DB 2026-10-24 2026-11-22 stream 2 4096 0
// Usage: learnloop_bench_window_stream DB FROM TO read | stream N CHUNK [SHARD] (without SHARD: each shard in turn).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "learnloop/core/dates.hpp"
#include "learnloop/store/window_rows.hpp"
#include "learnloop/store/window_stream.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

// The rows, a checksum of their rates and qualities, and id and platform bytes read.
struct Tally {
  std::size_t rows = 0;
  double sum = 0;
  std::size_t text_bytes = 0;
  void add(const OutcomeRow& o) {
    ++rows;
    sum += o.engagement_rate + o.quality_score;
    text_bytes += o.decision_id.size() + o.platform.size();
  }
};

}  // namespace
}  // namespace learnloop

using namespace learnloop;  // NOLINT(google-build-using-namespace): a benchmark main

int main(int argc, char** argv) {
  if (argc < 5 || (std::string(argv[4]) != "read" && argc < 7)) {
    std::fprintf(stderr, "usage: learnloop_bench_window_stream DB FROM TO read | stream N CHUNK [SHARD]\n");
    return 2;
  }
  auto db = native::open_sqlite_database(argv[1], false);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  const DayNumber from = parse_date(argv[2]).value(), to = parse_date(argv[3]).value();
  const std::string mode = argv[4];
  const auto t0 = std::chrono::steady_clock::now();
  Tally tally;
  {
    ReadTransaction snapshot(*db.value());
    if (mode == "read") {
      Result<OutcomeRows> r = read_outcome_rows(*db.value(), from, to);
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
      }
      for (const OutcomeRow& o : r.value()) tally.add(o);
    } else {
      const std::uint32_t n = static_cast<std::uint32_t>(std::atoi(argv[5]));
      const std::size_t chunk = static_cast<std::size_t>(std::atol(argv[6]));
      const std::uint32_t first = argc > 7 ? static_cast<std::uint32_t>(std::atoi(argv[7])) : 0;
      const std::uint32_t last = argc > 7 ? first + 1 : n;
      for (std::uint32_t i = first; i < last; ++i) {
        Status s = for_each_outcome_chunk(*db.value(), from, to, ShardSpec{i, n}, chunk, [&](const OutcomeRows& c) {
          for (const OutcomeRow& o : c) tally.add(o);
          return Status{};
        });
        if (!s.ok()) {
          std::fprintf(stderr, "%s\n", s.error().message.c_str());
          return 1;
        }
      }
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s rows=%zu sum=%.6f text_bytes=%zu seconds=%.3f\n", mode.c_str(), tally.rows, tally.sum,
              tally.text_bytes, secs);
  return 0;
}
