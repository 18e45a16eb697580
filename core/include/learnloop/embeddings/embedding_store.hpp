// The embeddings store: typed embeddings (one index per type) with string ids, JSON metadata and
// similarity search. Searches are exact (brute force with SIMD kernels) while a type has at most
// spec.exact_threshold live items (default 4096) or when asked, and HNSW above that. Filters are
// equality on top-level metadata keys; HNSW searches with a filter over-fetch and widen, and fall
// back to exact search when the filter is very selective, so every result satisfies the filter.
// State leaves as a versioned binary snapshot (to_bytes / from_bytes). Not thread-safe: one store
// serves one thread at a time (a search sets the graph's candidate list size). No I/O.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"
#include "learnloop/embeddings/embedding_types.hpp"

namespace learnloop {

namespace embeddings {
class TypeIndex;
}

/// How to search.
struct SearchOptions {
  std::size_t k = 10;              ///< results wanted (>= 1); fewer come back when fewer items match
  std::optional<std::size_t> ef;   ///< HNSW candidate list size (default: the type's ef_search)
  bool exact = false;              ///< force brute-force search
  nlohmann::json filter;           ///< null, or an object: every key must equal the item's metadata value
  std::optional<float> min_score;  ///< drop results scoring below this
};

/// One search result.
struct SearchHit {
  std::string id;           ///< the item's id
  float score = 0;          ///< cosine similarity, inner product, or minus the squared L2 distance
  nlohmann::json metadata;  ///< the item's metadata (null when none)
};

/// A stored item, as get() returns it.
struct EmbeddingItem {
  std::string id;             ///< the item's id
  std::vector<float> vector;  ///< stored vector (unit-normalised for cosine types)
  nlohmann::json metadata;    ///< metadata (null when none)
};

/// A type and how many items it holds.
struct EmbeddingTypeInfo {
  EmbeddingTypeSpec spec;   ///< the type's settings
  std::size_t count = 0;    ///< live items
  std::size_t deleted = 0;  ///< deleted items still in the graph (until compaction)
};

/// Typed embeddings with metadata and similarity search.
class EmbeddingStore {
 public:
  /// An empty store (built-in types are defined on first use with their default spec).
  EmbeddingStore();
  ~EmbeddingStore();
  /// Moves a store.
  EmbeddingStore(EmbeddingStore&&) noexcept;
  /// Moves a store.
  EmbeddingStore& operator=(EmbeddingStore&&) noexcept;

  /// Defines a type; redefining with the same spec is a no-op, with another spec an error.
  Status define_type(const EmbeddingTypeSpec& spec);
  /// Every defined type with its counts, by name.
  std::vector<EmbeddingTypeInfo> types() const;

  /// Stores (or replaces) item `id` of `type`; a built-in type is defined on first use.
  Status store(const std::string& type, const std::string& id, const std::vector<float>& vector,
               nlohmann::json metadata = nullptr);
  /// Stores ids.size() items from one row-major buffer; all are checked first, so a failed batch changes nothing.
  /// `metadata` is empty or has one entry per id. A repeated id in the batch is an error. `stored`: the vectors are
  /// ones this store gave out (for_each_item(), the embeddings table), already normalised: checked, not normalised
  /// again, so a rebuilt index scores exactly as the original (normalising twice moves the last bit).
  Status store_batch(const std::string& type, const std::vector<std::string>& ids, const std::vector<float>& vectors,
                     const std::vector<nlohmann::json>& metadata = {}, bool stored = false);

  /// The items most similar to `query`, most similar first.
  Result<std::vector<SearchHit>> search(const std::string& type, const std::vector<float>& query,
                                        const SearchOptions& options) const;
  /// The items most similar to stored item `id` (the item itself excluded), most similar first.
  Result<std::vector<SearchHit>> search_by_id(const std::string& type, const std::string& id,
                                              const SearchOptions& options) const;

  /// A stored item; not_found when absent.
  Result<EmbeddingItem> get(const std::string& type, const std::string& id) const;
  /// Deletes an item; returns false when it was not there.
  Result<bool> remove(const std::string& type, const std::string& id);
  /// Replaces an item's metadata; not_found when absent.
  Status update_metadata(const std::string& type, const std::string& id, nlohmann::json metadata);
  /// Replaces an item's vector (metadata kept); not_found when absent.
  Status update_vector(const std::string& type, const std::string& id, const std::vector<float>& vector);
  /// Live items of `type`; not_found for an undefined type.
  Result<std::size_t> count(const std::string& type) const;
  /// Calls `visit(id, vector, metadata)` for every live item of `type` (vector has spec.dim floats), in slot order.
  Status for_each_item(const std::string& type,
                       const std::function<void(const std::string&, const float*, const nlohmann::json&)>& visit) const;
  /// Rebuilds every type's graph from its live items (deleted items are dropped).
  void compact();
  /// Approximate heap bytes held by the indexes.
  std::size_t memory_bytes() const;

  /// The versioned binary snapshot (see snapshot.cpp for the layout).
  std::string to_bytes() const;
  /// Reads a snapshot; refuses other formats, unknown major versions, truncated or corrupt bytes.
  static Result<EmbeddingStore> from_bytes(const std::string& bytes);

 private:
  Result<embeddings::TypeIndex*> index_for_write(const std::string& type);
  Result<const embeddings::TypeIndex*> index_for_read(const std::string& type) const;
  Result<std::vector<SearchHit>> run_search(const embeddings::TypeIndex& index, const float* query,
                                            const SearchOptions& options, std::optional<std::uint32_t> exclude) const;

  std::map<std::string, std::unique_ptr<embeddings::TypeIndex>> types_;
};

/// Checks `vector` against `spec` (length, finite, non-zero for cosine) and returns it ready to
/// store (unit-normalised for cosine unless `normalise` is false); `what` names it in errors, e.g. "vector of
/// 'post-7'".
Result<std::vector<float>> prepare_vector(const EmbeddingTypeSpec& spec, const float* vector, std::size_t size,
                                          const std::string& what, bool normalise = true);

}  // namespace learnloop
