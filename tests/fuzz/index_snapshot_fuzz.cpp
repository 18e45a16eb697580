// Fuzz target: embeddings index snapshot bytes. The checksum would stop almost every mutation at the
// header, so the target writes a fresh checksum over the fuzzed payload first; a snapshot that loads
// must answer a search on each type and save and load again.
#include <cstring>

#include "fuzz_input.hpp"
#include "learnloop/embeddings/embedding_store.hpp"

namespace {

constexpr std::size_t kHeaderSize = 28;  // "LLEMBED\0", u16 major, u16 minor, u64 length, u64 FNV-1a

// Sets the header's payload length and FNV-1a hash to match the bytes after the header.
void fix_header(std::string* bytes) {
  if (bytes->size() < kHeaderSize) return;
  std::uint64_t length = bytes->size() - kHeaderSize, h = 0xcbf29ce484222325ull;
  for (std::size_t i = kHeaderSize; i < bytes->size(); ++i) {
    h ^= static_cast<unsigned char>((*bytes)[i]);
    h *= 0x100000001b3ull;
  }
  for (int b = 0; b < 8; ++b) {
    (*bytes)[12 + b] = static_cast<char>((length >> (8 * b)) & 0xff);
    (*bytes)[20 + b] = static_cast<char>((h >> (8 * b)) & 0xff);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using learnloop::fuzz::require;
  std::string bytes = learnloop::fuzz::text(data, size);
  fix_header(&bytes);
  auto store = learnloop::EmbeddingStore::from_bytes(bytes);
  if (!store.ok()) return 0;
  for (const auto& type : store.value().types()) {
    learnloop::SearchOptions options;
    options.k = 3;
    (void)store.value().search(type.spec.name, std::vector<float>(type.spec.dim, 0.5f), options);
  }
  require(learnloop::EmbeddingStore::from_bytes(store.value().to_bytes()).ok(), "a loaded snapshot saves and loads");
  return 0;
}
