// Native benchmark: fit time of ridge or logistic regression on data the harness wrote
// (bench/benchmarks/predictors.mjs): X as rows x cols float64 little-endian, y as rows float64.
// Usage: learnloop_bench_predictors ridge|logistic X.bin Y.bin ROWS COLS PENALTY REPEATS.
// Prints one JSON line: best fit seconds and a quality figure (train RMSE or ROC AUC).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "learnloop/predictors/linear_model.hpp"
#include "read_doubles.hpp"

using learnloop::bench::read_doubles;

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: learnloop_bench_predictors ridge|logistic X.bin Y.bin ROWS COLS PENALTY REPEATS\n");
    return 2;
  }
  const std::string kind = argv[1];
  const std::size_t rows = std::strtoul(argv[4], nullptr, 10);
  const std::size_t cols = std::strtoul(argv[5], nullptr, 10);
  const double penalty = std::atof(argv[6]);
  const int repeats = std::atoi(argv[7]);
  auto x = learnloop::make_dataset(rows, cols, read_doubles(argv[2], rows * cols));
  if (!x.ok()) {
    std::fprintf(stderr, "%s\n", x.error().message.c_str());
    return 2;
  }
  const std::vector<double> y = read_doubles(argv[3], rows);
  double best = 1e300;
  learnloop::LinearModel model;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto fitted = kind == "ridge" ? learnloop::fit_ridge(x.value(), y, {penalty})
                                  : learnloop::fit_logistic(x.value(), y, {penalty});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!fitted.ok()) {
      std::fprintf(stderr, "%s\n", fitted.error().message.c_str());
      return 1;
    }
    model = std::move(fitted).value();
    best = std::min(best, secs);
  }
  const char* metric = kind == "ridge" ? "rmse" : "roc_auc";
  std::printf("{\"impl\":\"native\",\"kind\":\"%s\",\"fit_seconds\":%.6f,\"%s\":%.10f}\n", kind.c_str(), best, metric,
              model.metrics["train"][metric].get<double>());
  return 0;
}
