// load_embedding_index(): the stored index snapshot of a type when it is current, else a build from the
// embeddings rows (in id order, as load_embedding_rows builds) that then replaces the stored snapshot.
#include "learnloop/store/embedding_index_load.hpp"

#include <optional>

#include "learnloop/store/dialect.hpp"
#include "learnloop/store/embedding_rows.hpp"

namespace learnloop {
namespace {

// What differs between the settings a snapshot was built with and those asked for; "" when none.
std::string snapshot_settings_difference(const EmbeddingTypeSpec& built, const EmbeddingTypeSpec& asked) {
  auto field = [](const char* name, const std::string& a, const std::string& b) {
    return std::string(name) + " " + a + " (asked: " + b + ")";
  };
  if (built.name != asked.name) return field("type", built.name, asked.name);
  if (built.dim != asked.dim) return field("dim", std::to_string(built.dim), std::to_string(asked.dim));
  if (built.metric != asked.metric) return field("metric", metric_name(built.metric), metric_name(asked.metric));
  if (built.hnsw.m != asked.hnsw.m) return field("m", std::to_string(built.hnsw.m), std::to_string(asked.hnsw.m));
  if (built.hnsw.ef_construction != asked.hnsw.ef_construction)
    return field("ef_construction", std::to_string(built.hnsw.ef_construction),
                 std::to_string(asked.hnsw.ef_construction));
  if (built.hnsw.ef_search != asked.hnsw.ef_search)
    return field("ef_search", std::to_string(built.hnsw.ef_search), std::to_string(asked.hnsw.ef_search));
  if (built.exact_threshold != asked.exact_threshold)
    return field("exact_threshold", std::to_string(built.exact_threshold), std::to_string(asked.exact_threshold));
  return "";
}

// The stored snapshot of `spec.name` when it is current for `rows`; else an empty result and, in *why, the reason.
std::optional<EmbeddingStore> current_snapshot(Database& db, const EmbeddingTypeSpec& spec, const EmbeddingRows& rows,
                                               std::string* why) {
  Result<std::vector<std::vector<SqlValue>>> found =
      query_rows(db, "SELECT rows_hash, snapshot FROM embedding_index_snapshots WHERE type = ?", {spec.name});
  if (!found.ok()) {
    *why = "the stored snapshot could not be read (" + found.error().message + ")";
    return std::nullopt;
  }
  if (found.value().empty()) {
    *why = "no stored snapshot";
    return std::nullopt;
  }
  const auto& row = found.value()[0];
  if (sql_text(row[0]) != rows.hash) {
    *why = "the embeddings rows changed since the stored snapshot was built (rows hash " + rows.hash +
           ", snapshot built from " + sql_text(row[0]) + ")";
    return std::nullopt;
  }
  const Blob* blob = std::get_if<Blob>(&row[1]);
  Result<EmbeddingStore> index =
      EmbeddingStore::from_bytes(blob == nullptr ? std::string() : std::string(blob->bytes.begin(), blob->bytes.end()));
  if (!index.ok()) {
    *why = std::string(index.error().code == ErrorCode::kUnsupportedVersion ? "the stored snapshot's version is not "
                                                                              "this learnloop's"
                                                                            : "the stored snapshot is unreadable") +
           " (" + index.error().message + ")";
    return std::nullopt;
  }
  const std::vector<EmbeddingTypeInfo> types = index.value().types();
  if (types.size() != 1 || types[0].count != rows.ids.size() || types[0].deleted != 0) {
    *why = "the stored snapshot does not hold exactly the type's rows";
    return std::nullopt;
  }
  EmbeddingTypeSpec asked = spec;
  asked.dim = rows.dim;
  if (std::string diff = snapshot_settings_difference(types[0].spec, asked); !diff.empty()) {
    *why = "the stored snapshot was built with other settings: " + diff;
    return std::nullopt;
  }
  return std::move(index).value();
}

}  // namespace

Result<LoadedEmbeddingIndex> load_embedding_index(Database& db, const EmbeddingTypeSpec& spec, bool use_snapshot,
                                                  const std::string& built_at, ProgressSink* progress) {
  LoadedEmbeddingIndex out;
  EmbeddingRows rows;
  {
    // The rows and the snapshot are read from one consistent state of the database.
    ReadTransaction read(db);
    if (!read.status().ok()) return read.status().error();
    Result<EmbeddingRows> r = read_embedding_rows(db, spec.name);
    if (!r.ok()) return r.error();
    rows = std::move(r).value();
    out.load.rows = rows.ids.size();
    out.load.rows_hash = rows.hash;
    if (!use_snapshot) {
      out.load.reason = "asked to rebuild (snapshot disabled)";
    } else if (std::optional<EmbeddingStore> snapshot = current_snapshot(db, spec, rows, &out.load.reason)) {
      out.index = std::move(*snapshot);
      out.load.from_snapshot = true;
      out.load.reason.clear();
      return out;
    }
  }
  Result<std::size_t> stored = store_embedding_rows(out.index, spec, rows, progress);
  if (!stored.ok()) return stored.error();
  if (Status writable = db.check_writable(); !writable.ok()) {
    out.load.reason += "; the snapshot was not stored (" + writable.error().message + ")";
    return out;
  }
  Transaction tx(db);
  Status written = tx.status();
  if (written.ok()) {
    const std::string bytes = out.index.to_bytes();
    Blob blob;
    blob.bytes.assign(bytes.begin(), bytes.end());
    written = run_statement(
        db,
        upsert_sql("embedding_index_snapshots", {"type", "rows_hash", "row_count", "snapshot", "built_at"}, {"type"}),
        {spec.name, rows.hash, static_cast<std::int64_t>(rows.ids.size()), std::move(blob),
         built_at.empty() ? SqlValue{} : SqlValue{built_at}});
  }
  if (written.ok()) written = tx.commit();
  // The snapshot only saves the next start a build: failing to store it costs that, not this load.
  if (!written.ok()) {
    out.load.reason += "; the snapshot was not stored (" + written.error().message + ")";
    return out;
  }
  out.load.snapshot_stored = true;
  return out;
}

nlohmann::ordered_json embedding_index_load_json(const EmbeddingIndexLoad& load) {
  return {{"source", load.from_snapshot ? "snapshot" : "rebuilt"},
          {"reason", load.reason},
          {"rows", load.rows},
          {"rows_hash", load.rows_hash},
          {"snapshot_stored", load.snapshot_stored}};
}

}  // namespace learnloop
