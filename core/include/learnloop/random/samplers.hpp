// Samplers for the distributions the models need, built only on Rng and <cmath>.
// Deterministic for a given Rng state on every target (no std::*_distribution).
#pragma once

#include "learnloop/random/rng.hpp"

namespace learnloop {

/// Standard normal N(0, 1) by Marsaglia's polar method (second value discarded, so no hidden state).
double sample_standard_normal(Rng& rng);

/// log of a Gamma(shape, 1) draw, shape > 0 (Marsaglia & Tsang; shape < 1 via the Gamma(shape+1) boost).
double sample_log_gamma(Rng& rng, double shape);

/// Gamma(shape, 1) draw, shape > 0.
double sample_gamma(Rng& rng, double shape);

/// Beta(alpha, beta) draw, alpha > 0 and beta > 0; stable for tiny shapes (computed in log space).
double sample_beta(Rng& rng, double alpha, double beta);

/// Bernoulli(p) draw: true with probability p.
bool sample_bernoulli(Rng& rng, double p);

}  // namespace learnloop
