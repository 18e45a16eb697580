// Vector values of the embeddings table: float32 bytes <-> floats <-> pgvector text, and which form a database's
// column holds (its catalog says: a PostgreSQL column of type `vector` is pgvector, anything else float32 bytes).
#include "learnloop/store/embedding_vectors.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace learnloop {

const char* vector_storage_name(VectorStorage storage) {
  return storage == VectorStorage::kPgvector ? "pgvector" : "float32 bytes";
}

Result<VectorStorage> embedding_vector_storage(Database& db) {
  if (db.dialect() == Dialect::kSqlite) return VectorStorage::kFloat32Bytes;
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 "SELECT udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND "
                 "table_name = 'embeddings' AND column_name = 'vector'");
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return Error{ErrorCode::kNotFound, "the database has no embeddings table"};
  return sql_text(rows.value()[0][0]) == "vector" ? VectorStorage::kPgvector : VectorStorage::kFloat32Bytes;
}

Blob bytes_of_floats(const float* vector, std::size_t dim) {
  Blob b;
  b.bytes.resize(dim * 4);
  for (std::size_t i = 0; i < dim; ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &vector[i], 4);
    for (int k = 0; k < 4; ++k)
      b.bytes[i * 4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(bits >> (8 * k));
  }
  return b;
}

std::vector<float> floats_of_bytes(const Blob& bytes) {
  std::vector<float> out(bytes.bytes.size() / 4);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k)
      bits |= static_cast<std::uint32_t>(bytes.bytes[i * 4 + static_cast<std::size_t>(k)]) << (8 * k);
    std::memcpy(&out[i], &bits, 4);
  }
  return out;
}

std::string pgvector_text(const float* vector, std::size_t dim) {
  std::string out = "[";
  char buf[32];
  for (std::size_t i = 0; i < dim; ++i) {
    // 9 significant digits read back as the same float32 (pgvector parses with strtof).
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(vector[i]));
    if (i > 0) out += ',';
    out += buf;
  }
  out += ']';
  return out;
}

SqlValue embedding_vector_value(VectorStorage storage, const float* vector, std::size_t dim) {
  if (storage == VectorStorage::kPgvector) return pgvector_text(vector, dim);
  return bytes_of_floats(vector, dim);
}

Result<Blob> embedding_vector_bytes(const SqlValue& stored) {
  if (const Blob* blob = std::get_if<Blob>(&stored)) return *blob;
  const std::string* text = std::get_if<std::string>(&stored);
  if (text == nullptr || text->size() < 2 || text->front() != '[' || text->back() != ']')
    return invalid_argument("a stored vector is neither float32 bytes nor pgvector text");
  std::vector<float> values;
  const char* p = text->c_str() + 1;
  const char* end = text->c_str() + text->size() - 1;
  while (p < end) {
    char* next = nullptr;
    const float v = std::strtof(p, &next);  // subnormal values read exactly too (glibc flags them ERANGE)
    if (next == p) return invalid_argument("unreadable pgvector text: " + text->substr(0, 40));
    values.push_back(v);
    p = next;
    if (p < end && *p == ',') ++p;
  }
  return bytes_of_floats(values.data(), values.size());
}

}  // namespace learnloop
