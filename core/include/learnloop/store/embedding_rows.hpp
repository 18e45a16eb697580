// The embeddings table (id, type, dim, vector BLOB of little-endian float32, metadata JSON,
// updated_at): the durable copy of an embedding index, from which the index is rebuilt.
#pragma once

#include <cstddef>
#include <string>

#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// Replaces the table's rows of `type` with the live items of `type` in `index`, in one transaction.
Status save_embedding_rows(Database& db, const EmbeddingStore& index, const std::string& type,
                           const std::string& updated_at);

/// Loads the table's rows of spec.name into `index`, defining the type with `spec` and the rows' dimension
/// (spec.dim is ignored); returns how many items were loaded. not_found when the table has no rows of that type.
Result<std::size_t> load_embedding_rows(Database& db, EmbeddingStore& index, EmbeddingTypeSpec spec);

}  // namespace learnloop
