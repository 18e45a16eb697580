// Internal: the learning job's state over some of the window's rows (bandits, models, report, meta scores), the one
// computation behind every way a day is learned: the one-process job streams the whole window into one partial, a
// shard streams its part and stores it, the merge folds the shards' partials, and the job over a service's records
// adds the records it was given. finish_day() turns a partial into the day's learning.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "job_bandit_partial.hpp"
#include "job_parts.hpp"
#include "learnloop/analytics/meta_partial.hpp"
#include "learnloop/analytics/report_partial.hpp"
#include "learnloop/core/bytes.hpp"
#include "learnloop/core/shard.hpp"
#include "model_partial.hpp"

namespace learnloop::job {

/// Window rows a streamed read hands over at a time: its memory is this chunk plus the state it feeds.
constexpr std::size_t kWindowChunkRows = 65536;

/// Every part's partial state over some of the window's rows.
struct LearnPartial {
  BanditPartial bandits;   ///< the bandits' counts over the new rows among them
  ModelPartial models;     ///< the predictors' sufficient statistics
  ReportPartial report;    ///< the report's and snapshot's sums and top lists
  MetaPartial meta;        ///< the meta scores' history and the day's items
  std::uint64_t rows = 0;  ///< window rows added

  /// Adds one window row to the models, report and meta scores.
  void add_window_row(const OutcomeRow& row) {
    models.add(row);
    report.add(row);
    meta.add(row);
    ++rows;
  }

  /// Writes the state: a magic, the row count, the four parts, then a trailer of their four lengths.
  void save(ByteWriter& out) const;

  /// Folds in the partial save() wrote into `in` as it is read, its records never held apart (the merge's way: at most
  /// one shard's day rates and items besides this partial); `trailer` is the saved bytes' last
  /// kLearnPartialTrailerBytes, read apart beforehand. After an error this partial is partly merged: discard it.
  Status merge_load(ByteReader& in, std::string_view trailer, const std::string& where);
};

/// Streams shard `shard` of the window of `day` (ShardSpec{0, 1}: all of it) into a new partial, inside the caller's
/// read transaction; its bandits take the rows `previous` has not counted (read apart when `previous` is older than
/// the window). `in_order`: the partial has every row of the run (one process), so its bandits may forget.
Result<LearnPartial> stream_partial(Database& db, const LearnOptions& options, DayNumber day,
                                    const BanditState& previous, const ShardSpec& shard,
                                    const std::vector<RetentionRow>& retention, std::vector<std::string> caption_ids,
                                    bool in_order);

/// Bytes at the end of a saved partial: its parts' lengths.
constexpr std::size_t kLearnPartialTrailerBytes = 32;

/// A partial's state read back from what save() wrote (`where` names it in errors).
Result<LearnPartial> load_learn_partial(const std::string& bytes, const std::string& where);

/// A partial's state read back from `in` (all of what save() wrote, read as it streams), whose last
/// kLearnPartialTrailerBytes bytes, read apart beforehand, are `trailer` (`where` names it in errors).
Result<LearnPartial> load_learn_partial(ByteReader& in, std::string_view trailer, const std::string& where);

/// The day's learning from the bandits, models and report of a partial: the bandits' state after `previous`, the
/// fitted models, the report and the snapshot. `in` (date, from and retention set) gets the bandit and model
/// summaries. The models' records are freed once fitted. `tasks` (null: in turn) runs the models' independent walks
/// at once.
Result<DayLearning> finish_day(BanditPartial& bandits, ModelPartial& models, ReportPartial& report,
                               const BanditState& previous, ReportInputs& in, double threshold,
                               const JobBanditOptions& content_options, const JobBanditOptions& timing_options,
                               TaskPair* tasks = nullptr);

/// Finishes `partial` (the bandits after `previous`, the models, the report and snapshot of `in`, which has date, from
/// and retention set, and the meta scores against `captions`) holding no lock, then commits the run in one short
/// write transaction that also runs `also` (may be empty): the job's answer (with "shards": `shards` when the partial
/// was merged from shards, `shards` > 0), or already_learned when another run of the date committed first and
/// options.force is off. `step(k)` reports steps 2 to 4 of 4.
Result<nlohmann::ordered_json> finish_and_commit(Database& db, LearnPartial& partial, const BanditState& previous,
                                                 ReportInputs& in, const CaptionEmbeddings& captions,
                                                 const LearnOptions& options, std::size_t shards,
                                                 std::function<Status()> also, const std::function<void(int)>& step);

}  // namespace learnloop::job
