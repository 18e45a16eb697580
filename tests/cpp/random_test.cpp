// The PRNG and samplers against the independent reference in tests/golden/random/, plus
// distribution checks that would catch a wrong sampler even if the golden files were regenerated.
#include <gtest/gtest.h>

#include <cmath>

#include "golden.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

TEST(Rng, MatchesReferenceXoshiroStreams) {
  const auto golden = testing::load_golden("random/xoshiro256ss.json");
  for (const auto& c : golden["cases"]) {
    Rng rng(c["seed"].get<std::uint64_t>(), c["stream"].get<std::uint64_t>());
    for (const auto& hex : c["u64_hex"]) EXPECT_EQ(format_hex64(rng.next_u64()), hex.get<std::string>());
  }
}

TEST(Rng, UniformStaysInRangeAndOpenVariantNeverHitsZero) {
  Rng rng(1);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double o = rng.uniform_open();
    ASSERT_GT(o, 0.0);
    ASSERT_LT(o, 1.0);
  }
}

TEST(Rng, StateRoundTripContinuesTheStream) {
  Rng a(99);
  a.next_u64();
  Rng b;
  b.set_state(a.state());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Samplers, MatchReferenceDraws) {
  const auto golden = testing::load_golden("random/samplers.json");
  const double tol = golden["relative_tolerance"].get<double>();
  for (const auto& c : golden["cases"]) {
    Rng rng(c["seed"].get<std::uint64_t>());
    const std::string kind = c["kind"];
    for (const auto& expected : c["values"]) {
      double got = 0;
      if (kind == "beta") got = sample_beta(rng, c["params"][0], c["params"][1]);
      if (kind == "gamma") got = sample_gamma(rng, c["params"][0]);
      if (kind == "normal") got = sample_standard_normal(rng);
      EXPECT_TRUE(testing::close(got, expected.get<double>(), tol))
          << kind << " " << c["params"] << ": " << got << " vs " << expected;
    }
  }
}

struct Moments {
  double mean;
  double variance;
};

template <class Draw>
Moments moments(Draw draw, int n) {
  double sum = 0;
  double sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, sum_sq / n - mean * mean};
}

TEST(Samplers, BetaHasTheRightMeanAndVariance) {
  Rng rng(5);
  for (auto [a, b] : {std::pair{2.0, 5.0}, std::pair{0.3, 0.7}, std::pair{26.0, 6.0}}) {
    const Moments m = moments([&] { return sample_beta(rng, a, b); }, 200000);
    const double mean = a / (a + b);
    const double var = a * b / ((a + b) * (a + b) * (a + b + 1));
    EXPECT_NEAR(m.mean, mean, 0.005) << a << "," << b;
    EXPECT_NEAR(m.variance, var, 0.05 * var + 1e-4) << a << "," << b;
  }
}

TEST(Samplers, GammaHasTheRightMeanAndVariance) {
  Rng rng(6);
  for (double shape : {0.2, 1.0, 3.5, 40.0}) {
    const Moments m = moments([&] { return sample_gamma(rng, shape); }, 200000);
    EXPECT_NEAR(m.mean, shape, 0.02 * shape + 0.01) << shape;
    EXPECT_NEAR(m.variance, shape, 0.05 * shape + 0.01) << shape;
  }
}

TEST(Samplers, TinyBetaShapesNeverProduceNan) {
  Rng rng(8);
  for (int i = 0; i < 10000; ++i) {
    const double x = sample_beta(rng, 0.01, 0.01);
    ASSERT_TRUE(x >= 0.0 && x <= 1.0) << x;
  }
}

}  // namespace
}  // namespace learnloop
