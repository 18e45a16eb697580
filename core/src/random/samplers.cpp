// Normal, Gamma, Beta and Bernoulli samplers over learnloop::Rng.
#include "learnloop/random/samplers.hpp"

#include <cmath>

#include "learnloop/core/det_math.hpp"

namespace learnloop {

double sample_standard_normal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform() - 1.0;
    const double v = 2.0 * rng.uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * dmath::log(s) / s);
  }
}

namespace {

// Marsaglia & Tsang (2000) for shape >= 1; returns the Gamma draw itself.
double gamma_at_least_one(Rng& rng, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = sample_standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (dmath::log(u) < 0.5 * x2 + d * (1.0 - v + dmath::log(v))) return d * v;
  }
}

}  // namespace

double sample_log_gamma(Rng& rng, double shape) {
  if (shape >= 1.0) return dmath::log(gamma_at_least_one(rng, shape));
  // Gamma(a) = Gamma(a + 1) * U^(1/a); in logs so tiny shapes do not underflow to zero.
  const double g = gamma_at_least_one(rng, shape + 1.0);
  return dmath::log(g) + dmath::log(rng.uniform_open()) / shape;
}

double sample_gamma(Rng& rng, double shape) {
  if (shape >= 1.0) return gamma_at_least_one(rng, shape);
  return dmath::exp(sample_log_gamma(rng, shape));
}

double sample_beta(Rng& rng, double alpha, double beta) {
  if (alpha >= 1.0 && beta >= 1.0) {
    const double x = gamma_at_least_one(rng, alpha);
    const double y = gamma_at_least_one(rng, beta);
    return x / (x + y);
  }
  const double lx = sample_log_gamma(rng, alpha);
  const double ly = sample_log_gamma(rng, beta);
  // x / (x + y) = 1 / (1 + exp(ly - lx)), exact in the limits.
  return 1.0 / (1.0 + dmath::exp(ly - lx));
}

bool sample_bernoulli(Rng& rng, double p) { return rng.uniform() < p; }

}  // namespace learnloop
