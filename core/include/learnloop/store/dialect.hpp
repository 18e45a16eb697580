// The two SQL dialects the store speaks, and the core's rendering of its SQL for each. Every statement the
// core issues is written once, in SQLite's syntax with '?' placeholders; where PostgreSQL differs (placeholders,
// transaction locking, the schema's types, the catalog) the core renders it here or picks the dialect's text.
// Backends never write SQL of their own: the libpq backend passes each statement through render_sql().
#pragma once

#include <string>
#include <vector>

namespace learnloop {

/// The SQL dialect of a Database.
enum class Dialect { kSqlite, kPostgres };

/// `sql` (SQLite syntax, '?' placeholders) rendered for `dialect`: PostgreSQL gets $1..$n outside quotes.
std::string render_sql(Dialect dialect, const std::string& sql);

/// The statement that begins a write transaction holding the database's one write lock (SQLite: BEGIN
/// IMMEDIATE; PostgreSQL: BEGIN plus a transaction-scoped advisory lock, released at COMMIT or ROLLBACK).
std::string begin_write_sql(Dialect dialect);

/// The statement that begins a read transaction over one consistent snapshot (PostgreSQL: REPEATABLE READ).
std::string begin_read_sql(Dialect dialect);

/// One schema.sql migration (SQLite text) rendered for `dialect`; `number` is 1-based (migration 1 on
/// PostgreSQL first creates the domains that carry schema.sql's declared types: json_text, date_text, timestamp_text).
/// With `pgvector` (PostgreSQL whose `vector` type resolves), migration 8 first turns embeddings.vector from bytea
/// into pgvector's `vector` (the stored float32 bytes converted).
std::string render_migration(Dialect dialect, const std::string& migration, int number, bool pgvector = false);

/// The schema version whose migration moves embeddings.vector to pgvector on PostgreSQL with the extension.
constexpr int kPgvectorMigration = 8;

/// PostgreSQL with pgvector: the statements that turn embeddings.vector from float32 bytea into pgvector values.
std::string pgvector_conversion_sql();

/// A PostgreSQL column type (a domain name or information_schema's data_type) as schema.sql declares it
/// (bigint -> INTEGER, double precision -> REAL, bytea -> BLOB, json_text -> JSON_TEXT ...); unknown types upper-cased.
std::string declared_type_of(const std::string& postgres_type);

/// A --db target fit for messages: a PostgreSQL URI loses its password (user:secret@ becomes user@, and a
/// password= query parameter shows ***); a file path is returned as is.
std::string redact_database_target(const std::string& target);

/// A portable upsert (SQLite 3.24+ and PostgreSQL): INSERT of `columns`, replacing every non-key column of the
/// row whose `keys` match. Same effect as SQLite's INSERT OR REPLACE when `columns` lists every column.
std::string upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys);

}  // namespace learnloop
