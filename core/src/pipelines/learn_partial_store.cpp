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

ShardStateParts::ShardStateParts(Database& db, DayNumber date, std::uint32_t index, std::int64_t expected)
    : db_(db), day_(format_date(date)), shard_(static_cast<std::int64_t>(index)), expected_(expected) {}

Status ShardStateParts::open() {
  Result<std::vector<std::vector<SqlValue>>> count = query_rows(
      db_, "SELECT count(*) FROM learn_partial_parts WHERE run_date = ? AND shard_index = ?", {day_, shard_});
  if (!count.ok()) return count.error();
  parts_ = static_cast<std::int64_t>(sql_number(count.value()[0][0]));
  if (parts_ == 0)
    return Error{ErrorCode::kParseError, "shard " + std::to_string(shard_) + " of " + day_ +
                                             " has no stored parts (a damaged partial: run the shard again)"};
  return {};
}

Status ShardStateParts::read_part(std::int64_t part) {
  Result<std::vector<std::vector<SqlValue>>> row =
      query_rows(db_, "SELECT bytes FROM learn_partial_parts WHERE run_date = ? AND shard_index = ? AND part = ?",
                 {day_, shard_, part});
  if (!row.ok()) return row.error();
  Blob* bytes = row.value().empty() ? nullptr : std::get_if<Blob>(&row.value()[0][0]);
  if (!bytes)
    return Error{ErrorCode::kParseError, "shard " + std::to_string(shard_) + " of " + day_ +
                                             ": its stored parts are not numbered 0, 1, ... with bytes (part " +
                                             std::to_string(part) + " is missing or not a BLOB)"};
  part_ = std::move(bytes->bytes);
  return {};
}

Result<std::string> ShardStateParts::tail(std::size_t n) {
  std::string out;
  for (std::int64_t part = parts_ - 1; part >= 0 && out.size() < n; --part) {
    if (Status s = read_part(part); !s.ok()) return s.error();
    const std::size_t take = std::min(n - out.size(), part_.size());
    out.insert(0, reinterpret_cast<const char*>(part_.data()) + part_.size() - take, take);
  }
  part_.clear();
  return out;
}

std::string_view ShardStateParts::next() {
  if (!status_.ok() || next_part_ >= parts_) return {};
  status_ = read_part(next_part_++);
  if (!status_.ok()) return {};
  bytes_ += static_cast<std::int64_t>(part_.size());
  return {reinterpret_cast<const char*>(part_.data()), part_.size()};
}

Status ShardStateParts::finish() {
  while (status_.ok() && next_part_ < parts_) next();
  if (!status_.ok()) return status_;
  if (bytes_ != expected_)
    return Error{ErrorCode::kParseError, "shard " + std::to_string(shard_) + " of " + day_ + " holds " +
                                             std::to_string(bytes_) + " bytes of state; its row says " +
                                             std::to_string(expected_) + " (a damaged partial: run the shard again)"};
  return {};
}

Status delete_shards(Database& db, DayNumber date) {
  if (Status s = run_statement(db, "DELETE FROM learn_partial_parts WHERE run_date = ?", {format_date(date)}); !s.ok())
    return s;
  return run_statement(db, "DELETE FROM learn_partials WHERE run_date = ?", {format_date(date)});
}

}  // namespace learnloop::job
