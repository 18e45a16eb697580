// learnloop's own pseudo-random generator: xoshiro256** seeded through SplitMix64.
// Pure integer arithmetic, so the same seed yields the same stream natively and in wasm
// (std::*_distribution differ between libstdc++ and libc++ and are never used).
#pragma once

#include <array>
#include <cstdint>

namespace learnloop {

/// xoshiro256** generator (Blackman & Vigna) with a SplitMix64 seeder.
class Rng {
 public:
  /// Seeds the four state words from `seed` with SplitMix64; `stream` selects an independent stream.
  explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0);
  /// Next 64 random bits.
  std::uint64_t next_u64();
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform();
  /// Uniform double in (0, 1): never exactly zero, safe for log().
  double uniform_open();
  /// The raw state (for saving).
  const std::array<std::uint64_t, 4>& state() const { return s_; }
  /// Restores a raw state saved with state(); an all-zero state is replaced by seed 0's.
  void set_state(const std::array<std::uint64_t, 4>& s);

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace learnloop
