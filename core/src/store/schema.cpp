// Applies schema.sql's migrations and reads the column catalog with PRAGMA table_info.
#include "learnloop/store/schema.hpp"

#include <algorithm>

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
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(db, "PRAGMA user_version");
  if (!rows.ok()) return rows.error();
  return static_cast<int>(sql_number(rows.value().at(0).at(0)));
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
  if (Status s = check_migrations_can_run(db, found.value(), migrations()); !s.ok()) return s;
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  for (int v = found.value(); v < latest_schema_version(); ++v) {
    if (Status s = db.exec(migrations()[static_cast<std::size_t>(v)]); !s.ok())
      return Error{ErrorCode::kInternal, "schema migration " + std::to_string(v + 1) + " failed: " + s.error().message};
  }
  if (Status s = db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version())); !s.ok()) return s;
  return tx.commit();
}

Status check_schema(Database& db) {
  Result<int> found = user_version(db);
  if (!found.ok()) return found.error();
  if (found.value() > latest_schema_version()) return newer_schema(found.value());
  if (found.value() == 0) {
    if (Status s = check_migrations_can_run(db, 0, migrations()); !s.ok()) return s;
    return Error{ErrorCode::kNotFound,
                 "the database has no learnloop schema; create it with 'learnloop init --db FILE'"};
  }
  if (found.value() < latest_schema_version()) return migrate_schema(db);
  return {};
}

Result<std::vector<ColumnInfo>> table_columns(Database& db, const std::string& table) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?)", {table});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return Error{ErrorCode::kNotFound, "unknown table '" + table + "'"};
  std::vector<ColumnInfo> columns;
  for (const std::vector<SqlValue>& r : rows.value()) {
    columns.push_back({sql_text(r[0]), sql_text(r[1]), sql_number(r[2]) != 0 && is_null(r[3])});
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
