// The embeddings snapshot: "LLEMBED\0", u16 major, u16 minor, u64 payload length, u64 FNV-1a hash
// of the payload, then the payload: u32 type count and each type's index (type_index.cpp: spec,
// generator state, per slot live flag, id, metadata JSON, vector and links per level). All
// integers little-endian, fixed width, so native and wasm read each other's snapshots.
#include <exception>

#include "learnloop/core/bytes.hpp"
#include "learnloop/core/fnv1a.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "type_index.hpp"

namespace learnloop {

namespace {

constexpr char kMagic[8] = {'L', 'L', 'E', 'M', 'B', 'E', 'D', '\0'};
constexpr std::uint16_t kMajor = 1;
constexpr std::uint16_t kMinor = 0;
constexpr std::size_t kHeaderSize = 8 + 2 + 2 + 8 + 8;
// Memory a snapshot may make the reader allocate: kMemoryPerByte bytes per payload byte plus kMemorySlack.
// hnswlib reserves 2m links per item where the snapshot stores only those in use, so a built index needs
// 1 to 7 bytes per payload byte at the default m = 16 (the most with 1-dimensional vectors); the slack
// covers small indexes with a large m. A hostile header cannot claim more (it was 170 bytes per byte).
constexpr std::uint64_t kMemoryPerByte = 16;
constexpr std::uint64_t kMemorySlack = std::uint64_t{64} << 20;

std::uint64_t fnv1a(const char* data, std::size_t size) { return fnv1a_add(kFnv1aOffset64, data, size); }

Error parse_error(const std::string& message) { return {ErrorCode::kParseError, message}; }

}  // namespace

std::string EmbeddingStore::to_bytes() const {
  ByteWriter payload;
  payload.uint(types_.size(), 4);
  for (const auto& [name, index] : types_) index->write(payload);
  ByteWriter out;
  out.raw(kMagic, sizeof kMagic);
  out.uint(kMajor, 2);
  out.uint(kMinor, 2);
  out.uint(payload.bytes().size(), 8);
  out.uint(fnv1a(payload.bytes().data(), payload.bytes().size()), 8);
  out.bytes() += payload.bytes();
  return std::move(out.bytes());
}

Result<EmbeddingStore> EmbeddingStore::from_bytes(const std::string& bytes) {
  if (bytes.size() < sizeof kMagic || bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0)
    return parse_error("not a learnloop embeddings snapshot: it does not start with the bytes \"LLEMBED\"");
  ByteReader header(bytes.data() + sizeof kMagic, bytes.size() - sizeof kMagic);
  const auto major = header.uint(2);
  const auto minor = header.uint(2);
  const auto length = header.uint(8);
  const auto hash = header.uint(8);
  if (header.failed())
    return parse_error("embeddings snapshot is truncated: " + std::to_string(bytes.size()) +
                       " bytes, shorter than its header");
  if (major != kMajor)
    return Error{ErrorCode::kUnsupportedVersion, "embeddings snapshot has format version " + std::to_string(major) +
                                                     "." + std::to_string(minor) + "; this learnloop reads version " +
                                                     std::to_string(kMajor) + ".x"};
  const std::size_t found = bytes.size() - kHeaderSize;
  if (length != found)
    return parse_error("embeddings snapshot is " +
                       std::string(length > found ? "truncated" : "followed by extra bytes") + ": header says " +
                       std::to_string(length) + " payload bytes, found " + std::to_string(found));
  const char* payload = bytes.data() + kHeaderSize;
  if (fnv1a(payload, found) != hash)
    return parse_error("embeddings snapshot is corrupt: its checksum does not match its contents");

  ByteReader in(payload, found);
  const auto type_count = in.uint(4);
  EmbeddingStore store;
  std::uint64_t memory_budget = kMemoryPerByte * found + kMemorySlack;
  try {
    for (std::uint64_t t = 0; t < type_count; ++t) {
      Result<std::unique_ptr<embeddings::TypeIndex>> index = embeddings::TypeIndex::read(in, &memory_budget);
      if (!index.ok()) return index.error();
      const std::string name = index.value()->spec().name;
      if (store.types_.count(name)) return parse_error("snapshot is corrupt: type '" + name + "' appears twice");
      store.types_[name] = std::move(index).value();
    }
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInternal, std::string("cannot load embeddings snapshot: ") + e.what()};
  }
  if (in.failed()) return parse_error("embeddings snapshot is truncated");
  if (in.remaining() != 0)
    return parse_error("snapshot is corrupt: " + std::to_string(in.remaining()) + " unread bytes after the last type");
  return store;
}

}  // namespace learnloop
