// The sharded learning run (see learn_shards.hpp): a shard streams its part of the window through the job's partials
// and stores them; the merge checks that the N stored partials belong together, folds them in shard order, finishes
// every part and commits the run through the same commit as the one-process job.
#include "learnloop/pipelines/learn_shards.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "job_bandit_partial.hpp"
#include "job_parts.hpp"
#include "learn_partial_store.hpp"
#include "learnloop/analytics/meta_partial.hpp"
#include "learnloop/analytics/report_partial.hpp"
#include "learnloop/core/bytes.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/window_stream.hpp"
#include "learnloop/version.hpp"
#include "model_partial.hpp"

namespace learnloop {
namespace {

// Names the partial format inside learn_partials.code_version: a merge reads only what this build writes.
constexpr const char* kPartialFormat = "partial-2";
// The bytes a partial's state starts with.
constexpr std::string_view kPartialMagic = "LLPARTL2";
// The parts of a partial's state: bandits, models, report, meta scores.
constexpr std::size_t kParts = 4;
// Window rows handed to the partials at a time: the shard's memory is this chunk plus the partials.
constexpr std::size_t kChunkRows = 65536;
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

// Every part's partial state over some of the window's rows.
struct LearnPartial {
  job::BanditPartial bandits;
  job::ModelPartial models;
  ReportPartial report;
  MetaPartial meta;
  std::uint64_t rows = 0;  // window rows

  // Writes the state: the magic, the row count, the four parts, then a trailer of their four lengths (a streamed
  // writer cannot go back to put a length before its part).
  void save(ByteWriter& out) const {
    out.raw(kPartialMagic.data(), kPartialMagic.size());
    out.uint(rows, 8);
    std::array<std::uint64_t, kParts> lengths{};
    const auto part = [&out](const auto& p, std::uint64_t* length) {
      const std::uint64_t start = out.size();
      p.save(out);
      *length = out.size() - start;
    };
    part(bandits, &lengths[0]);
    part(models, &lengths[1]);
    part(report, &lengths[2]);
    part(meta, &lengths[3]);
    for (const std::uint64_t length : lengths) out.uint(length, 8);
  }
};

// A partial's state read back (`where` names it in errors).
Result<LearnPartial> load_partial(const std::string& bytes, const std::string& where) {
  ByteReader in(bytes.data(), bytes.size());
  std::string magic(kPartialMagic.size(), '\0');
  for (char& c : magic) c = static_cast<char>(in.uint(1));
  if (in.failed() || magic != kPartialMagic)
    return invalid_argument(where + " is not a learnloop partial (it does not start with " +
                            std::string(kPartialMagic) + ")");
  const std::uint64_t rows = in.uint(8);
  // The trailer: the four parts' lengths, which must cover exactly the bytes between the row count and the trailer.
  constexpr std::size_t kTrailer = 8 * kParts;
  if (in.failed() || in.remaining() < kTrailer)
    return invalid_argument(where + " is cut short (" + std::to_string(bytes.size()) + " bytes)");
  const std::size_t body = in.remaining() - kTrailer;
  ByteReader trailer(bytes.data() + bytes.size() - kTrailer, kTrailer);
  std::array<std::uint64_t, kParts> lengths{};
  std::uint64_t total = 0;
  for (std::uint64_t& length : lengths) {
    length = trailer.uint(8);
    total += std::min<std::uint64_t>(length, body + 1);  // no wrap-around from damaged lengths
  }
  if (total != body)
    return invalid_argument(where + ": its parts' lengths add up to " + std::to_string(total) + " bytes, not the " +
                            std::to_string(body) + " it holds (a damaged partial: run the shard again)");
  // Each part's bytes in turn (the lengths were checked above).
  std::size_t next = 0;
  const auto part = [&in, &lengths, &next] {
    const auto size = static_cast<std::size_t>(lengths[next++]);
    return ByteReader(in.skip(size), size);
  };
  const auto named = [&where](const char* name, const Error& e) {
    return Error{e.code, where + ": " + name + ": " + e.message};
  };
  ByteReader b = part();
  Result<job::BanditPartial> bandits = job::BanditPartial::load(b);
  if (!bandits.ok()) return named("bandits", bandits.error());
  ByteReader m = part();
  Result<job::ModelPartial> models = job::ModelPartial::load(m);
  if (!models.ok()) return named("models", models.error());
  ByteReader r = part();
  Result<ReportPartial> report = ReportPartial::load(r);
  if (!report.ok()) return named("report", report.error());
  ByteReader t = part();
  Result<MetaPartial> meta = MetaPartial::load(t);
  if (!meta.ok()) return named("meta scores", meta.error());
  return LearnPartial{std::move(bandits).value(), std::move(models).value(), std::move(report).value(),
                      std::move(meta).value(), rows};
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
Result<LearnPartial> read_shard(Database& db, const LearnOptions& options, DayNumber day, const ShardSpec& shard,
                                std::string* previous_through) {
  const DayNumber from = day - options.window_days + 1;
  ReadTransaction snapshot(db);
  if (!snapshot.status().ok()) return snapshot.status().error();
  Result<job::BanditState> previous = job::previous_bandit_state(db, day);
  if (!previous.ok()) return previous.error();
  *previous_through = previous.value().through;
  Result<job::BanditPartial> bandits = job::BanditPartial::start(previous.value(), options.success_threshold,
                                                                 options.content_bandit, options.timing_bandit);
  if (!bandits.ok()) return bandits.error();
  // Retention rows and caption ids are few (per content with such metrics) and not sharded: every shard reads them.
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day);
  if (!retention.ok()) return retention.error();
  Result<std::vector<std::string>> caption_ids = read_caption_ids(db, from, day);
  if (!caption_ids.ok()) return caption_ids.error();
  LearnPartial partial{std::move(bandits).value(), job::ModelPartial(day), ReportPartial(day, from, retention.value()),
                       MetaPartial(day, std::move(caption_ids).value()), 0};
  // New outcomes for the bandits: collected after the previous run's last day (the whole window on the first run);
  // read on their own when the previous run is older than the window, as the one-process job does.
  const DayNumber new_from = job::first_uncounted_day(previous.value(), from);
  const bool fresh_apart = new_from < from;
  Status read = for_each_outcome_chunk(db, from, day, shard, kChunkRows, [&](const OutcomeRows& chunk) -> Status {
    for (const OutcomeRow& r : chunk) {
      partial.models.add(r);
      partial.report.add(r);
      partial.meta.add(r);
      if (!fresh_apart && r.collected_day >= new_from) {
        if (Status s = partial.bandits.add(r); !s.ok()) return s;
      }
    }
    partial.rows += chunk.size();
    return {};
  });
  if (!read.ok()) return read.error();
  if (fresh_apart) {
    Status fresh = for_each_outcome_chunk(db, new_from, day, shard, kChunkRows, [&](const OutcomeRows& chunk) {
      for (const OutcomeRow& r : chunk) {
        if (Status s = partial.bandits.add(r); !s.ok()) return s;
      }
      return Status{};
    });
    if (!fresh.ok()) return fresh.error();
  }
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

// The stored partial of shard `s` (`where` names it in errors); its bytes are freed before it returns.
Result<LearnPartial> read_partial(Database& db, DayNumber day, const job::StoredShard& s, const std::string& where) {
  Result<std::string> bytes = job::read_shard_state(db, day, s.shard.index, s.state_bytes);
  if (!bytes.ok()) return bytes.error();
  return load_partial(bytes.value(), where);
}

// The merged partial of the stored shards, read and folded one shard at a time.
Result<LearnPartial> fold_partials(Database& db, DayNumber day, const std::vector<job::StoredShard>& shards) {
  std::optional<LearnPartial> merged;
  for (const job::StoredShard& s : shards) {
    const std::string where = "shard " + shard_name(s.shard) + " of " + format_date(day);
    Result<LearnPartial> one = read_partial(db, day, s, where);
    if (!one.ok()) return one.error();
    if (static_cast<std::int64_t>(one.value().rows) != s.rows_read)
      return invalid_argument(where + " holds " + std::to_string(one.value().rows) + " rows; its row says " +
                              std::to_string(s.rows_read));
    if (!merged) {
      merged.emplace(std::move(one).value());
      continue;
    }
    LearnPartial& m = *merged;
    if (Status st = m.bandits.merge(one.value().bandits); !st.ok())
      return Error{st.error().code, where + ": " + st.error().message};
    if (Status st = m.models.merge(one.value().models); !st.ok())
      return Error{st.error().code, where + ": " + st.error().message};
    if (Status st = m.report.merge(one.value().report); !st.ok())
      return Error{st.error().code, where + ": " + st.error().message};
    if (one.value().meta.date() != m.meta.date())
      return invalid_argument(where + " scores the items of " + format_date(one.value().meta.date()) + ", not " +
                              format_date(m.meta.date()));
    m.meta.merge(one.value().meta);
    m.rows += one.value().rows;
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
  Result<LearnPartial> partial = read_shard(db, options, day, shard, &previous_through);
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
  Result<LearnPartial> merged = fold_partials(db, day, shards.value());
  if (!merged.ok()) return merged.error();
  Result<std::vector<RetentionRow>> retention = read_retention_rows(db, from, day);
  if (!retention.ok()) return retention.error();
  Result<CaptionEmbeddings> captions = read_caption_embeddings(db, from, day);
  if (!captions.ok()) return captions.error();
  if (Status s = snapshot.end(); !s.ok()) return s.error();
  step(progress, "merging shards", 1, kMergeSteps);

  // 2. Finish every part, holding no lock.
  LearnPartial& p = merged.value();
  job::DayLearning result;
  Result<job::BanditState> bandits =
      p.bandits.finish(previous.value(), day, options.content_bandit, options.timing_bandit);
  if (!bandits.ok()) return bandits.error();
  result.bandits = std::move(bandits).value();
  ReportInputs in;  // the report's inputs that are not outcome rows
  in.date = day;
  in.from = from;
  in.retention = std::move(retention).value();
  Result<nlohmann::ordered_json> summary = job::bandit_summary(result.bandits, options.success_threshold);
  if (!summary.ok()) return summary.error();
  in.bandits = summary.value();
  result.models = p.models.finish();
  p.models = job::ModelPartial(day);  // its records are not needed again: freed before the meta scores' work
  in.models = result.models.summary;
  Result<nlohmann::ordered_json> report = p.report.report(in.retention, in.bandits, in.models);
  if (!report.ok()) return report.error();
  result.report = std::move(report).value();
  job::note_problems(result);
  Result<DailySnapshot> daily = p.report.snapshot(in.retention, result.report);
  if (!daily.ok()) return daily.error();
  result.snapshot = std::move(daily).value();
  step(progress, "merging shards", 2, kMergeSteps);
  const MetaScores scores = p.meta.finish(in.retention, captions.value());
  step(progress, "merging shards", 3, kMergeSteps);

  // 3. One short write transaction claims the date, stores the run and drops the partials.
  nlohmann::ordered_json already;
  const job::CommitInputs run{day, static_cast<std::size_t>(p.rows), in.bandits, in.models,
                              [&db, day] { return job::delete_shards(db, day); }};
  if (Status s = job::commit_run(db, run, result, scores, options.force, &already); !s.ok()) return s.error();
  if (!already.is_null()) return job::already_learned(day, already);
  step(progress, "merging shards", kMergeSteps, kMergeSteps);
  nlohmann::ordered_json answer = job::job_answer(in, static_cast<std::size_t>(p.rows), p.bandits.rows(), result);
  answer["shards"] = shards.value().size();
  return answer;
}

}  // namespace learnloop
