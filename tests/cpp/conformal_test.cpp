// Split conformal intervals: empirical coverage on fresh data matches the stated coverage (seeded),
// the document round trip keeps the interval, and bad input is rejected.
#include <gtest/gtest.h>

#include "learnloop/predictors/conformal.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

// n rows of y = 1 + 2 x0 - x1 + N(0, 0.5^2) noise.
std::pair<Dataset, std::vector<double>> draw(Rng& rng, std::size_t n) {
  std::vector<double> values;
  std::vector<double> y;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = rng.uniform(), b = rng.uniform();
    values.insert(values.end(), {a, b});
    y.push_back(1 + 2 * a - b + 0.5 * sample_standard_normal(rng));
  }
  return {make_dataset(n, 2, values).value(), y};
}

TEST(Conformal, EmpiricalCoverageMatchesTheStatedCoverage) {
  double covered = 0, total = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    auto [train_x, train_y] = draw(rng, 200);
    auto [cal_x, cal_y] = draw(rng, 200);
    auto [test_x, test_y] = draw(rng, 1000);
    LinearModel model = fit_ridge(train_x, train_y, {0.1}).value();
    const ConformalInterval interval = calibrate_conformal(model, cal_x, cal_y, 0.9).value();
    attach_conformal(model, interval);
    const auto predictions = model.predict(test_x).value();
    const auto bounds = conformal_bounds(model, predictions).value();
    for (std::size_t i = 0; i < test_y.size(); ++i) {
      covered += test_y[i] >= bounds.first[i] && test_y[i] <= bounds.second[i];
      total += 1;
    }
  }
  // Expected coverage is ceil(201 * 0.9) / 201 = 0.905; 20 x 1000 test points.
  EXPECT_NEAR(covered / total, 0.905, 0.015);
}

TEST(Conformal, DocumentKeepsTheIntervalAndBadInputIsRejected) {
  Rng rng(3);
  auto [x, y] = draw(rng, 50);
  LinearModel model = fit_ridge(x, y, {}).value();
  EXPECT_FALSE(conformal_bounds(model, {1.0}).ok());
  EXPECT_EQ(calibrate_conformal(model, x, y, 1.0).error().message,
            "coverage is 1; expected a number in (0, 1), e.g. 0.9");
  auto small = make_dataset(5, 2, std::vector<double>(10, 0.5)).value();
  EXPECT_NE(calibrate_conformal(model, small, std::vector<double>(5, 1.0), 0.9).error().message.find("too few"),
            std::string::npos);
  attach_conformal(model, calibrate_conformal(model, x, y, 0.8).value());
  const LinearModel restored = model_from_json(model_to_json(model)).value();
  EXPECT_EQ(restored.conformal, model.conformal);
  EXPECT_EQ(model_content_id(restored), model_content_id(fit_ridge(x, y, {}).value()));
  LinearModel logistic = model;
  logistic.kind = "logistic";
  EXPECT_FALSE(calibrate_conformal(logistic, x, y, 0.9).ok());
}

}  // namespace
}  // namespace learnloop
