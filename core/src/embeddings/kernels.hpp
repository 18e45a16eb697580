// Internal: distance functions in hnswlib's DISTFUNC shape (a, b, param -> float), where `param`
// points to the dimension as a size_t. Smaller is closer: -dot for cosine and inner product,
// squared L2 for l2. The SIMD flavour is picked once per process.
#pragma once

#include <cstddef>

namespace learnloop::embeddings {

/// hnswlib's distance function type.
using DistanceFn = float (*)(const void* a, const void* b, const void* dim);

/// The negated dot product with the fastest available kernel.
DistanceFn negative_dot_fn();

/// The squared L2 distance with the fastest available kernel.
DistanceFn l2_squared_fn();

}  // namespace learnloop::embeddings
