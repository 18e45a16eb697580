// Native benchmark: fit time and test quality of the GBDT regressor or classifier on data the
// harness wrote (bench/benchmarks/gbdt.mjs): X as rows x cols float64 little-endian, y as rows
// float64; the first TRAIN rows fit, the rest score.
// Usage: learnloop_bench_gbdt gbdt-regressor|gbdt-classifier X.bin Y.bin ROWS COLS TRAIN REPEATS N_ESTIMATORS MAX_DEPTH
// Prints one JSON line: best fit seconds and the test RMSE or ROC AUC.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/metrics.hpp"
#include "read_doubles.hpp"

using learnloop::bench::read_doubles;

int main(int argc, char** argv) {
  if (argc != 10) {
    std::fprintf(stderr,
                 "usage: learnloop_bench_gbdt KIND X.bin Y.bin ROWS COLS TRAIN REPEATS N_ESTIMATORS MAX_DEPTH\n");
    return 2;
  }
  const std::string kind = argv[1];
  const std::size_t rows = std::strtoul(argv[4], nullptr, 10);
  const std::size_t cols = std::strtoul(argv[5], nullptr, 10);
  const std::size_t train = std::strtoul(argv[6], nullptr, 10);
  const int repeats = std::atoi(argv[7]);
  learnloop::GbdtOptions options;
  options.n_estimators = std::atoi(argv[8]);
  options.max_depth = std::atoi(argv[9]);
  const std::vector<double> x = read_doubles(argv[2], rows * cols);
  const std::vector<double> y = read_doubles(argv[3], rows);
  auto x_train =
      learnloop::make_dataset(train, cols, {x.begin(), x.begin() + static_cast<std::ptrdiff_t>(train * cols)});
  auto x_test =
      learnloop::make_dataset(rows - train, cols, {x.begin() + static_cast<std::ptrdiff_t>(train * cols), x.end()});
  if (!x_train.ok() || !x_test.ok()) {
    std::fprintf(stderr, "bad data\n");
    return 2;
  }
  const std::vector<double> y_train(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(train));
  const std::vector<double> y_test(y.begin() + static_cast<std::ptrdiff_t>(train), y.end());
  double best = 1e300;
  learnloop::GbdtModel model;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    auto fitted = learnloop::fit_gbdt(kind, x_train.value(), y_train, options);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!fitted.ok()) {
      std::fprintf(stderr, "%s\n", fitted.error().message.c_str());
      return 2;
    }
    if (secs < best) best = secs;
    model = std::move(fitted).value();
  }
  const std::vector<double> p = model.predict(x_test.value()).value();
  if (kind == "gbdt-regressor") {
    std::printf("{\"impl\":\"native\",\"kind\":\"%s\",\"fit_seconds\":%.6f,\"rmse\":%.9f}\n", kind.c_str(), best,
                learnloop::regression_metrics(y_test, p).rmse);
  } else {
    std::printf("{\"impl\":\"native\",\"kind\":\"%s\",\"fit_seconds\":%.6f,\"roc_auc\":%.9f}\n", kind.c_str(), best,
                learnloop::classification_metrics(y_test, p).roc_auc);
  }
  return 0;
}
