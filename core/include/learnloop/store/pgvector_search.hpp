// Similarity search inside PostgreSQL with pgvector, over the embeddings table whose vector column is pgvector's
// `vector` (schema migration 8): one partial HNSW index per (type, dimension, metric) on vector::vector(dim), made
// on first use, or an exact scan (`<=>`, `<#>`, `<->`). Scores are learnloop's (cosine similarity, inner product,
// minus the squared L2 distance), so the answers compare one to one with EmbeddingStore's. Filters are equality
// on top-level metadata keys, as EmbeddingStore's; filtered HNSW scans run with hnsw.iterative_scan = strict_order,
// so they return k rows whenever k rows match (within pgvector's hnsw.max_scan_tuples). No SQL outside the core.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/embedding_vectors.hpp"

namespace learnloop {

/// Whether a database can search with pgvector, and why not when it cannot.
struct PgvectorSupport {
  VectorStorage storage = VectorStorage::kFloat32Bytes;  ///< the embeddings.vector column's storage
  std::string note;  ///< why the vectors are float32 bytes on PostgreSQL ("" for pgvector and for SQLite)
};

/// The embeddings storage of `db` and, on PostgreSQL without pgvector storage, the reason (no extension on the
/// server, not installed in the database, or a table created before it was).
Result<PgvectorSupport> pgvector_support(Database& db);

/// The name of the partial HNSW index of (type, dim, metric): embeddings_hnsw_<metric>_<dim>_<hash of type>.
std::string pgvector_index_name(const std::string& type, std::size_t dim, Metric metric);

/// The statement that creates that index (IF NOT EXISTS) with `hnsw`'s m and ef_construction; `type` is quoted.
std::string pgvector_index_sql(const std::string& type, std::size_t dim, Metric metric, const HnswOptions& hnsw);

/// A type's rows as pgvector sees them: the one dimension and the row count; not_found without rows.
struct PgvectorType {
  std::size_t dim = 0;   ///< the rows' dimension
  std::size_t rows = 0;  ///< rows of the type
};

/// Reads the dimension and row count of `type`'s rows; invalid_argument when they have several dimensions.
Result<PgvectorType> pgvector_type(Database& db, const std::string& type);

/// Makes the type's HNSW index when it is missing (a short write transaction); returns true when it was created.
Result<bool> ensure_pgvector_index(Database& db, const std::string& type, std::size_t dim, Metric metric,
                                   const HnswOptions& hnsw);

/// Searches of one type through pgvector within one read transaction (one consistent snapshot, the HNSW settings
/// set once). Create it with open(); it ends the transaction when destroyed.
class PgvectorSearcher {
 public:
  /// A searcher of `type` (dimension `dim`) scored by `metric`; `exact`: scan every row instead of the HNSW index;
  /// `ef`: hnsw.ef_search (raised to k per query when smaller, at most pgvector's 1000).
  static Result<std::unique_ptr<PgvectorSearcher>> open(Database& db, const std::string& type, std::size_t dim,
                                                        Metric metric, bool exact, std::size_t ef);
  ~PgvectorSearcher();
  PgvectorSearcher(const PgvectorSearcher&) = delete;
  PgvectorSearcher& operator=(const PgvectorSearcher&) = delete;

  /// The options.k best rows for `query` (options.filter and options.min_score applied; options.ef and
  /// options.exact are the searcher's), best first (exact scans break ties by id).
  Result<std::vector<SearchHit>> search(const std::vector<float>& query, const SearchOptions& options);
  /// False when the server's pgvector has no hnsw.iterative_scan (before 0.8): filtered HNSW scans may then
  /// return fewer than k rows.
  bool iterative_scan() const { return iterative_; }

 private:
  PgvectorSearcher(Database& db, std::string type, std::size_t dim, Metric metric, bool exact, std::size_t ef);

  Database& db_;
  std::string type_;
  std::size_t dim_;
  Metric metric_;
  bool exact_;
  std::size_t ef_;
  std::size_t ef_set_ = 0;  // the hnsw.ef_search set in the transaction (0: not yet)
  bool iterative_ = false;  // hnsw.iterative_scan is on (pgvector 0.8+)
  std::unique_ptr<ReadTransaction> read_;
};

}  // namespace learnloop
