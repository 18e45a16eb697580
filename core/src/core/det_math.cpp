// exp: Cody-Waite reduction x = k ln2 + r, |r| <= ln2 / 2, Taylor polynomial to r^13, times 2^k (built from its
// bits where the result is a normal number, so the product is exact; ldexp near underflow and overflow).
// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1), odd
// series to s^23. log1p: the same series on x / (2 + x) near 0, else Goldberg's correction
// log(u) * x / (u - 1) with u = 1 + x.
// frexp and ldexp are exact bit operations, so only +, -, *, / decide the result.
#include "learnloop/core/det_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
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

// floor(t) for |t| < 2^62, without a libm call (floor is one on x86-64 without SSE4.1).
double floor_small(double t) {
  const auto whole = static_cast<double>(static_cast<std::int64_t>(t));  // t rounded toward zero
  return whole > t ? whole - 1 : whole;
}

// p 2^k, exactly as ldexp gives it: p is in [0.7, 1.5], so for |k| < 1022 the product is a normal number and
// multiplying by 2^k (built from its exponent bits) is exact; beyond, ldexp rounds into subnormals or overflows.
double times_power_of_two(double p, int k) {
  if (k <= -1022 || k >= 1023) return std::ldexp(p, k);
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;
  double scale = 0;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}
}  // namespace

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019412) return 0.0;
  const double k = floor_small(x * kInvLn2 + 0.5);  // |x| < 746, so |k| <= 1076
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // Horner form of sum r^n / n!, n = 0..13.
  double p = 1.0 / 6227020800.0;
  for (double d : {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                   1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0}) {
    p = p * r + d;
  }
  return times_power_of_two(p, static_cast<int>(k));
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

void sin_cos(double x, double* sine, double* cosine) {
  // x = q pi/2 + r, |r| <= pi/4, with pi/2 split in three parts (Cody-Waite).
  constexpr double kPiOver2A = 1.57079632673412561417e+00;
  constexpr double kPiOver2B = 6.07710050630396597660e-11;
  constexpr double kPiOver2C = 2.02226624879595063154e-21;
  constexpr double kTwoOverPi = 6.36619772367581382433e-01;
  const double q = std::floor(x * kTwoOverPi + 0.5);
  const double r = ((x - q * kPiOver2A) - q * kPiOver2B) - q * kPiOver2C;
  const double r2 = r * r;
  // Taylor series to r^17 (sin) and r^18 (cos), highest power first: remainders below 1e-17 for |r| <= pi/4.
  static constexpr double kSin[] = {2.8114572543455206e-15, -7.647163731819816e-13, 1.6059043836821613e-10,
                                    -2.505210838544172e-08, 2.7557319223985893e-06, -0.0001984126984126984,
                                    0.008333333333333333,   -0.16666666666666666};
  static constexpr double kCos[] = {-1.5619206968586225e-16, 4.779477332387385e-14,  -1.1470745597729725e-11,
                                    2.08767569878681e-09,    -2.755731922398589e-07, 2.48015873015873e-05,
                                    -0.001388888888888889,   0.041666666666666664,   -0.5};
  double s = 0;
  for (double k : kSin) s = s * r2 + k;  // sin r = r + r^3 * s
  double c = 0;
  for (double k : kCos) c = c * r2 + k;  // cos r = 1 + r^2 * c
  const double sin_r = r + r * (r2 * s);
  const double cos_r = 1.0 + r2 * c;
  switch (static_cast<long long>(q) & 3) {
    case 0:
      *sine = sin_r;
      *cosine = cos_r;
      break;
    case 1:
      *sine = cos_r;
      *cosine = -sin_r;
      break;
    case 2:
      *sine = -sin_r;
      *cosine = -cos_r;
      break;
    default:
      *sine = -cos_r;
      *cosine = sin_r;
      break;
  }
}

}  // namespace learnloop::dmath
