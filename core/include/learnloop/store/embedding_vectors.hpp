// How the embeddings table stores a vector, and its conversion to and from floats. SQLite (and PostgreSQL
// without the `vector` extension) keep little-endian float32 bytes in a BLOB / bytea; PostgreSQL with pgvector
// keeps a pgvector `vector` value, which crosses the wire as its text form "[x,y,...]". Readers accept either
// form, so every reader of the table works on both; writers ask embedding_vector_storage() which one to write.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// The embeddings.vector column's storage.
enum class VectorStorage {
  kFloat32Bytes,  ///< BLOB (SQLite) or bytea (PostgreSQL without pgvector): little-endian float32
  kPgvector,      ///< pgvector's `vector` type, without a fixed dimension
};

/// "float32 bytes" or "pgvector".
const char* vector_storage_name(VectorStorage storage);

/// The storage of `db`'s embeddings.vector column (read from the catalog; SQLite is always float32 bytes).
Result<VectorStorage> embedding_vector_storage(Database& db);

/// `vector` (dim floats) as a value to bind for `storage`: a Blob of little-endian float32, or pgvector text.
SqlValue embedding_vector_value(VectorStorage storage, const float* vector, std::size_t dim);

/// pgvector's text form of `vector`: "[x,y,...]", each float32 written so that it reads back bit for bit.
std::string pgvector_text(const float* vector, std::size_t dim);

/// The little-endian float32 bytes of a stored vector (a Blob as is, pgvector text parsed); invalid_argument when
/// the value is neither.
Result<Blob> embedding_vector_bytes(const SqlValue& stored);

/// Floats of little-endian float32 `bytes` (bytes.size() / 4 of them).
std::vector<float> floats_of_bytes(const Blob& bytes);

/// Little-endian float32 bytes of `vector` (dim floats).
Blob bytes_of_floats(const float* vector, std::size_t dim);

}  // namespace learnloop
