// The learning job's partial state (see learn_partial.hpp): its bytes, its merge, and the day it finishes into.
#include "learn_partial.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "learnloop/store/window_stream.hpp"

namespace learnloop::job {
namespace {

// The bytes a partial's state starts with.
constexpr std::string_view kLearnPartialMagic = "LLPARTL2";
// The parts of a partial's state: bandits, models, report, meta scores.
constexpr std::size_t kLearnParts = 4;
static_assert(kLearnPartialTrailerBytes == 8 * kLearnParts, "the trailer holds one 8-byte length per part");

// `e` of the part `part` of the partial `where` names.
Error named(const std::string& where, const char* part, const Error& e) {
  return Error{e.code, where + ": " + part + ": " + e.message};
}

}  // namespace

// The magic, the row count, the four parts, then a trailer of their four lengths (a streamed writer cannot go back to
// put a length before its part).
void LearnPartial::save(ByteWriter& out) const {
  out.raw(kLearnPartialMagic.data(), kLearnPartialMagic.size());
  out.uint(rows, 8);
  std::array<std::uint64_t, kLearnParts> lengths{};
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

Result<LearnPartial> stream_partial(Database& db, const LearnOptions& options, DayNumber day,
                                    const BanditState& previous, const ShardSpec& shard,
                                    const std::vector<RetentionRow>& retention, std::vector<std::string> caption_ids,
                                    bool in_order) {
  const DayNumber from = day - options.window_days + 1;
  Result<BanditPartial> bandits = BanditPartial::start(previous, options.success_threshold, options.content_bandit,
                                                       options.timing_bandit, in_order);
  if (!bandits.ok()) return bandits.error();
  // The day's rates first, in the same snapshot: the points the meta scores count the window's rates against.
  Result<std::vector<double>> day_rates = read_day_rates(db, day);
  if (!day_rates.ok()) return day_rates.error();
  LearnPartial partial{std::move(bandits).value(), ModelPartial(day), ReportPartial(day, from, retention),
                       MetaPartial(day, std::move(day_rates).value(), std::move(caption_ids)), 0};
  // New outcomes for the bandits: collected after the previous run's last day (the whole window on the first run);
  // read on their own when the previous run is older than the window.
  const DayNumber new_from = first_uncounted_day(previous, from);
  const bool fresh_apart = new_from < from;
  const auto add_rows = [&](const OutcomeRows& chunk) -> Status {
    for (const OutcomeRow& r : chunk) {
      partial.add_window_row(r);
      if (!fresh_apart && r.collected_day >= new_from) {
        if (Status s = partial.bandits.add(r); !s.ok()) return s;
      }
    }
    return {};
  };
  Status read = for_each_outcome_chunk(db, from, day, shard, kWindowChunkRows, add_rows, options.tasks);
  if (!read.ok()) return read.error();
  if (!partial.meta.problem().empty()) return invalid_argument(partial.meta.problem());
  if (fresh_apart) {
    Status fresh = for_each_outcome_chunk(
        db, new_from, day, shard, kWindowChunkRows,
        [&](const OutcomeRows& chunk) {
          for (const OutcomeRow& r : chunk) {
            if (Status s = partial.bandits.add(r); !s.ok()) return s;
          }
          return Status{};
        },
        options.tasks);
    if (!fresh.ok()) return fresh.error();
  }
  return partial;
}

Result<LearnPartial> load_learn_partial(const std::string& bytes, const std::string& where) {
  ByteReader in(bytes.data(), bytes.size());
  const std::string_view trailer = bytes.size() >= kLearnPartialTrailerBytes
                                       ? std::string_view(bytes).substr(bytes.size() - kLearnPartialTrailerBytes)
                                       : std::string_view();
  return load_learn_partial(in, trailer, where);
}

namespace {

// Reads the frame of a saved partial from `in` (its magic, row count and trailer, `trailer` being its last bytes read
// apart) and hands each part's bytes to `part` (0 bandits, 1 models, 2 report, 3 meta scores) as a reader of their own.
Status read_frame(ByteReader& in, std::string_view trailer, const std::string& where, std::uint64_t* rows,
                  const std::function<Status(std::size_t part, ByteReader& bytes)>& part) {
  const std::uint64_t size = in.remaining();
  std::string magic(kLearnPartialMagic.size(), '\0');
  for (char& c : magic) c = static_cast<char>(in.uint(1));
  if (in.failed() || magic != kLearnPartialMagic)
    return invalid_argument(where + " is not a learnloop partial (it does not start with " +
                            std::string(kLearnPartialMagic) + ")");
  *rows = in.uint(8);
  // The trailer: the four parts' lengths, which must cover exactly the bytes between the row count and the trailer.
  if (in.failed() || in.remaining() < kLearnPartialTrailerBytes || trailer.size() != kLearnPartialTrailerBytes)
    return invalid_argument(where + " is cut short (" + std::to_string(size) + " bytes)");
  const std::uint64_t body = in.remaining() - kLearnPartialTrailerBytes;
  ByteReader lengths_in(trailer.data(), trailer.size());
  std::array<std::uint64_t, kLearnParts> lengths{};
  std::uint64_t total = 0;
  for (std::uint64_t& length : lengths) {
    length = lengths_in.uint(8);
    total += std::min<std::uint64_t>(length, body + 1);  // no wrap-around from damaged lengths
  }
  if (total != body)
    return invalid_argument(where + ": its parts' lengths add up to " + std::to_string(total) + " bytes, not the " +
                            std::to_string(body) + " it holds (a damaged partial: run the shard again)");
  // Each part's bytes in turn, as a reader of their own (the lengths were checked above).
  static constexpr std::array<const char*, kLearnParts> kNames = {"bandits", "models", "report", "meta scores"};
  for (std::size_t p = 0; p < kLearnParts; ++p) {
    ByteReader bytes = in.sub(lengths[p]);
    if (Status s = part(p, bytes); !s.ok()) return named(where, kNames[p], s.error());
  }
  // The stream ends with the trailer it was given.
  const char* end = in.skip(kLearnPartialTrailerBytes);
  if (end == nullptr || std::string_view(end, kLearnPartialTrailerBytes) != trailer)
    return invalid_argument(where +
                            ": its last bytes are not its parts' lengths (a damaged partial: run the shard again)");
  return {};
}

}  // namespace

Result<LearnPartial> load_learn_partial(ByteReader& in, std::string_view trailer, const std::string& where) {
  std::optional<BanditPartial> bandits;
  std::optional<ModelPartial> models;
  std::optional<ReportPartial> report;
  std::optional<MetaPartial> meta;
  // Loads part `p` into `slot`.
  const auto into = [](auto& slot, auto loaded) -> Status {
    if (!loaded.ok()) return loaded.status();
    slot.emplace(std::move(loaded).value());
    return {};
  };
  std::uint64_t rows = 0;
  Status read = read_frame(in, trailer, where, &rows, [&](std::size_t p, ByteReader& bytes) -> Status {
    switch (p) {
      case 0:
        return into(bandits, BanditPartial::load(bytes));
      case 1:
        return into(models, ModelPartial::load(bytes));
      case 2:
        return into(report, ReportPartial::load(bytes));
      default:
        return into(meta, MetaPartial::load(bytes));
    }
  });
  if (!read.ok()) return read.error();
  return LearnPartial{std::move(*bandits), std::move(*models), std::move(*report), std::move(*meta), rows};
}

Status LearnPartial::merge_load(ByteReader& in, std::string_view trailer, const std::string& where) {
  std::uint64_t more = 0;
  Status read = read_frame(in, trailer, where, &more, [&](std::size_t p, ByteReader& bytes) -> Status {
    if (p == 1) return models.merge_load(bytes);  // the records move here as they are read
    if (p == 0) {
      Result<BanditPartial> other = BanditPartial::load(bytes);
      return other.ok() ? bandits.merge(other.value()) : other.status();
    }
    if (p == 2) {
      Result<ReportPartial> other = ReportPartial::load(bytes);
      return other.ok() ? report.merge(other.value()) : other.status();
    }
    return meta.merge_load(bytes);  // its items move here as they are read
  });
  if (!read.ok()) return read;
  rows += more;
  return {};
}

Result<DayLearning> finish_day(BanditPartial& bandits, ModelPartial& models, ReportPartial& report,
                               const BanditState& previous, ReportInputs& in, double threshold,
                               const JobBanditOptions& content_options, const JobBanditOptions& timing_options,
                               TaskPair* tasks) {
  DayLearning day;
  Result<BanditState> state = bandits.finish(previous, in.date, content_options, timing_options);
  if (!state.ok()) return state.error();
  day.bandits = std::move(state).value();
  Result<nlohmann::ordered_json> summary = bandit_summary(day.bandits, threshold);
  if (!summary.ok()) return summary.error();
  in.bandits = summary.value();
  day.models = models.finish(tasks);
  models = ModelPartial(in.date);  // its records are not needed again: freed before the report's and scores' work
  in.models = day.models.summary;
  Result<nlohmann::ordered_json> made = report.report(in.retention, in.bandits, in.models);
  if (!made.ok()) return made.error();
  day.report = std::move(made).value();
  note_problems(day);
  Result<DailySnapshot> daily = report.snapshot(in.retention, day.report);
  if (!daily.ok()) return daily.error();
  day.snapshot = std::move(daily).value();
  return day;
}

Result<nlohmann::ordered_json> finish_and_commit(Database& db, LearnPartial& partial, const BanditState& previous,
                                                 ReportInputs& in, const CaptionEmbeddings& captions,
                                                 const LearnOptions& options, std::size_t shards,
                                                 std::function<Status()> also, const std::function<void(int)>& step) {
  Result<DayLearning> learned =
      finish_day(partial.bandits, partial.models, partial.report, previous, in, options.success_threshold,
                 options.content_bandit, options.timing_bandit, options.tasks);
  if (!learned.ok()) return learned.error();
  const DayLearning& result = learned.value();
  step(2);
  const MetaScores scores = partial.meta.finish(in.retention, captions);
  step(3);
  nlohmann::ordered_json already;
  const auto rows = static_cast<std::size_t>(partial.rows);
  const CommitInputs run{in.date, rows, in.bandits, in.models, std::move(also), options.tasks};
  if (Status s = commit_run(db, run, result, scores, options.force, &already); !s.ok()) return s.error();
  if (!already.is_null()) return already_learned(in.date, already);
  step(4);
  nlohmann::ordered_json answer = job_answer(in, rows, partial.bandits.rows(), result);
  if (shards > 0) answer["shards"] = shards;
  return answer;
}

}  // namespace learnloop::job
