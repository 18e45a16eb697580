// exp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2 / 2, Taylor polynomial to r^13, 2^k by ldexp.
// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1), odd
// series to s^23. log1p: the same series on x / (2 + x) near 0, else Goldberg's correction
// log(u) * x / (u - 1) with u = 1 + x.
// frexp and ldexp are exact bit operations, so only +, -, *, / decide the result.
#include "learnloop/core/det_math.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>

namespace learnloop::dmath {

namespace {
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // upper bits of ln 2 (fdlibm)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// 2 atanh(s) = log((1 + s) / (1 - s)) for |s| <= 0.1716 (odd series to s^23).
double log_series(double s) {
  const double s2 = s * s;
  double tail = 1.0 / 23;  // 1/3 + s^2/5 + ... + s^20/23
  for (int n = 21; n >= 3; n -= 2) tail = tail * s2 + 1.0 / n;
  const double t = 2 * s;  // exact; the small correction carries the rest
  return t + t * (s2 * tail);
}
}  // namespace

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Horner form of sum r^n / n!, n = 0..13.
  double p = 1.0 / 6227020800.0;
  for (double d : {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
                   1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0}) {
    p = p * r + d;
  }
  return std::ldexp(p, static_cast<int>(k));
}

double log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2;
    e -= 1;
  }
  const double log_m = log_series((m - 1) / (m + 1));
  return e * kLn2Hi + (log_m + e * kLn2Lo);
}

double log1p(double x) {
  if (std::isnan(x) || x < -1) return std::numeric_limits<double>::quiet_NaN();
  // Near 0: log(1 + x) = 2 atanh(x / (2 + x)), with no cancellation in 1 + x.
  if (std::abs(x) < 0.29) return log_series(x / (2.0 + x));
  const double u = 1.0 + x;
  if (std::isinf(u)) return u;
  return log(u) * (x / (u - 1.0));
}

double sigmoid(double x) {
  if (x >= 0) return 1 / (1 + exp(-x));
  const double e = exp(x);
  return e / (1 + e);
}

}  // namespace learnloop::dmath
