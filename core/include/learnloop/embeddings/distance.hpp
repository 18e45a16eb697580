// Distance kernels of the embeddings index: dot product and squared L2 distance over float32.
// Every implementation (scalar, SSE2, AVX2, wasm SIMD128) sums in the same order (16 lanes, then a
// fixed reduction tree, then the tail) with no fused multiply-add, so all of them return the same
// bits and native and wasm searches agree exactly. No I/O.
#pragma once

#include <cstddef>

namespace learnloop {

/// Dot product of a[0..n) and b[0..n) with the fastest kernel this CPU or runtime has.
float dot_product(const float* a, const float* b, std::size_t n);

/// Squared Euclidean distance of a[0..n) and b[0..n) with the fastest kernel available.
float l2_squared(const float* a, const float* b, std::size_t n);

/// The reference scalar dot product (same summation order as the SIMD kernels).
float dot_product_scalar(const float* a, const float* b, std::size_t n);

/// The reference scalar squared L2 distance (same summation order as the SIMD kernels).
float l2_squared_scalar(const float* a, const float* b, std::size_t n);

/// Name of the kernel dot_product() and l2_squared() use: "avx2", "sse2", "wasm-simd128" or "scalar".
const char* simd_kernel_name();

/// Turns the native graph search's memory prefetching on (the default) or off; results are the same either
/// way. WebAssembly has no prefetch instruction: benchmarks switch it off to measure what that costs wasm.
void set_search_prefetch(bool enabled);

}  // namespace learnloop
