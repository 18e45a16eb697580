// The sharded learning run (see learn_shards.hpp): a shard streams its part of the window through the job's partials
// and stores them; the merge checks that the N stored partials belong together, folds them in shard order, finishes
// every part and commits the run through the same commit as the one-process job.
#include "learnloop/pipelines/learn_shards.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "learn_partial.hpp"
#include "learn_partial_store.hpp"
#include "learnloop/core/bytes.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/version.hpp"

namespace learnloop {
namespace {

// Names the partial format inside learn_partials.code_version: a merge reads only what this build writes.
constexpr const char* kPartialFormat = "partial-3";  // 3: meta scores count rates against the day rates
constexpr int kShardSteps = 3;
constexpr int kMergeSteps = 4;

std::string code_version() { return std::string("learnloop ") + kVersion + " " + kPartialFormat; }

std::string shard_name(const ShardSpec& s) { return std::to_string(s.index) + "/" + std::to_string(s.count); }

nlohmann::json bandit_options_json(const JobBanditOptions& o) {
  nlohmann::json j = nlohmann::json::object();
  if (o.discount) j["discount"] = *o.discount;
  if (o.window) j["window"] = *o.window;
  if (o.floor) j["floor"] = *o.floor;
  if (o.allowed) j["allowed"] = *o.allowed;
  return j;
}

// What every shard and the merge must agree on: the run's settings and the state the bandits start from.
nlohmann::json run_settings(const LearnOptions& o, const std::string& previous_through) {
  return {{"window_days", o.window_days},
          {"success_threshold", o.success_threshold},
          {"content_bandit", bandit_options_json(o.content_bandit)},
          {"timing_bandit", bandit_options_json(o.timing_bandit)},
          {"previous_through", previous_through}};
}

void step(ProgressSink* progress, const char* what, int done, int steps) {
  if (progress) progress->on_progress(what, static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(steps));
}

std::string stamp(const LearnOptions& options) {
  if (!options.now.empty()) return options.now;
  return options.today.empty() ? options.date : options.today;
}

// Reads shard `shard`'s part of the window (one snapshot) into a new partial; `previous_through` is set to the state
// the bandits start from.
Result<job::LearnPartial> read_shard(Database& db, const LearnOptions& options, DayNumber day, const ShardSpec& shard,
                                     std::string* previous_through) {
  const DayNumber from = day - options.window_days + 1;
  ReadTransaction snapshot(db);
  if (!snapshot.status().ok()) return snapshot.status().error();
  Result<job::BanditState> previous = job::previous_bandit_state(db, day);
  if (!previous.ok()) return previous.error();
  *previous_through = previous.value().through;
  // Retention rows and caption ids are few (per content with such metrics) and not sharded: every shard reads them.
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day);
  if (!retention.ok()) return retention.error();
  Result<std::vector<std::string>> caption_ids = read_caption_ids(db, from, day);
  if (!caption_ids.ok()) return caption_ids.error();
  Result<job::LearnPartial> partial = job::stream_partial(db, options, day, previous.value(), shard, retention.value(),
                                                          std::move(caption_ids).value(), false);
  if (!partial.ok()) return partial.error();
  if (Status s = snapshot.end(); !s.ok()) return s.error();
  return partial;
}

// Why the stored partials of `day` cannot be merged under `settings`, or ok; `shards` lists them by index.
Status check_partials(Database& db, DayNumber day, const std::vector<job::StoredShard>& shards,
                      const nlohmann::json& settings) {
  const std::string date = format_date(day);
  // Partials of other dates are never merged into this one; a refusal names them (a shard run with another --date).
  Result<std::vector<std::string>> dates = job::dates_with_shards(db);
  if (!dates.ok()) return dates.error();
  std::string others;
  for (const std::string& d : dates.value()) {
    if (d != date) others += (others.empty() ? "" : ", ") + d;
  }
  const std::string elsewhere = others.empty() ? "" : " (partials are stored for: " + others + ")";
  if (shards.empty()) {
    return Error{ErrorCode::kNotFound, "no shard partials are stored for " + date + "; run learn --shard i/N --date " +
                                           date + " for i = 0 to N-1 first" + elsewhere};
  }
  const std::uint32_t count = shards[0].shard.count;
  for (const job::StoredShard& s : shards) {
    if (s.shard.count != count)
      return invalid_argument("the partials of " + date + " were made with different shard counts: shard " +
                              shard_name(shards[0].shard) + " and shard " + shard_name(s.shard) +
                              "; run every shard again with one N");
  }
  std::string missing;
  for (std::uint32_t i = 0, k = 0; i < count; ++i) {
    if (k < shards.size() && shards[k].shard.index == i) {
      ++k;
      continue;
    }
    missing += (missing.empty() ? "" : ", ") + shard_name(ShardSpec{i, count});
  }
  if (!missing.empty())
    return Error{ErrorCode::kNotFound, "shard " + missing + " of " + date + " is missing; run learn --shard " +
                                           missing.substr(0, missing.find(',')) + " --date " + date +
                                           " (every shard, then merge)" + elsewhere};
  for (const job::StoredShard& s : shards) {
    const std::string name = "shard " + shard_name(s.shard) + " of " + date;
    if (!s.finished)
      return Error{ErrorCode::kBusy, name + " started at " + s.started_at +
                                         " and has not finished (it was killed, or is still running); run it again "
                                         "(its rerun replaces it), then merge"};
    if (s.code_version != code_version())
      return invalid_argument(name + " was written by " + s.code_version + "; this is " + code_version() +
                              ": run the shards again with this version");
    if (s.schema_version != latest_schema_version())
      return invalid_argument(name + " was written under schema version " + std::to_string(s.schema_version) +
                              "; the database is at " + std::to_string(latest_schema_version()) +
                              ": run the shards again");
    if (s.settings != settings)
      return invalid_argument(name + " was computed with settings " + s.settings.dump() + "; this merge has " +
                              settings.dump() +
                              " (window, threshold, bandit options and the previous run must match: give the merge "
                              "the shards' options, or run the shards again)");
  }
  return {};
}

// Folds the stored partial of shard `s` into `merged` as its parts stream (one part in memory at a time): the first
// shard's is loaded, each later one merged as it is read, so no shard's records are held apart (`where` names it in
// errors).
Status fold_shard(Database& db, DayNumber day, const job::StoredShard& s, const std::string& where,
                  std::optional<job::LearnPartial>* merged) {
  job::ShardStateParts parts(db, day, s.shard.index, s.state_bytes);
  if (Status st = parts.open(); !st.ok()) return st;
  Result<std::string> trailer = parts.tail(job::kLearnPartialTrailerBytes);
  if (!trailer.ok()) return trailer.error();
  ByteReader in([&parts] { return parts.next(); },
                static_cast<std::uint64_t>(std::max<std::int64_t>(s.state_bytes, 0)));
  const std::uint64_t before = *merged ? (*merged)->rows : 0;
  Status read;
  if (*merged) {
    read = (*merged)->merge_load(in, trailer.value(), where);
  } else {
    Result<job::LearnPartial> first = job::load_learn_partial(in, trailer.value(), where);
    read = first.status();
    if (read.ok()) merged->emplace(std::move(first).value());
  }
  // A damaged store explains a failed read better than the read's own message does.
  if (Status st = parts.finish(); !st.ok()) return st;
  if (!read.ok()) return read;
  const std::uint64_t rows = (*merged)->rows - before;
  if (static_cast<std::int64_t>(rows) != s.rows_read)
    return invalid_argument(where + " holds " + std::to_string(rows) + " rows; its row says " +
                            std::to_string(s.rows_read));
  return {};
}

// The merged partial of the stored shards, read and folded one shard at a time.
Result<job::LearnPartial> fold_partials(Database& db, DayNumber day, const std::vector<job::StoredShard>& shards) {
  std::optional<job::LearnPartial> merged;
  for (const job::StoredShard& s : shards) {
    const std::string where = "shard " + shard_name(s.shard) + " of " + format_date(day);
    if (Status st = fold_shard(db, day, s, where, &merged); !st.ok()) return st.error();
  }
  return std::move(*merged);
}

}  // namespace

Result<nlohmann::ordered_json> run_learning_shard(Database& db, const LearnOptions& options, const ShardSpec& shard,
                                                  ProgressSink* progress) {
  Result<DayNumber> date = job::check_learn_options(db, options);
  if (!date.ok()) return date.error();
  const DayNumber day = date.value();
  if (!options.force) {
    Result<nlohmann::ordered_json> existing = job::committed_run(db, day);
    if (!existing.ok()) return existing.error();
    if (!existing.value().is_null()) return job::already_learned(day, existing.value());
  }
  step(progress, "learning shard", 0, kShardSteps);
  const std::string started_at = stamp(options);
  if (Status s = job::mark_shard_started(db, day, shard, code_version(), run_settings(options, ""), started_at);
      !s.ok())
    return s.error();
  std::string previous_through;
  Result<job::LearnPartial> partial = read_shard(db, options, day, shard, &previous_through);
  if (!partial.ok()) return partial.error();
  step(progress, "learning shard", 1, kShardSteps);
  const auto rows = static_cast<std::int64_t>(partial.value().rows);
  const std::uint64_t new_outcomes = partial.value().bandits.rows();
  // The state streams into the store part by part: the shard never holds its whole serialized state.
  const job::StateWriter write_state = [&partial](const job::PartSink& put) -> Result<std::uint64_t> {
    Status failed;
    ByteWriter out;
    out.drain_every(job::kPartialPartBytes, [&](std::string_view part) {
      if (failed.ok()) failed = put(part);
    });
    partial.value().save(out);
    out.flush();
    if (!failed.ok()) return failed.error();
    return out.size();
  };
  step(progress, "learning shard", 2, kShardSteps);
  Result<std::uint64_t> stored = job::store_shard(db, day, shard, started_at, run_settings(options, previous_through),
                                                  rows, write_state, stamp(options));
  if (!stored.ok()) return stored.error();
  step(progress, "learning shard", kShardSteps, kShardSteps);
  return nlohmann::ordered_json{
      {"date", format_date(day)},
      {"status", "shard_stored"},
      {"shard", shard_name(shard)},
      {"rows_read", rows},
      {"new_outcomes", new_outcomes},
      {"state_bytes", stored.value()},
      {"message", "shard " + shard_name(shard) + " of " + format_date(day) + " is stored; when all " +
                      std::to_string(shard.count) + " shards are, run learn --merge --date " + format_date(day)}};
}

Result<nlohmann::ordered_json> merge_learning_shards(Database& db, const LearnOptions& options,
                                                     ProgressSink* progress) {
  Result<DayNumber> date = job::check_learn_options(db, options);
  if (!date.ok()) return date.error();
  const DayNumber day = date.value(), from = day - options.window_days + 1;
  step(progress, "merging shards", 0, kMergeSteps);
  // 1. One snapshot: the partials, the previous run, and what is not sharded (retention, captions).
  ReadTransaction snapshot(db);
  if (!snapshot.status().ok()) return snapshot.status().error();
  if (!options.force) {
    Result<nlohmann::ordered_json> existing = job::committed_run(db, day);
    if (!existing.ok()) return existing.error();
    if (!existing.value().is_null()) return job::already_learned(day, existing.value());
  }
  Result<job::BanditState> previous = job::previous_bandit_state(db, day);
  if (!previous.ok()) return previous.error();
  Result<std::vector<job::StoredShard>> shards = job::list_shards(db, day);
  if (!shards.ok()) return shards.error();
  if (Status s = check_partials(db, day, shards.value(), run_settings(options, previous.value().through)); !s.ok())
    return s.error();
  Result<job::LearnPartial> merged = fold_partials(db, day, shards.value());
  if (!merged.ok()) return merged.error();
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day);
  if (!retention.ok()) return retention.error();
  Result<CaptionEmbeddings> captions = read_caption_embeddings(db, from, day);
  if (!captions.ok()) return captions.error();
  if (Status s = snapshot.end(); !s.ok()) return s.error();
  step(progress, "merging shards", 1, kMergeSteps);

  // 2. Finish every part holding no lock, then 3. one short write transaction claims the date, stores the run and
  // drops the partials.
  ReportInputs in;  // the report's inputs that are not outcome rows
  in.date = day;
  in.from = from;
  in.retention = std::move(retention).value();
  return job::finish_and_commit(
      db, merged.value(), previous.value(), in, captions.value(), options, shards.value().size(),
      [&db, day] { return job::delete_shards(db, day); },
      [progress](int done) { step(progress, "merging shards", done, kMergeSteps); });
}

}  // namespace learnloop
