// FNV-1a, 64-bit: the one non-cryptographic hash of the core (content ids of models, the per-row
// train/test rule, the embeddings rows hash and the snapshot checksum). Its values are stored in
// databases and files, so it must never change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace learnloop {

/// FNV-1a 64's offset basis (the hash of no bytes).
constexpr std::uint64_t kFnv1aOffset64 = 0xcbf29ce484222325ULL;

/// `h` carried on over `size` bytes at `data`.
inline std::uint64_t fnv1a_add(std::uint64_t h, const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// FNV-1a 64 of `bytes`.
inline std::uint64_t fnv1a64(std::string_view bytes) { return fnv1a_add(kFnv1aOffset64, bytes.data(), bytes.size()); }

}  // namespace learnloop
