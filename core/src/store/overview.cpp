// The overview of a metrics database: counts and date ranges read with plain SQL; writes nothing.
#include "learnloop/store/overview.hpp"

#include "learnloop/store/schema.hpp"

namespace learnloop {

Result<nlohmann::ordered_json> store_overview(Database& db) {
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<std::vector<SqlValue>>> names =
      db.dialect() == Dialect::kPostgres
          ? query_rows(db,
                       "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND "
                       "table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY table_name COLLATE \"C\"")
          : query_rows(
                db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  if (!names.ok()) return names.error();
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  std::int64_t total = 0;
  for (const std::vector<SqlValue>& row : names.value()) {
    const std::string name = sql_text(row[0]);
    Result<std::vector<std::vector<SqlValue>>> count = query_rows(db, "SELECT count(*) FROM \"" + name + "\"");
    if (!count.ok()) return count.error();
    const auto rows = static_cast<std::int64_t>(sql_number(count.value()[0][0]));
    tables[name] = rows;
    total += rows;
  }
  Result<std::vector<std::vector<SqlValue>>> span =
      query_rows(db, "SELECT substr(min(collected_at), 1, 10), substr(max(collected_at), 1, 10) FROM outcomes");
  if (!span.ok()) return span.error();
  Result<std::vector<std::vector<SqlValue>>> run = query_rows(db, "SELECT max(run_date) FROM learning_runs");
  if (!run.ok()) return run.error();
  const auto text_or_null = [](const SqlValue& v) {
    return is_null(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(sql_text(v));
  };
  return nlohmann::ordered_json{
      {"schema_version", latest_schema_version()},
      {"tables", tables},
      {"outcomes", {{"first_day", text_or_null(span.value()[0][0])}, {"last_day", text_or_null(span.value()[0][1])}}},
      {"latest_run", text_or_null(run.value()[0][0])},
      {"empty", total == 0}};
}

}  // namespace learnloop
