// Fit parity at size: ridge, logistic and both GBDTs fitted on 10k and 100k rows generated from a
// seed (tests/golden/predictors/fit_parity.json says how) must give the model version and training
// metrics written there, bit for bit; tests/js/fit_parity.test.mjs checks the same values in wasm.
// Sums whose order depended on the machine (matrix-product blocking by detected cache size) made
// native and wasm fits differ from about 420 rows; this pins both targets to one answer.
#include <gtest/gtest.h>

#include <cstdint>

#include "golden.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kCols = 6;

// The golden file's generator: a 32-bit LCG, u = state / 2^32; per row five uniforms, a 0/1 column, noise.
struct ParityData {
  Dataset x;
  std::vector<double> y;
};

ParityData parity_data(std::size_t rows, std::uint32_t seed, bool classifier) {
  std::uint32_t state = seed;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state) / 4294967296.0;
  };
  std::vector<double> values;
  std::vector<double> y;
  values.reserve(rows * kCols);
  for (std::size_t r = 0; r < rows; ++r) {
    double x[kCols];
    for (std::size_t c = 0; c < 5; ++c) x[c] = next();
    x[5] = next() < 0.3 ? 1.0 : 0.0;
    const double noise = next() - 0.5;
    double lin = 0.5;
    lin += 1.5 * x[0];
    lin -= 2.0 * x[1];
    lin += 0.7 * x[2];
    lin += 0.1 * x[3];
    lin += 0.3 * x[5];
    values.insert(values.end(), x, x + kCols);
    y.push_back(classifier ? (lin - 0.74 + noise > 0 ? 1.0 : 0.0) : lin + 0.5 * noise);
  }
  return {make_dataset(rows, kCols, std::move(values)).value(), std::move(y)};
}

// version and training metrics of one golden case's fit.
std::pair<std::string, nlohmann::ordered_json> fit_case(const nlohmann::json& c) {
  const std::string kind = c["kind"];
  const bool classifier = kind == "logistic" || kind == "gbdt-classifier";
  const ParityData data = parity_data(c["rows"], c["seed"], classifier);
  const nlohmann::json& o = c["options"];
  if (kind == "ridge") {
    const LinearModel m = fit_ridge(data.x, data.y, {o["alpha"].get<double>()}).value();
    return {m.version, m.metrics["train"]};
  }
  if (kind == "logistic") {
    const LinearModel m = fit_logistic(data.x, data.y, {o["C"].get<double>()}).value();
    return {m.version, m.metrics["train"]};
  }
  GbdtOptions options;
  options.n_estimators = o["n_estimators"];
  options.max_depth = o["max_depth"];
  options.subsample = o["subsample"];
  options.colsample = o["colsample"];
  options.seed = o["seed"];
  const GbdtModel m = fit_gbdt(kind, data.x, data.y, options, nullptr).value();
  return {m.version, m.metrics["train"]};
}

TEST(FitParity, SameModelAtTenAndHundredThousandRows) {
  const auto golden = testing::load_golden("predictors/fit_parity.json");
  for (const auto& c : golden["cases"]) {
    const auto [version, metrics] = fit_case(c);
    EXPECT_EQ(version, c["version"].get<std::string>()) << c["name"];
    for (const auto& [name, want] : c["train_metrics"].items()) {
      ASSERT_TRUE(metrics.contains(name)) << c["name"] << " " << name;
      EXPECT_EQ(metrics[name].get<double>(), want.get<double>())
          << c["name"] << " " << name << ": " << format_number(metrics[name].get<double>());
    }
  }
}

TEST(FitParity, GeneratorMatchesTheGoldenFile) {
  const auto golden = testing::load_golden("predictors/fit_parity.json");
  const ParityData data = parity_data(3, golden["generator_check"]["seed"], false);
  EXPECT_EQ(data.x.values, golden["generator_check"]["x"].get<std::vector<double>>());
  EXPECT_EQ(data.y, golden["generator_check"]["y"].get<std::vector<double>>());
}

}  // namespace
}  // namespace learnloop
