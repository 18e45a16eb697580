// Applies schema.sql's migrations (rendered for the connection's dialect) and reads the column catalog: SQLite
// keeps the version in PRAGMA user_version and the columns in pragma_table_info; PostgreSQL keeps the version in
// a one-row schema_version table and the columns in information_schema (schema.sql's types as domain names). On
// PostgreSQL, embeddings become pgvector values where the server has the extension (at migration 8, or later at init).
#include "learnloop/store/schema.hpp"

#include <algorithm>

#include "learnloop/store/embedding_vectors.hpp"
#include "schema_check.hpp"

namespace learnloop {

extern const char* const kSchemaSqlText;  // generated from schema.sql at build time

namespace {

const std::string kMarker = "\n-- migration: ";  // at the start of a line

// The migrations of schema.sql: element i moves user_version from i to i + 1.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> out;
    const std::string& sql = schema_sql();
    std::size_t pos = sql.find(kMarker);
    while (pos != std::string::npos) {
      const std::size_t body = sql.find('\n', pos + 1);
      const std::size_t next = sql.find(kMarker, body);
      out.push_back(sql.substr(body, next == std::string::npos ? std::string::npos : next - body));
      pos = next;
    }
    return out;
  }();
  return kAll;
}

Result<int> user_version(Database& db) {
  if (db.dialect() == Dialect::kPostgres) {
    // pg_class read through the statement's snapshot: to_regclass() looks names up in the backend's catalog cache
    // without taking a lock, so after a miss it kept answering "no table" when another connection had meanwhile
    // created it (two stores migrating one new database at once).
    Result<std::vector<std::vector<SqlValue>>> table =
        query_rows(db,
                   "SELECT count(*) FROM pg_class WHERE relname = 'schema_version' AND relnamespace = "
                   "current_schema()::regnamespace");
    if (!table.ok()) return table.error();
    if (sql_number(table.value().at(0).at(0)) == 0) return 0;
    Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "SELECT max(version) FROM schema_version");
    if (!rows.ok()) return rows.error();
    return static_cast<int>(sql_number(rows.value().at(0).at(0)));
  }
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "PRAGMA user_version");
  if (!rows.ok()) return rows.error();
  return static_cast<int>(sql_number(rows.value().at(0).at(0)));
}

Status set_user_version(Database& db, int version) {
  if (db.dialect() == Dialect::kSqlite) return db.exec("PRAGMA user_version = " + std::to_string(version));
  if (Status s = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"); !s.ok()) return s;
  if (Status s = run_statement(db, "DELETE FROM schema_version"); !s.ok()) return s;
  return run_statement(db, "INSERT INTO schema_version (version) VALUES (?)", {std::int64_t{version}});
}

// PostgreSQL 15 and later grant CREATE on schema public only to the database owner (SQLSTATE 42501).
Error migration_error(Database& db, int number, const Error& e) {
  if (db.dialect() == Dialect::kPostgres && e.message.find("permission denied for schema") != std::string::npos)
    return {ErrorCode::kInvalidArgument,
            "cannot create learnloop's tables: " + e.message +
                ". PostgreSQL 15 and later let only the database owner create tables in schema public: run init as "
                "the owner, have the owner run 'GRANT CREATE ON SCHEMA public TO <user>', or give learnloop a "
                "schema of its own (CREATE SCHEMA learnloop AUTHORIZATION <user>; it is first on the default "
                "search_path when named after the user)"};
  return {ErrorCode::kInternal, "schema migration " + std::to_string(number) + " failed: " + e.message};
}

// PostgreSQL, inside the migration's transaction: creates the `vector` extension when the server has it (under a
// savepoint: a role that may not create it leaves the transaction usable) and tells whether its type resolves.
Result<bool> prepare_vector_extension(Database& db) {
  Result<std::vector<std::vector<SqlValue>>> available =
      query_rows(db, "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'");
  if (!available.ok()) return available.error();
  if (sql_number(available.value().at(0).at(0)) > 0) {
    if (Status s = db.exec("SAVEPOINT learnloop_vector; CREATE EXTENSION IF NOT EXISTS vector"); !s.ok()) {
      if (Status back = db.exec("ROLLBACK TO SAVEPOINT learnloop_vector"); !back.ok()) return back.error();
    }
  }
  Result<std::vector<std::vector<SqlValue>>> type = query_rows(db, "SELECT to_regtype('vector') IS NOT NULL");
  if (!type.ok()) return type.error();
  return sql_number(type.value().at(0).at(0)) != 0;
}

Error newer_schema(int found) {
  return {ErrorCode::kUnsupportedVersion,
          "the database has schema version " + std::to_string(found) + ", newer than this learnloop reads (" +
              std::to_string(latest_schema_version()) + "); upgrade learnloop to open it"};
}

}  // namespace

const std::string& schema_sql() {
  static const std::string kText(kSchemaSqlText);
  return kText;
}

int latest_schema_version() { return static_cast<int>(migrations().size()); }

Status migrate_schema(Database& db) {
  Result<int> found = user_version(db);
  if (!found.ok()) return found.error();
  if (found.value() > latest_schema_version()) return newer_schema(found.value());
  if (found.value() == latest_schema_version()) return {};
  if (Status s = check_migrations_can_run(db, found.value(), migrations()); !s.ok()) {
    // Objects newer than the version read: unless another process's migration committed between the two reads
    // (two stores opening one new PostgreSQL database at once), the version was changed outside learnloop.
    Result<int> again = user_version(db);
    if (!again.ok() || again.value() == found.value()) return s;
  }
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  // Read again under the write lock: another process may have migrated meanwhile (two `init` at once).
  Result<int> now = user_version(db);
  if (!now.ok()) return now.error();
  if (now.value() >= latest_schema_version()) return tx.commit();
  bool pgvector = false;
  if (db.dialect() == Dialect::kPostgres && now.value() < kPgvectorMigration) {
    Result<bool> ready = prepare_vector_extension(db);
    if (!ready.ok()) return ready.error();
    pgvector = ready.value();
  }
  for (int v = now.value(); v < latest_schema_version(); ++v) {
    const std::string sql = render_migration(db.dialect(), migrations()[static_cast<std::size_t>(v)], v + 1, pgvector);
    if (Status s = db.exec(sql); !s.ok()) return migration_error(db, v + 1, s.error());
  }
  if (Status s = set_user_version(db, latest_schema_version()); !s.ok()) return migration_error(db, 0, s.error());
  return tx.commit();
}

Result<bool> adopt_pgvector(Database& db) {
  if (db.dialect() != Dialect::kPostgres) return false;
  Result<VectorStorage> before = embedding_vector_storage(db);
  if (!before.ok()) return before.error();
  if (before.value() == VectorStorage::kPgvector) return false;
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  // Read again under the write lock: another init may have converted meanwhile.
  Result<VectorStorage> now = embedding_vector_storage(db);
  if (!now.ok()) return now.error();
  if (now.value() == VectorStorage::kPgvector) return false;
  Result<bool> ready = prepare_vector_extension(db);
  if (!ready.ok()) return ready.error();
  if (!ready.value()) return false;  // the transaction rolls back: nothing changed
  if (Status s = db.exec(pgvector_conversion_sql()); !s.ok())
    return Error{ErrorCode::kInternal, "converting the embeddings to pgvector values failed: " + s.error().message};
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return true;
}

Status check_schema(Database& db) {
  Result<int> found = user_version(db);
  if (!found.ok()) return found.error();
  if (found.value() > latest_schema_version()) return newer_schema(found.value());
  if (found.value() == 0) {
    if (Status s = check_migrations_can_run(db, 0, migrations()); !s.ok()) return s;
    return Error{ErrorCode::kNotFound, db.dialect() == Dialect::kPostgres
                                           ? "the database has no learnloop schema; create it with 'learnloop init "
                                             "--db postgres://...' (the same URI)"
                                           : "the database has no learnloop schema; create it with 'learnloop init "
                                             "--db FILE'"};
  }
  if (found.value() < latest_schema_version()) return migrate_schema(db);
  return {};
}

Result<std::vector<ColumnInfo>> table_columns(Database& db, const std::string& table) {
  const bool pg = db.dialect() == Dialect::kPostgres;
  Result<std::vector<std::vector<SqlValue>>> rows =
      pg ? query_rows(
               db,
               "SELECT column_name, coalesce(domain_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE "
               "data_type END), CASE WHEN is_nullable = 'NO' THEN 1 "
               "ELSE 0 END, column_default FROM information_schema.columns WHERE table_schema = "
               "current_schema() AND table_name = ? ORDER BY ordinal_position",
               {table})
         : query_rows(db, "SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?)", {table});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return Error{ErrorCode::kNotFound, "unknown table '" + table + "'"};
  std::vector<ColumnInfo> columns;
  for (const std::vector<SqlValue>& r : rows.value()) {
    const std::string type = pg ? declared_type_of(sql_text(r[1])) : sql_text(r[1]);
    columns.push_back({sql_text(r[0]), type, sql_number(r[2]) != 0 && is_null(r[3])});
  }
  return columns;
}

const std::vector<std::string>& metric_tables() {
  static const std::vector<std::string> kTables = {"content_metadata",
                                                   "outcomes",
                                                   "retention_metrics",
                                                   "engagement_metrics",
                                                   "viewer_behavior",
                                                   "engine_performance",
                                                   "satellite_performance",
                                                   "meta_learning_scores",
                                                   "prediction_records",
                                                   "creative_metrics",
                                                   "decisions"};
  return kTables;
}

}  // namespace learnloop
