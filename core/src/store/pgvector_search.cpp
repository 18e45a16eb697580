// pgvector search over the embeddings table: the per-(type, dimension, metric) partial HNSW index, the read
// transaction that carries the scan settings, and the query whose ORDER BY matches that index expression (or an
// exact scan over the uncast column, which no index serves). Type names reach DDL quoted; everything else is a
// parameter or a number the core formats.
#include "learnloop/store/pgvector_search.hpp"

#include <algorithm>
#include <cstdio>

#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

// pgvector's operator and HNSW operator class of a metric.
const char* pgvector_operator(Metric metric) {
  switch (metric) {
    case Metric::kInnerProduct:
      return "<#>";
    case Metric::kL2:
      return "<->";
    case Metric::kCosine:
      break;
  }
  return "<=>";
}

const char* pgvector_opclass(Metric metric) {
  switch (metric) {
    case Metric::kInnerProduct:
      return "vector_ip_ops";
    case Metric::kL2:
      return "vector_l2_ops";
    case Metric::kCosine:
      break;
  }
  return "vector_cosine_ops";
}

// learnloop's score of a pgvector distance: cosine 1 - d, inner product -(<#>), L2 minus the squared distance.
float score_of_distance(Metric metric, double d) {
  switch (metric) {
    case Metric::kInnerProduct:
      return static_cast<float>(-d);
    case Metric::kL2:
      return static_cast<float>(-(d * d));
    case Metric::kCosine:
      break;
  }
  return static_cast<float>(1.0 - d);
}

std::string quoted_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// 8 hex digits of FNV-1a 32 over the type name: index names stay short and valid for any type name.
std::string short_hash(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  char out[9];
  std::snprintf(out, sizeof out, "%08x", h);
  return out;
}

Result<std::int64_t> single_number(Database& db, const std::string& sql, const std::vector<SqlValue>& params = {}) {
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, sql, params);
  if (!rows.ok()) return rows.error();
  return static_cast<std::int64_t>(sql_number(rows.value().at(0).at(0)));
}

}  // namespace

Result<PgvectorSupport> pgvector_support(Database& db) {
  PgvectorSupport out;
  Result<VectorStorage> storage = embedding_vector_storage(db);
  if (!storage.ok()) return storage.error();
  out.storage = storage.value();
  if (db.dialect() == Dialect::kSqlite || out.storage == VectorStorage::kPgvector) return out;
  Result<std::int64_t> available =
      single_number(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'");
  if (!available.ok()) return available.error();
  Result<std::int64_t> installed = single_number(db, "SELECT CASE WHEN to_regtype('vector') IS NULL THEN 0 ELSE 1 END");
  if (!installed.ok()) return installed.error();
  const std::string tail = ": embeddings are stored as float32 bytea and searched with learnloop's index";
  if (available.value() == 0)
    out.note = "the server has no vector extension (pgvector)" + tail;
  else if (installed.value() == 0)
    out.note =
        "the server has the vector extension, but it is not installed in this database (init could not "
        "create it: CREATE EXTENSION vector needs a role allowed to create it)" +
        tail;
  else
    out.note = "the embeddings table was created before the vector extension was installed in this database" + tail +
               " ('learnloop init' converts them to pgvector values)";
  return out;
}

std::string pgvector_index_name(const std::string& type, std::size_t dim, Metric metric) {
  return std::string("embeddings_hnsw_") + metric_name(metric) + "_" + std::to_string(dim) + "_" + short_hash(type);
}

std::string pgvector_index_sql(const std::string& type, std::size_t dim, Metric metric, const HnswOptions& hnsw) {
  return "CREATE INDEX IF NOT EXISTS " + pgvector_index_name(type, dim, metric) +
         " ON embeddings USING hnsw ((vector::vector(" + std::to_string(dim) + ")) " + pgvector_opclass(metric) +
         ") WITH (m = " + std::to_string(hnsw.m) + ", ef_construction = " + std::to_string(hnsw.ef_construction) +
         ") WHERE type = " + quoted_literal(type);
}

Result<PgvectorType> pgvector_type(Database& db, const std::string& type) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT dim, count(*) FROM embeddings WHERE type = ? GROUP BY dim ORDER BY dim", {type});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty())
    return Error{ErrorCode::kNotFound, "the embeddings table has no rows of type '" + type + "'"};
  if (rows.value().size() > 1)
    return invalid_argument("the embeddings rows of type '" + type + "' have " + std::to_string(rows.value().size()) +
                            " dimensions (" + sql_text(rows.value()[0][0]) + ", " + sql_text(rows.value()[1][0]) +
                            "...); a type's rows must all have one dimension");
  PgvectorType out;
  out.dim = static_cast<std::size_t>(sql_number(rows.value()[0][0]));
  out.rows = static_cast<std::size_t>(sql_number(rows.value()[0][1]));
  return out;
}

Result<bool> ensure_pgvector_index(Database& db, const std::string& type, std::size_t dim, Metric metric,
                                   const HnswOptions& hnsw) {
  const std::string name = pgvector_index_name(type, dim, metric);
  Result<std::int64_t> present = single_number(db, "SELECT CASE WHEN to_regclass(?) IS NULL THEN 0 ELSE 1 END", {name});
  if (!present.ok()) return present.error();
  if (present.value() != 0) return false;
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  if (Status s = db.exec(pgvector_index_sql(type, dim, metric, hnsw)); !s.ok()) return s.error();
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return true;
}

PgvectorSearcher::PgvectorSearcher(Database& db, std::string type, std::size_t dim, Metric metric, bool exact,
                                   std::size_t ef)
    : db_(db), type_(std::move(type)), dim_(dim), metric_(metric), exact_(exact), ef_(ef) {}

PgvectorSearcher::~PgvectorSearcher() = default;

Result<std::unique_ptr<PgvectorSearcher>> PgvectorSearcher::open(Database& db, const std::string& type, std::size_t dim,
                                                                 Metric metric, bool exact, std::size_t ef) {
  if (db.dialect() != Dialect::kPostgres) return invalid_argument("pgvector search needs a PostgreSQL database");
  std::unique_ptr<PgvectorSearcher> out(new PgvectorSearcher(db, type, dim, metric, exact, ef));
  out->read_ = std::make_unique<ReadTransaction>(db);
  if (!out->read_->status().ok()) return out->read_->status().error();
  if (!exact) {
    // Filtered scans keep going until k rows pass the filter (pgvector 0.8+); older servers lack the setting, and
    // the savepoint keeps the transaction usable when it is refused.
    if (Status s = db.exec("SAVEPOINT learnloop_iterative; SET LOCAL hnsw.iterative_scan = strict_order"); s.ok()) {
      out->iterative_ = true;
    } else if (Status back = db.exec("ROLLBACK TO SAVEPOINT learnloop_iterative"); !back.ok()) {
      return back.error();
    }
  }
  return out;
}

Result<std::vector<SearchHit>> PgvectorSearcher::search(const std::vector<float>& query, const SearchOptions& options) {
  if (query.size() != dim_)
    return invalid_argument("query has " + std::to_string(query.size()) + " values; type '" + type_ +
                            "' has dimension " + std::to_string(dim_));
  if (options.k == 0) return invalid_argument("k must be at least 1");
  if (!options.filter.is_null() && !options.filter.is_object())
    return invalid_argument("filter must be a JSON object of metadata keys and the values they must equal");
  if (!exact_) {
    const std::size_t ef = std::min<std::size_t>(1000, std::max(ef_, options.k));
    if (ef != ef_set_) {
      if (Status s = db_.exec("SET LOCAL hnsw.ef_search = " + std::to_string(ef)); !s.ok()) return s.error();
      ef_set_ = ef;
    }
  }
  const std::string column = exact_ ? "vector" : "vector::vector(" + std::to_string(dim_) + ")";
  const std::string target = exact_ ? "?::vector" : "?::vector(" + std::to_string(dim_) + ")";
  const std::string distance = column + " " + pgvector_operator(metric_) + " " + target;
  std::string sql = "SELECT id, metadata, " + distance + " FROM embeddings WHERE type = ?";
  std::vector<SqlValue> params = {pgvector_text(query.data(), query.size()), type_};
  if (options.filter.is_object()) {
    for (const auto& [key, value] : options.filter.items()) {
      sql += " AND (metadata::jsonb -> ?) = ?::jsonb";
      params.emplace_back(key);
      params.emplace_back(value.dump());
    }
  }
  sql += " ORDER BY " + distance + (exact_ ? ", id" : "") + " LIMIT " + std::to_string(options.k);
  params.emplace_back(pgvector_text(query.data(), query.size()));
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db_, sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<SearchHit> hits;
  hits.reserve(rows.value().size());
  for (const std::vector<SqlValue>& r : rows.value()) {
    SearchHit hit;
    hit.id = sql_text(r[0]);
    hit.score = score_of_distance(metric_, sql_number(r[2]));
    if (options.min_score && hit.score < *options.min_score) continue;
    if (!is_null(r[1])) {
      Result<nlohmann::json> meta = parse_json(sql_text(r[1]));
      if (!meta.ok())
        return Error{meta.error().code, "embeddings row '" + hit.id + "': metadata: " + meta.error().message};
      hit.metadata = std::move(meta).value();
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace learnloop
