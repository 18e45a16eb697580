// Deterministic elementary functions: exp, log, log1p, the logistic function, sin and cos from IEEE basic operations
// only, so they return the same bits natively (glibc) and in wasm (musl), whose libm results differ in the last place.
// Accurate to about 1 ulp. Everything that must agree across targets uses these.
#pragma once

namespace learnloop::dmath {

/// e^x; overflow gives inf, underflow 0, NaN stays NaN.
double exp(double x);

/// Natural logarithm; log(0) = -inf, negative or NaN input gives NaN.
double log(double x);

/// log(1 + x), accurate for small x; x < -1 gives NaN.
double log1p(double x);

/// The logistic function 1 / (1 + e^-x), without overflow.
double sigmoid(double x);

/// sin x and cos x for |x| <= 1e6 (larger |x| loses accuracy in the range reduction).
void sin_cos(double x, double* sine, double* cosine);

}  // namespace learnloop::dmath
