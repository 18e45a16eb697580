// The meta-learning scores' state over a learning window, mergeable across shards: what the scores need
// from the window's outcome rows, without the rows. For the percentiles it counts the rows' engagement rates
// against the scored day's distinct rates (read before the window: every scored item's rate is one of them), so a
// cut's rank is exact and merges by adding counts, in 24 bytes per distinct rate of the day instead of 8 per row of
// the window; it keeps the engagement sums by platform and posting hour (timing), the id and rate of the rows
// whose content has a caption embedding (the brand centroid ranks them once the merge knows all of them),
// and the fields the scores read of the rows collected on the scored day (about 1/window of the rows; 56 bytes
// and the id each), which the scores point into. A single process feeds one partial every row; a sharded run feeds one
// partial per shard, saves each, loads and merges them in shard order, and finishes once.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/bytes.hpp"

namespace learnloop {

/// What the meta scores need from the window's outcome rows, mergeable across shards.
class MetaPartial {
 public:
  /// Items collected on `date` are the ones scored; `day_rates` (sorted, distinct: read_day_rates()) hold every rate
  /// such an item can have, the points each row's rate is counted against; rows whose id is in `caption_ids` (any
  /// order, a superset of the content with a TEXT_CAPTION embedding is fine) keep their rate for the brand centroid.
  MetaPartial(DayNumber date, std::vector<double> day_rates, std::vector<std::string> caption_ids = {});
  MetaPartial(MetaPartial&&) = default;
  MetaPartial& operator=(MetaPartial&&) = default;
  MetaPartial(const MetaPartial&) = delete;
  MetaPartial& operator=(const MetaPartial&) = delete;

  /// One window row (window order = decision id byte order within a shard); the fields scored are copied when kept.
  void add(const OutcomeRow& row);
  /// Another shard's rows (a partial of the same date); merged in shard order, kept rows stay in decision id order.
  /// Consumes `other` (its items are freed block by block as they move here, unless scores still point into them).
  /// Refuses a partial counted against other day rates (a shard that read other outcomes of the day) before taking
  /// anything.
  Status merge(MetaPartial&& other);
  /// Merges the partial save() wrote into `in` as it reads it (merge(load(in)) without holding the other's day rates or
  /// items). After an error this partial is partly merged: discard it.
  Status merge_load(ByteReader& in);
  /// Appends the partial's state (not its caption ids: the merge reads the embeddings).
  void save(ByteWriter& out) const;
  /// A partial saved by save(); truncated or inconsistent bytes give an error saying what is wrong.
  static Result<MetaPartial> load(ByteReader& in);
  /// The scores of the kept items against the whole window, given the window's retention rows and caption
  /// embeddings; they point into rows the scores share ownership of (valid after the partial is gone). The partial
  /// can still be merged or finished again afterwards.
  MetaScores finish(const std::vector<RetentionRow>& retention, const CaptionEmbeddings& captions);

  /// The scored day.
  DayNumber date() const { return date_; }
  /// Window rows added so far (all shards merged).
  std::size_t rows() const { return static_cast<std::size_t>(rows_); }
  /// Rows kept for scoring.
  std::size_t items() const { return items_->size(); }
  /// Rows kept with their rate because their content has a caption.
  std::size_t captioned() const { return captioned_.size(); }
  /// Why the scores cannot be computed ("" when they can): a kept item whose rate is not among the day rates given.
  const std::string& problem() const { return problem_; }

 private:
  friend MetaScores compute_meta_scores(const std::vector<OutcomeRow>&, const std::vector<RetentionRow>&,
                                        const CaptionEmbeddings&, const std::function<bool(const OutcomeRow&)>&);
  using Hours = std::array<RateSum, 24>;
  // Keeps the rows `score_item` selects instead of a day's, `item_rates` (sorted, distinct) holding their rates (the
  // single-process form; save() writes its date only).
  MetaPartial(std::function<bool(const OutcomeRow&)> score_item, std::vector<double> item_rates,
              std::vector<std::string> caption_ids);
  Hours& hours_of(std::string_view platform);
  const Hours* find_hours(std::string_view platform) const;

  DayNumber date_ = 0;
  std::function<bool(const OutcomeRow&)> score_item_;            // empty: rows collected on date_
  std::shared_ptr<const std::vector<std::string>> caption_ids_;  // sorted, unique; not saved
  // Adds the partial save() wrote into `in` to this one: `fresh` (an empty partial) takes its date and day rates, else
  // they must be this one's.
  Status read(ByteReader& in, bool fresh);
  // The merge's refusal of a partial counted against `count` other day rates.
  Error other_day_rates(std::uint64_t count) const;
  // Merges the captioned rows' sorted runs [0, mid) and [mid, end) by decision id.
  void merge_captioned_runs(std::size_t mid);
  // Counts the pending rates against the cuts (sorted first, so each search starts where the last ended).
  void count_pending() const;

  std::vector<double> cuts_;  // the day's rates, sorted and distinct: every kept item's rate is one of them
  // The counts, brought up to date by count_pending() (mutable: counting is deferred, not a change of state).
  mutable std::vector<std::uint64_t> below_;  // [i]: rows whose rate lies between cut i - 1 and cut i; [cuts]: above
  mutable std::vector<std::uint64_t> at_;     // [i]: rows whose rate is cut i
  mutable std::vector<double> pending_;       // rates added but not yet counted
  std::uint64_t rows_ = 0;                    // rows added
  std::vector<std::pair<std::string, Hours>> hours_;  // platform -> sums by posting hour; [0] is "" = all platforms
  std::size_t last_platform_ = 0;                     // hours_ index of the last row's platform
  std::shared_ptr<MetaItems> items_;                  // the kept rows' fields, decision id order; their pool holds ids
  std::vector<std::pair<std::string_view, double>> captioned_;  // (id in items_' pool, rate), decision id order
  std::string problem_;                                         // see problem()
};

/// TEXT_CAPTION embedding ids of the content whose outcomes were collected on days [from, to] (a shard's caption
/// ids: the ids read_caption_embeddings would return, or a superset, without the vectors).
Result<std::vector<std::string>> read_caption_ids(Database& db, DayNumber from, DayNumber to);

}  // namespace learnloop
