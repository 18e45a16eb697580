// The store's schema: migrations from schema.sql under PRAGMA user_version, and the column
// catalog read back from the database itself (so validation never restates the schema).
#pragma once

#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// The schema version this build writes (the number of migrations in schema.sql).
int latest_schema_version();

/// The text of schema.sql, as compiled in.
const std::string& schema_sql();

/// Brings `db` to the latest schema in one transaction; refuses a database from a newer version.
Status migrate_schema(Database& db);

/// PostgreSQL: turns embeddings stored as bytea into pgvector values when the vector extension can be had now
/// (a database made before it was installed); true when it converted. SQLite and pgvector databases: false.
Result<bool> adopt_pgvector(Database& db);

/// Fails unless `db` is at the latest schema (an empty database gets a hint to run `learnloop init`).
Status check_schema(Database& db);

/// One column as the database declares it.
struct ColumnInfo {
  std::string name;           ///< column name
  std::string declared_type;  ///< TEXT, INTEGER, REAL, BLOB, JSON_TEXT, DATE_TEXT or TIMESTAMP_TEXT
  bool required = false;      ///< NOT NULL without a default
};

/// The columns of `table`, in order; not_found when the table does not exist.
Result<std::vector<ColumnInfo>> table_columns(Database& db, const std::string& table);

/// Tables that take rows from write_metrics() and `learnloop ingest`.
const std::vector<std::string>& metric_tables();

}  // namespace learnloop
