// The partials of a sharded learning run in the database (see learn_partial_store.hpp).
#include "learn_partial_store.hpp"

#include <algorithm>

#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/dialect.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop::job {
namespace {

Status delete_shard(Database& db, const std::string& date, std::int64_t index) {
  if (Status s =
          run_statement(db, "DELETE FROM learn_partial_parts WHERE run_date = ? AND shard_index = ?", {date, index});
      !s.ok())
    return s;
  return run_statement(db, "DELETE FROM learn_partials WHERE run_date = ? AND shard_index = ?", {date, index});
}

}  // namespace

Status mark_shard_started(Database& db, DayNumber date, const ShardSpec& shard, const std::string& code_version,
                          const nlohmann::json& settings, const std::string& now) {
  const std::string day = format_date(date);
  const auto index = static_cast<std::int64_t>(shard.index);
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  if (Status s = delete_shard(db, day, index); !s.ok()) return s;
  if (Status s = run_statement(db,
                               "INSERT INTO learn_partials (run_date, shard_index, shard_count, code_version, "
                               "schema_version, settings, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               {day, index, static_cast<std::int64_t>(shard.count), code_version,
                                static_cast<std::int64_t>(latest_schema_version()), settings.dump(), now});
      !s.ok())
    return s;
  return tx.commit();
}

Result<std::uint64_t> store_shard(Database& db, DayNumber date, const ShardSpec& shard, const std::string& started_at,
                                  const nlohmann::json& settings, std::int64_t rows_read,
                                  const StateWriter& write_state, const std::string& now) {
  const std::string day = format_date(date);
  const auto index = static_cast<std::int64_t>(shard.index);
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  if (Status s =
          run_statement(db, "DELETE FROM learn_partial_parts WHERE run_date = ? AND shard_index = ?", {day, index});
      !s.ok())
    return s.error();
  // Still this run's row: another run of the shard (or a merge) may have replaced or deleted it meanwhile.
  Result<std::vector<std::vector<SqlValue>>> mine =
      query_rows(db,
                 "SELECT count(*) FROM learn_partials WHERE run_date = ? AND shard_index = ? AND shard_count = ? AND "
                 "started_at = ? AND finished_at IS NULL",
                 {day, index, static_cast<std::int64_t>(shard.count), started_at});
  if (!mine.ok()) return mine.error();
  if (sql_number(mine.value()[0][0]) == 0)
    return Error{ErrorCode::kBusy, "shard " + std::to_string(shard.index) + "/" + std::to_string(shard.count) + " of " +
                                       day +
                                       " was replaced while it ran (another run of that shard, or a merge); nothing "
                                       "of this run is stored: run the shard again"};
  std::int64_t part = 0;
  const PartSink put = [&](std::string_view bytes) {
    return run_statement(db, "INSERT INTO learn_partial_parts (run_date, shard_index, part, bytes) VALUES (?, ?, ?, ?)",
                         {day, index, part++, Blob{std::vector<std::uint8_t>(bytes.begin(), bytes.end())}});
  };
  Result<std::uint64_t> written = write_state(put);
  if (!written.ok()) return written.error();
  if (Status s =
          run_statement(db,
                        "UPDATE learn_partials SET settings = ?, rows_read = ?, state_bytes = ?, finished_at = ? "
                        "WHERE run_date = ? AND shard_index = ?",
                        {settings.dump(), rows_read, static_cast<std::int64_t>(written.value()), now, day, index});
      !s.ok())
    return s.error();
  if (Status s = tx.commit(); !s.ok()) return s.error();
  return written.value();
}

Result<std::vector<StoredShard>> list_shards(Database& db, DayNumber date) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 "SELECT shard_index, shard_count, code_version, schema_version, settings, finished_at, rows_read, "
                 "state_bytes, started_at FROM learn_partials WHERE run_date = ? ORDER BY shard_index",
                 {format_date(date)});
  if (!rows.ok()) return rows.error();
  std::vector<StoredShard> out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    StoredShard s;
    s.shard = {static_cast<std::uint32_t>(sql_number(r[0])), static_cast<std::uint32_t>(sql_number(r[1]))};
    s.code_version = sql_text(r[2]);
    s.schema_version = static_cast<std::int64_t>(sql_number(r[3]));
    s.settings = parse_json_or_discarded<nlohmann::json>(sql_text(r[4]));
    s.finished = !is_null(r[5]);
    s.rows_read = is_null(r[6]) ? 0 : static_cast<std::int64_t>(sql_number(r[6]));
    s.state_bytes = is_null(r[7]) ? 0 : static_cast<std::int64_t>(sql_number(r[7]));
    s.started_at = sql_text(r[8]);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<std::string>> dates_with_shards(Database& db) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT DISTINCT run_date FROM learn_partials ORDER BY run_date");
  if (!rows.ok()) return rows.error();
  std::vector<std::string> out;
  for (const std::vector<SqlValue>& r : rows.value()) out.push_back(sql_text(r[0]));
  return out;
}

Result<std::string> read_shard_state(Database& db, DayNumber date, std::uint32_t index, std::int64_t expected) {
  const std::string day = format_date(date);
  const auto shard = static_cast<std::int64_t>(index);
  Result<std::vector<std::vector<SqlValue>>> count =
      query_rows(db, "SELECT count(*) FROM learn_partial_parts WHERE run_date = ? AND shard_index = ?", {day, shard});
  if (!count.ok()) return count.error();
  const auto parts = static_cast<std::int64_t>(sql_number(count.value()[0][0]));
  std::string state;
  const auto most = parts * static_cast<std::int64_t>(kPartialPartBytes);  // what `parts` parts can hold
  state.reserve(static_cast<std::size_t>(std::clamp<std::int64_t>(expected, 0, most)));
  // One part in memory at a time besides the state being joined.
  for (std::int64_t part = 0; part < parts; ++part) {
    Result<std::vector<std::vector<SqlValue>>> row =
        query_rows(db, "SELECT bytes FROM learn_partial_parts WHERE run_date = ? AND shard_index = ? AND part = ?",
                   {day, shard, part});
    if (!row.ok()) return row.error();
    const Blob* bytes = row.value().empty() ? nullptr : std::get_if<Blob>(&row.value()[0][0]);
    if (!bytes)
      return Error{ErrorCode::kParseError, "shard " + std::to_string(index) + " of " + day +
                                               ": its stored parts are not numbered 0, 1, ... with bytes (part " +
                                               std::to_string(part) + " is missing or not a BLOB)"};
    state.append(reinterpret_cast<const char*>(bytes->bytes.data()), bytes->bytes.size());
  }
  if (static_cast<std::int64_t>(state.size()) != expected)
    return Error{ErrorCode::kParseError, "shard " + std::to_string(index) + " of " + day + " holds " +
                                             std::to_string(state.size()) + " bytes of state; its row says " +
                                             std::to_string(expected) + " (a damaged partial: run the shard again)"};
  return state;
}

Status delete_shards(Database& db, DayNumber date) {
  if (Status s = run_statement(db, "DELETE FROM learn_partial_parts WHERE run_date = ?", {format_date(date)}); !s.ok())
    return s;
  return run_statement(db, "DELETE FROM learn_partials WHERE run_date = ?", {format_date(date)});
}

}  // namespace learnloop::job
