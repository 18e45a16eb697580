// The embeddings table (id, type, dim, vector BLOB of little-endian float32, metadata JSON,
// updated_at): the durable copy of an embedding index, from which the index is rebuilt. Saving writes
// only the rows that changed; reading gives the rows with a hash of their content (what a stored index
// snapshot is checked against, embedding_index_load.hpp).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/core/progress.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// What save_embedding_rows() changed: rows inserted, updated, deleted, and rows left as they were.
struct EmbeddingSaveSummary {
  std::size_t inserted = 0;   ///< new ids
  std::size_t updated = 0;    ///< ids whose vector, dimension or metadata changed
  std::size_t deleted = 0;    ///< rows of the type whose id the index no longer holds
  std::size_t unchanged = 0;  ///< rows already equal to the index's item (not written)
};

/// The rows of one type, in id order, as an index is built from them.
struct EmbeddingRows {
  std::size_t dim = 0;                   ///< the rows' dimension
  std::vector<std::string> ids;          ///< ids, ascending
  std::vector<float> vectors;            ///< ids.size() x dim, row-major
  std::vector<nlohmann::json> metadata;  ///< one per id (null when none)
  std::string hash;                      ///< 16 hex digits: FNV-1a 64 of every row's id, dim, vector and metadata
};

/// Makes the table's rows of `type` equal the live items of `type` in `index`, in one transaction, writing only
/// what differs: new ids inserted, changed ones updated (updated_at set to `updated_at`), missing ones deleted.
Result<EmbeddingSaveSummary> save_embedding_rows(Database& db, const EmbeddingStore& index, const std::string& type,
                                                 const std::string& updated_at);

/// The table's rows of `type`, checked (one dimension, readable metadata); not_found when there are none.
Result<EmbeddingRows> read_embedding_rows(Database& db, const std::string& type);

/// Loads the table's rows of spec.name into `index`, defining the type with `spec` and the rows' dimension
/// (spec.dim is ignored); returns how many items were loaded. not_found when the table has no rows of that type.
Result<std::size_t> load_embedding_rows(Database& db, EmbeddingStore& index, EmbeddingTypeSpec spec);

/// Adds `rows` to `index` as type spec.name (spec.dim is taken from the rows), in id order; with `progress`, in about
/// 100 batches with a progress call after each (the same index as one batch).
Result<std::size_t> store_embedding_rows(EmbeddingStore& index, EmbeddingTypeSpec spec, const EmbeddingRows& rows,
                                         ProgressSink* progress = nullptr);

}  // namespace learnloop
