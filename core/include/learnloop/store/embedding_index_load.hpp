// An embedding index for a service's start: the stored snapshot of the index built from a type's
// embeddings rows (table embedding_index_snapshots) when it is current, else a build from the rows that
// then replaces the snapshot. Current means: the rows hash as they did when it was built, it reads with
// this learnloop's snapshot format version, and it was built with the settings asked for. A snapshot
// is made only from a build over the rows in id order, so a loaded one answers every search exactly as
// a fresh build from the same rows.
#pragma once

#include <cstddef>
#include <string>

#include "learnloop/core/progress.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// How load_embedding_index() got its index.
struct EmbeddingIndexLoad {
  bool from_snapshot = false;    ///< true: the stored snapshot; false: built from the rows
  std::string reason;            ///< why it was built ("" when the snapshot was loaded)
  std::size_t rows = 0;          ///< rows of the type (= live items of the index)
  std::string rows_hash;         ///< read_embedding_rows()'s hash of those rows
  bool snapshot_stored = false;  ///< a build stored its snapshot (false when loaded, or when the store is read-only)
};

/// An index and how it was loaded.
struct LoadedEmbeddingIndex {
  EmbeddingStore index;     ///< holds the one type spec.name
  EmbeddingIndexLoad load;  ///< how it was loaded
};

/// The index of the embeddings rows of spec.name (spec.dim is taken from the rows): the stored snapshot when
/// current and `use_snapshot`, else built from the rows and, when the store is writable, stored as the type's
/// snapshot with `built_at` (a TIMESTAMP_TEXT or ""); `progress` (may be null) follows a build. not_found when the
/// table has no rows of the type.
Result<LoadedEmbeddingIndex> load_embedding_index(Database& db, const EmbeddingTypeSpec& spec, bool use_snapshot,
                                                  const std::string& built_at, ProgressSink* progress = nullptr);

/// The result's JSON: {"source": "snapshot"|"rebuilt", "reason", "rows", "rows_hash", "snapshot_stored"}.
nlohmann::ordered_json embedding_index_load_json(const EmbeddingIndexLoad& load);

}  // namespace learnloop
