// embeddings table <-> EmbeddingStore, with vectors as little-endian float32 BLOBs (pgvector values on a PostgreSQL
// whose column is `vector`, embedding_vectors.hpp). A save compares the index with the stored rows and writes only
// the difference; a read hashes the rows it returns (the float32 bytes, so both storages hash alike).
#include "learnloop/store/embedding_rows.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "learnloop/core/fnv1a.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/embedding_vectors.hpp"

namespace learnloop {
namespace {

// FNV-1a 64 over the rows, each field preceded by its length so that no two row lists hash the same bytes.
class RowsHasher {
 public:
  void add(const void* data, std::size_t size) {
    add_length(size);
    add_raw(data, size);
  }
  void add_null() { add_length(~std::uint64_t{0}); }
  std::string hex() const {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h_));
    return out;
  }

 private:
  void add_length(std::uint64_t n) {
    std::uint8_t le[8];
    for (int k = 0; k < 8; ++k) le[k] = static_cast<std::uint8_t>(n >> (8 * k));
    add_raw(le, 8);
  }
  void add_raw(const void* data, std::size_t size) { h_ = fnv1a_add(h_, data, size); }
  std::uint64_t h_ = kFnv1aOffset64;
};

// A stored row as save_embedding_rows compares it: dimension, vector bytes, metadata text (or NULL).
struct StoredEmbeddingRow {
  std::int64_t dim = 0;
  Blob vector;
  SqlValue metadata;
};

}  // namespace

Result<EmbeddingSaveSummary> save_embedding_rows(Database& db, const EmbeddingStore& index, const std::string& type,
                                                 const std::string& updated_at) {
  std::size_t dim = 0;
  for (const EmbeddingTypeInfo& info : index.types()) {
    if (info.spec.name == type) dim = info.spec.dim;
  }
  if (dim == 0) return Error{ErrorCode::kNotFound, "the index has no embedding type '" + type + "'"};
  Result<VectorStorage> storage = embedding_vector_storage(db);
  if (!storage.ok()) return storage.error();
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT id, dim, vector, metadata FROM embeddings WHERE type = ?", {type});
  if (!rows.ok()) return rows.error();
  std::unordered_map<std::string, StoredEmbeddingRow> stored;
  stored.reserve(rows.value().size());
  for (auto& row : rows.value()) {
    StoredEmbeddingRow r;
    r.dim = static_cast<std::int64_t>(sql_number(row[1]));
    if (Result<Blob> bytes = embedding_vector_bytes(row[2]); bytes.ok()) r.vector = std::move(bytes).value();
    r.metadata = std::move(row[3]);
    stored.emplace(sql_text(row[0]), std::move(r));
  }
  rows.value().clear();
  Result<std::unique_ptr<Statement>> insert =
      db.prepare("INSERT INTO embeddings (id, type, dim, vector, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert.error();
  Result<std::unique_ptr<Statement>> update =
      db.prepare("UPDATE embeddings SET dim = ?, vector = ?, metadata = ?, updated_at = ? WHERE type = ? AND id = ?");
  if (!update.ok()) return update.error();
  EmbeddingSaveSummary summary;
  const SqlValue when = updated_at.empty() ? SqlValue{} : SqlValue{updated_at};
  Status failed;
  auto run = [&](Statement& statement, const std::vector<SqlValue>& values) {
    failed = statement.bind(values);
    if (failed.ok()) {
      Result<bool> r = statement.step();
      if (!r.ok()) failed = r.error();
    }
  };
  Status visited = index.for_each_item(type, [&](const std::string& id, const float* vector,
                                                 const nlohmann::json& metadata) {
    if (!failed.ok()) return;
    Blob blob = bytes_of_floats(vector, dim);
    const SqlValue meta = metadata.is_null() ? SqlValue{} : SqlValue{metadata.dump()};
    auto it = stored.find(id);
    if (it == stored.end()) {
      run(*insert.value(),
          {id, type, static_cast<std::int64_t>(dim), embedding_vector_value(storage.value(), vector, dim), meta, when});
      ++summary.inserted;
      return;
    }
    const bool same =
        it->second.dim == static_cast<std::int64_t>(dim) && it->second.vector == blob && it->second.metadata == meta;
    stored.erase(it);
    if (same) {
      ++summary.unchanged;
      return;
    }
    run(*update.value(),
        {static_cast<std::int64_t>(dim), embedding_vector_value(storage.value(), vector, dim), meta, when, type, id});
    ++summary.updated;
  });
  if (!visited.ok()) return visited.error();
  if (!failed.ok()) return failed.error();
  if (!stored.empty()) {
    Result<std::unique_ptr<Statement>> remove = db.prepare("DELETE FROM embeddings WHERE type = ? AND id = ?");
    if (!remove.ok()) return remove.error();
    for (const auto& [id, row] : stored) {
      run(*remove.value(), {type, id});
      if (!failed.ok()) return failed.error();
      ++summary.deleted;
    }
  }
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return summary;
}

Result<EmbeddingRows> read_embedding_rows(Database& db, const std::string& type) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT id, dim, vector, metadata FROM embeddings WHERE type = ? ORDER BY id", {type});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty())
    return Error{ErrorCode::kNotFound, "the embeddings table has no rows of type '" + type + "'"};
  EmbeddingRows out;
  out.dim = static_cast<std::size_t>(sql_number(rows.value()[0][1]));
  out.ids.reserve(rows.value().size());
  out.metadata.reserve(rows.value().size());
  out.vectors.resize(rows.value().size() * out.dim);
  RowsHasher hasher;
  for (std::size_t r = 0; r < rows.value().size(); ++r) {
    const auto& row = rows.value()[r];
    Result<Blob> bytes = embedding_vector_bytes(row[2]);
    const Blob* blob = bytes.ok() ? &bytes.value() : nullptr;
    if (static_cast<std::size_t>(sql_number(row[1])) != out.dim || blob == nullptr || blob->bytes.size() != out.dim * 4)
      return invalid_argument("embeddings row '" + sql_text(row[0]) + "' of type '" + type + "' has dimension " +
                              sql_text(row[1]) + "; the type's rows must all have dimension " +
                              std::to_string(out.dim));
    out.ids.push_back(sql_text(row[0]));
    const std::vector<float> floats = floats_of_bytes(*blob);
    std::copy(floats.begin(), floats.end(), out.vectors.begin() + static_cast<std::ptrdiff_t>(r * out.dim));
    Result<nlohmann::json> meta =
        is_null(row[3]) ? Result<nlohmann::json>(nlohmann::json()) : parse_json(sql_text(row[3]));
    if (!meta.ok())
      return Error{meta.error().code, "embeddings row '" + sql_text(row[0]) + "' of type '" + type +
                                          "': metadata: " + meta.error().message};
    out.metadata.push_back(std::move(meta).value());
    hasher.add(out.ids.back().data(), out.ids.back().size());
    hasher.add(blob->bytes.data(), blob->bytes.size());
    if (is_null(row[3])) {
      hasher.add_null();
    } else {
      const std::string text = sql_text(row[3]);
      hasher.add(text.data(), text.size());
    }
  }
  out.hash = hasher.hex();
  return out;
}

Result<std::size_t> store_embedding_rows(EmbeddingStore& index, EmbeddingTypeSpec spec, const EmbeddingRows& rows,
                                         ProgressSink* progress) {
  spec.dim = rows.dim;
  if (Status s = index.define_type(spec); !s.ok()) return s.error();
  // The table holds the vectors the index stored (normalised for cosine): they go back in as they are. Items are
  // added one by one in id order either way, so batches build the same graph as one batch.
  const std::size_t n = rows.ids.size();
  const std::size_t batch = progress == nullptr ? n : std::max<std::size_t>(256, (n + 99) / 100);
  for (std::size_t start = 0; start < n; start += batch) {
    const std::size_t end = std::min(n, start + batch);
    const std::vector<std::string> ids(rows.ids.begin() + static_cast<std::ptrdiff_t>(start),
                                       rows.ids.begin() + static_cast<std::ptrdiff_t>(end));
    const std::vector<float> vectors(rows.vectors.begin() + static_cast<std::ptrdiff_t>(start * rows.dim),
                                     rows.vectors.begin() + static_cast<std::ptrdiff_t>(end * rows.dim));
    const std::vector<nlohmann::json> metadata(rows.metadata.begin() + static_cast<std::ptrdiff_t>(start),
                                               rows.metadata.begin() + static_cast<std::ptrdiff_t>(end));
    if (Status s = index.store_batch(spec.name, ids, vectors, metadata, true); !s.ok()) return s.error();
    if (progress != nullptr) progress->on_progress("building the " + spec.name + " index", end, n);
  }
  return n;
}

Result<std::size_t> load_embedding_rows(Database& db, EmbeddingStore& index, EmbeddingTypeSpec spec) {
  Result<EmbeddingRows> rows = read_embedding_rows(db, spec.name);
  if (!rows.ok()) return rows.error();
  return store_embedding_rows(index, std::move(spec), rows.value());
}

}  // namespace learnloop
