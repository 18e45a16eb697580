// Internal: distance functions in hnswlib's DISTFUNC shape (a, b, param -> float), where `param`
// points to the dimension as a size_t. Smaller is closer: -dot for cosine and inner product,
// squared L2 for l2. The SIMD flavour is picked once per process. The batch form serves the graph
// search (graph_search.hpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace learnloop::embeddings {

/// Whether prefetch_bytes() prefetches (set_search_prefetch() in distance.hpp; true unless switched off).
extern std::atomic<bool> search_prefetch_enabled;

/// Prefetches every cache line of `bytes` bytes at `p` (which need not start on a line) unless switched
/// off; nothing in wasm, which has no prefetch instruction.
inline void prefetch_bytes([[maybe_unused]] const char* p, [[maybe_unused]] std::size_t bytes) {
#if !defined(__wasm__)
  if (!search_prefetch_enabled.load(std::memory_order_relaxed)) return;
  for (std::size_t at = 0; at < bytes; at += 64) __builtin_prefetch(p + at);
  __builtin_prefetch(p + bytes - 1);
#endif
}

/// hnswlib's distance function type.
using DistanceFn = float (*)(const void* a, const void* b, const void* dim);

/// The negated dot product with the fastest available kernel.
DistanceFn negative_dot_fn();

/// The squared L2 distance with the fastest available kernel.
DistanceFn l2_squared_fn();

/// Many distances at once: out[i] = distance(query, base + ids[i] * stride) over `dim` floats, each
/// with the same bits as the single-pair kernel; one indirect call per graph node, not per neighbour.
using BatchDistanceFn = void (*)(const float* query, const char* base, std::size_t stride, const std::uint32_t* ids,
                                 std::size_t count, std::size_t dim, float* out);

/// negative_dot_fn() over a batch.
BatchDistanceFn negative_dot_batch_fn();

/// l2_squared_fn() over a batch.
BatchDistanceFn l2_squared_batch_fn();

}  // namespace learnloop::embeddings
