// Internal: the index of one embedding type. Owns an hnswlib graph whose vectors are the only copy
// (exact search scans them too), plus ids and metadata per slot. A slot is an hnswlib internal id
// and also its label; deleting marks the slot, and compact() rebuilds the graph from live slots.
// Levels come from learnloop's own generator, so a graph is the same natively and in wasm.
// Only type_index.cpp includes hnswlib. No I/O.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "learnloop/core/bytes.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/embeddings/embedding_types.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop::embeddings {

/// A candidate: (distance, slot); smaller distance is closer.
using Candidate = std::pair<float, std::uint32_t>;

/// One type's vectors, ids, metadata and HNSW graph.
class TypeIndex {
 public:
  /// An empty index for `spec` (already validated).
  explicit TypeIndex(EmbeddingTypeSpec spec);
  ~TypeIndex();
  TypeIndex(const TypeIndex&) = delete;
  TypeIndex& operator=(const TypeIndex&) = delete;

  /// The type's spec.
  const EmbeddingTypeSpec& spec() const { return spec_; }
  /// Live (not deleted) items.
  std::size_t live() const { return by_id_.size(); }
  /// Slots in the graph, deleted ones included.
  std::size_t slots() const { return ids_.size(); }
  /// The slot of live item `id`, if any.
  std::optional<std::uint32_t> find(const std::string& id) const;
  /// True when `slot` holds a live item.
  bool is_live(std::uint32_t slot) const { return live_[slot] != 0; }
  /// Id stored in `slot`.
  const std::string& id(std::uint32_t slot) const { return ids_[slot]; }
  /// The stored (for cosine: normalised) vector of `slot`.
  const float* vector(std::uint32_t slot) const;
  /// Metadata of `slot` (null when none).
  const nlohmann::json& metadata(std::uint32_t slot) const { return metadata_[slot]; }
  /// Replaces the metadata of `slot`.
  void set_metadata(std::uint32_t slot, nlohmann::json metadata) { metadata_[slot] = std::move(metadata); }

  /// Makes room for `more` items beyond the current slots, so a batch allocates once.
  void reserve(std::size_t more);
  /// Adds a new live item; `vector` is checked and normalised already and `id` is not live.
  void add(const std::string& id, const float* vector, nlohmann::json metadata);
  /// Marks `slot` deleted; compacts when deleted slots pass a quarter of all slots.
  void remove(std::uint32_t slot);
  /// Rebuilds the graph from the live items only (slots are renumbered).
  void compact();

  /// Distance of `query` to `slot` (-dot for cosine and ip, squared L2 for l2).
  float distance(const float* query, std::uint32_t slot) const;
  /// The k closest live slots accepted by `accept`, by brute force, closest first (ties by slot).
  template <class Accept>
  std::vector<Candidate> search_exact(const float* query, std::size_t k, Accept accept) const;
  /// The `k` closest live slots found by HNSW with candidate list `ef`, closest first.
  std::vector<Candidate> search_graph(const float* query, std::size_t k, std::size_t ef) const;

  /// Appends the index (spec, generator, slots, vectors, links) to `out`.
  void write(ByteWriter& out) const;
  /// Reads an index written by write(); every count and link is checked, and the memory it allocates is
  /// taken from `*memory_budget` (bytes): an index that would need more is refused before allocating.
  static Result<std::unique_ptr<TypeIndex>> read(ByteReader& in, std::uint64_t* memory_budget);
  /// Approximate heap bytes held.
  std::size_t memory_bytes() const;

 private:
  struct Graph;
  int draw_level();
  void insert_into_graph(std::uint32_t slot, const float* vector, int level);

  EmbeddingTypeSpec spec_;
  std::unique_ptr<Graph> graph_;
  Rng rng_;
  std::vector<std::string> ids_;
  std::vector<nlohmann::json> metadata_;
  std::vector<std::uint8_t> live_;
  std::unordered_map<std::string, std::uint32_t> by_id_;
};

template <class Accept>
std::vector<Candidate> TypeIndex::search_exact(const float* query, std::size_t k, Accept accept) const {
  std::vector<Candidate> heap;  // max-heap on (distance, slot) of the best k so far
  heap.reserve(k + 1);
  for (std::uint32_t slot = 0; slot < ids_.size(); ++slot) {
    if (!live_[slot] || !accept(slot)) continue;
    const Candidate c{distance(query, slot), slot};
    if (heap.size() < k) {
      heap.push_back(c);
      std::push_heap(heap.begin(), heap.end());
    } else if (c < heap.front()) {
      std::pop_heap(heap.begin(), heap.end());
      heap.back() = c;
      std::push_heap(heap.begin(), heap.end());
    }
  }
  std::sort(heap.begin(), heap.end());
  return heap;
}

}  // namespace learnloop::embeddings
