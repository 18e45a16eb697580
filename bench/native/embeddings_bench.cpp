// Native benchmark of the embeddings index on files the harness wrote (bench/benchmarks/embeddings.mjs):
// base and query vectors as fvecs, exact neighbours as int32 rows of k. Builds one HNSW type
// (exact_threshold 0, so every search goes through the graph), then runs the queries once to warm
// up and 5 more times, reporting the best pass. With a last argument `no-prefetch` the search runs
// without memory prefetching, as wasm must (WebAssembly has no prefetch instruction).
// Usage: learnloop_bench_embeddings BASE.fvecs QUERIES.fvecs TRUTH.i32 K M EF_CONSTRUCTION EF_SEARCH METRIC
// [no-prefetch] Prints one JSON line: build_seconds, qps, recall, memory_mb (RSS growth while building), kernel.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "learnloop/embeddings/distance.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/embeddings/fvecs.hpp"

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

learnloop::FloatRows read_fvecs(const char* path) {
  auto rows = learnloop::parse_fvecs(read_file(path));
  if (!rows.ok()) {
    std::fprintf(stderr, "%s: %s\n", path, rows.error().message.c_str());
    std::exit(2);
  }
  return std::move(rows).value();
}

// Resident set size in MiB, from /proc/self/statm.
double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * 4096.0 / (1024.0 * 1024.0);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const bool no_prefetch = argc == 10 && std::string(argv[9]) == "no-prefetch";
  if (argc != 9 && !no_prefetch) {
    std::fprintf(stderr,
                 "usage: learnloop_bench_embeddings BASE.fvecs QUERIES.fvecs TRUTH.i32 K M EF_CONSTRUCTION EF_SEARCH "
                 "METRIC [no-prefetch]\n");
    return 2;
  }
  learnloop::set_search_prefetch(!no_prefetch);
  const learnloop::FloatRows base = read_fvecs(argv[1]);
  const learnloop::FloatRows queries = read_fvecs(argv[2]);
  const std::string truth_bytes = read_file(argv[3]);
  const std::size_t k = std::strtoul(argv[4], nullptr, 10);
  learnloop::EmbeddingTypeSpec spec;
  spec.name = "bench";
  spec.dim = base.dim;
  spec.metric = learnloop::parse_metric(argv[8]).value();
  spec.hnsw.m = std::strtoul(argv[5], nullptr, 10);
  spec.hnsw.ef_construction = std::strtoul(argv[6], nullptr, 10);
  spec.hnsw.ef_search = std::strtoul(argv[7], nullptr, 10);
  spec.exact_threshold = 0;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < base.rows; ++i) ids.push_back(std::to_string(i));

  const double rss_before = rss_mb();
  auto start = std::chrono::steady_clock::now();
  learnloop::EmbeddingStore store;
  if (!store.define_type(spec).ok()) return 2;
  const learnloop::Status stored = store.store_batch("bench", ids, base.values);
  const double build_seconds = seconds_since(start);
  if (!stored.ok()) {
    std::fprintf(stderr, "%s\n", stored.error().message.c_str());
    return 2;
  }
  const double memory_mb = rss_mb() - rss_before;

  learnloop::SearchOptions options;
  options.k = k;
  std::vector<std::vector<learnloop::SearchHit>> results(queries.rows);
  double search_seconds = 1e300;
  for (int pass = 0; pass < 6; ++pass) {  // a warm-up pass, then the best of 5 timed passes, like every contender
    start = std::chrono::steady_clock::now();
    for (std::size_t q = 0; q < queries.rows; ++q) {
      const std::vector<float> query(queries.values.begin() + static_cast<std::ptrdiff_t>(q * queries.dim),
                                     queries.values.begin() + static_cast<std::ptrdiff_t>((q + 1) * queries.dim));
      results[q] = store.search("bench", query, options).value();
    }
    if (pass > 0) search_seconds = std::min(search_seconds, seconds_since(start));
  }

  std::size_t hits = 0;
  const auto* truth = reinterpret_cast<const std::int32_t*>(truth_bytes.data());
  for (std::size_t q = 0; q < queries.rows; ++q) {
    std::set<std::string> expected;
    for (std::size_t j = 0; j < k; ++j) expected.insert(std::to_string(truth[q * k + j]));
    for (const auto& h : results[q]) hits += expected.count(h.id);
  }
  std::printf(
      "{\"impl\":\"learnloop-native\",\"build_seconds\":%.6f,\"qps\":%.3f,\"recall\":%.6f,\"memory_mb\":%.3f,"
      "\"kernel\":\"%s\"}\n",
      build_seconds, static_cast<double>(queries.rows) / search_seconds,
      static_cast<double>(hits) / static_cast<double>(queries.rows * k), memory_mb, learnloop::simd_kernel_name());
  return 0;
}
