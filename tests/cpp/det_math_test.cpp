// The deterministic exp/log/log1p agree with the platform's libm to within a couple of ulps over
// wide ranges, and handle the special values the same way.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "learnloop/core/det_math.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {
namespace {

// Distance in ulps between two finite doubles of the same sign.
double ulps(double a, double b) {
  if (a == b) return 0;
  return std::abs(a - b) / std::abs(std::nextafter(b, INFINITY) - b);
}

TEST(DetMath, ExpMatchesLibmWithinTwoUlps) {
  Rng rng(1);
  for (int i = 0; i < 200000; ++i) {
    const double x = (rng.uniform() - 0.5) * 1400;  // [-700, 700]
    ASSERT_LE(ulps(dmath::exp(x), std::exp(x)), 2.0) << x;
    const double small = (rng.uniform() - 0.5) * 2;
    ASSERT_LE(ulps(dmath::exp(small), std::exp(small)), 2.0) << small;
  }
  // Both ends, where 2^k leaves the normal range (near overflow; subnormal results below about -708.4).
  for (int i = 0; i <= 100000; ++i) {
    const double high = 700 + i * 9.78e-5;  // up to 709.78
    ASSERT_LE(ulps(dmath::exp(high), std::exp(high)), 2.0) << high;
    const double low = -745.1 + i * 4.5e-4;  // up to -700.1
    ASSERT_LE(ulps(dmath::exp(low), std::exp(low)), 2.0) << low;
  }
  EXPECT_EQ(dmath::exp(0), 1.0);
  EXPECT_EQ(dmath::exp(800), INFINITY);
  EXPECT_EQ(dmath::exp(-800), 0.0);
  EXPECT_TRUE(std::isnan(dmath::exp(std::nan(""))));
}

TEST(DetMath, LogAndLog1pMatchLibmWithinTwoUlps) {
  Rng rng(2);
  for (int i = 0; i < 200000; ++i) {
    const double x = std::ldexp(rng.uniform_open(), static_cast<int>(rng.uniform() * 200) - 100);
    ASSERT_LE(ulps(dmath::log(x), std::log(x)), 2.0) << x;
    const double y = (rng.uniform() - 0.5) * 1e-3;
    ASSERT_LE(ulps(dmath::log1p(y), std::log1p(y)), 2.0) << y;
    const double z = rng.uniform() * 100;
    ASSERT_LE(ulps(dmath::log1p(z), std::log1p(z)), 2.0) << z;
  }
  EXPECT_EQ(dmath::log(1.0), 0.0);
  EXPECT_EQ(dmath::log(0.0), -INFINITY);
  EXPECT_TRUE(std::isnan(dmath::log(-1.0)));
  EXPECT_EQ(dmath::log1p(1e-300), 1e-300);
  EXPECT_EQ(dmath::log1p(-1.0), -INFINITY);
}

}  // namespace
}  // namespace learnloop

namespace learnloop {
namespace {

TEST(DetMath, SinCosMatchLibm) {
  Rng rng(3);
  for (int i = 0; i < 200000; ++i) {
    const double x = (rng.uniform() - 0.5) * 200;
    double s = 0, c = 0;
    dmath::sin_cos(x, &s, &c);
    ASSERT_NEAR(s, std::sin(x), 4e-16) << x;
    ASSERT_NEAR(c, std::cos(x), 4e-16) << x;
  }
  double s = 0, c = 0;
  dmath::sin_cos(0, &s, &c);
  EXPECT_EQ(s, 0.0);
  EXPECT_EQ(c, 1.0);
}

}  // namespace
}  // namespace learnloop
