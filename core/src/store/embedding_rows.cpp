// embeddings table <-> EmbeddingStore, with vectors as little-endian float32 BLOBs.
#include "learnloop/store/embedding_rows.hpp"

#include <cstring>

#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

Blob to_blob(const float* v, std::size_t dim) {
  Blob b;
  b.bytes.resize(dim * 4);
  for (std::size_t i = 0; i < dim; ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v[i], 4);
    for (int k = 0; k < 4; ++k)
      b.bytes[i * 4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(bits >> (8 * k));
  }
  return b;
}

void from_blob(const Blob& b, float* out) {
  for (std::size_t i = 0; i < b.bytes.size() / 4; ++i) {
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k)
      bits |= static_cast<std::uint32_t>(b.bytes[i * 4 + static_cast<std::size_t>(k)]) << (8 * k);
    std::memcpy(&out[i], &bits, 4);
  }
}

}  // namespace

Status save_embedding_rows(Database& db, const EmbeddingStore& index, const std::string& type,
                           const std::string& updated_at) {
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  if (Status s = run_statement(db, "DELETE FROM embeddings WHERE type = ?", {type}); !s.ok()) return s;
  Result<std::unique_ptr<Statement>> insert =
      db.prepare("INSERT INTO embeddings (id, type, dim, vector, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  std::size_t dim = 0;
  for (const EmbeddingTypeInfo& info : index.types()) {
    if (info.spec.name == type) dim = info.spec.dim;
  }
  if (dim == 0) return Error{ErrorCode::kNotFound, "the index has no embedding type '" + type + "'"};
  Status failed;
  Status visited =
      index.for_each_item(type, [&](const std::string& id, const float* vector, const nlohmann::json& metadata) {
        if (!failed.ok()) return;
        failed = insert.value()->bind({id, type, static_cast<std::int64_t>(dim), to_blob(vector, dim),
                                       metadata.is_null() ? SqlValue{} : SqlValue{metadata.dump()},
                                       updated_at.empty() ? SqlValue{} : SqlValue{updated_at}});
        if (failed.ok()) {
          Result<bool> r = insert.value()->step();
          if (!r.ok()) failed = r.error();
        }
      });
  if (!visited.ok()) return visited;
  if (!failed.ok()) return failed;
  return tx.commit();
}

Result<std::size_t> load_embedding_rows(Database& db, EmbeddingStore& index, EmbeddingTypeSpec spec) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT id, dim, vector, metadata FROM embeddings WHERE type = ? ORDER BY id", {spec.name});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty())
    return Error{ErrorCode::kNotFound, "the embeddings table has no rows of type '" + spec.name + "'"};
  spec.dim = static_cast<std::size_t>(sql_number(rows.value()[0][1]));
  if (Status s = index.define_type(spec); !s.ok()) return s.error();
  std::vector<std::string> ids;
  std::vector<float> vectors;
  std::vector<nlohmann::json> metadata;
  ids.reserve(rows.value().size());
  vectors.resize(rows.value().size() * spec.dim);
  for (std::size_t r = 0; r < rows.value().size(); ++r) {
    const auto& row = rows.value()[r];
    const Blob* blob = std::get_if<Blob>(&row[2]);
    if (static_cast<std::size_t>(sql_number(row[1])) != spec.dim || blob == nullptr ||
        blob->bytes.size() != spec.dim * 4)
      return invalid_argument("embeddings row '" + sql_text(row[0]) + "' of type '" + spec.name + "' has dimension " +
                              sql_text(row[1]) + "; the type's rows must all have dimension " +
                              std::to_string(spec.dim));
    ids.push_back(sql_text(row[0]));
    from_blob(*blob, &vectors[r * spec.dim]);
    Result<nlohmann::json> meta =
        is_null(row[3]) ? Result<nlohmann::json>(nlohmann::json()) : parse_json(sql_text(row[3]));
    if (!meta.ok())
      return Error{meta.error().code, "embeddings row '" + sql_text(row[0]) + "' of type '" + spec.name +
                                          "': metadata: " + meta.error().message};
    metadata.push_back(std::move(meta).value());
  }
  // The table holds the vectors the index stored (normalised for cosine): they go back in as they are.
  if (Status s = index.store_batch(spec.name, ids, vectors, metadata, true); !s.ok()) return s.error();
  return ids.size();
}

}  // namespace learnloop
