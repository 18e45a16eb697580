// Reads the CREATE TABLE, CREATE INDEX and ALTER TABLE ... ADD COLUMN statements of the pending
// migrations and looks each object up in sqlite_master / pragma_table_info (PostgreSQL: pg_class and
// information_schema). No migration runs here.
#include "schema_check.hpp"

#include <sstream>

namespace learnloop {
namespace {

// What a migration statement creates: a table or index name, or table and column for ADD COLUMN.
struct Created {
  std::string table;   // the table (or index) name
  std::string column;  // the added column, empty for CREATE TABLE / CREATE INDEX
};

std::vector<Created> created_by(const std::string& migration) {
  std::vector<Created> out;
  std::istringstream lines(migration);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string a, b, name, d, e, column;
    words >> a >> b >> name;
    if (a == "CREATE" && (b == "TABLE" || b == "INDEX")) {
      out.push_back({name, ""});
    } else if (a == "ALTER" && b == "TABLE" && (words >> d >> e >> column) && d == "ADD" && e == "COLUMN") {
      out.push_back({name, column});
    }
  }
  return out;
}

Result<bool> exists(Database& db, const Created& c) {
  const bool pg = db.dialect() == Dialect::kPostgres;
  const char* object_sql = pg ? "SELECT 1 FROM pg_class WHERE relname = ? AND relnamespace = "
                                "current_schema()::regnamespace"
                              : "SELECT 1 FROM sqlite_master WHERE name = ?";
  const char* column_sql = pg ? "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                                "AND table_name = ? AND column_name = ?"
                              : "SELECT 1 FROM pragma_table_info(?) WHERE name = ?";
  Result<std::vector<std::vector<SqlValue>>> rows =
      c.column.empty() ? query_rows(db, object_sql, {c.table}) : query_rows(db, column_sql, {c.table, c.column});
  if (!rows.ok()) return rows.error();
  return !rows.value().empty();
}

}  // namespace

Status check_migrations_can_run(Database& db, int version, const std::vector<std::string>& migrations) {
  const std::string latest = std::to_string(migrations.size());
  if (version < 0)
    return invalid_argument("the database's schema version (PRAGMA user_version) is " + std::to_string(version) +
                            ", which no learnloop writes (they write 1 to " + latest +
                            "): it was changed outside learnloop; restore a backup, or set it back with "
                            "PRAGMA user_version if you know the file's real version");
  std::string first;      // the first object found that should not exist yet
  std::size_t holds = 0;  // the newest schema version with an object in the file
  for (std::size_t m = static_cast<std::size_t>(version); m < migrations.size(); ++m) {
    for (const Created& c : created_by(migrations[m])) {
      Result<bool> found = exists(db, c);
      if (!found.ok()) return found.error();
      if (!found.value()) continue;
      if (first.empty()) first = c.column.empty() ? "'" + c.table + "'" : "column " + c.table + "." + c.column;
      holds = m + 1;
    }
  }
  if (!first.empty())
    return invalid_argument("the database's schema version (PRAGMA user_version) is " + std::to_string(version) +
                            ", but it already holds " + first + " and objects up to schema version " +
                            std::to_string(holds) +
                            ": the version was changed outside learnloop; set it back with "
                            "PRAGMA user_version = " +
                            std::to_string(holds) + ", or restore a backup");
  return {};
}

}  // namespace learnloop
