// Shared by the libFuzzer targets: the input as a string, and a hard stop for a broken invariant
// (abort() is what libFuzzer records as a crash, with the input saved as an artifact).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace learnloop::fuzz {

/// The fuzzer's bytes as a string.
inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Aborts with `what` when `ok` is false: a property every input must keep.
inline void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace learnloop::fuzz
