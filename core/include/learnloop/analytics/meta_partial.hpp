// The meta-learning scores' state over a learning window, mergeable across shards: what the scores need
// from the window's outcome rows, without the rows. It keeps every engagement rate (8 bytes a row, for
// the percentile), the engagement sums by platform and posting hour (timing), the id and rate of the rows
// whose content has a caption embedding (the brand centroid ranks them once the merge knows all of them),
// and compact copies of the rows collected on the scored day (about 1/window of the rows), which the
// scores point into. A single process feeds one partial every row; a sharded run feeds one partial per
// shard, saves each, loads and merges them in shard order, and finishes once.
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
  /// Items collected on `date` are the ones scored; rows whose id is in `caption_ids` (any order, a superset of the
  /// content with a TEXT_CAPTION embedding is fine) keep their rate for the brand centroid.
  explicit MetaPartial(DayNumber date, std::vector<std::string> caption_ids = {});
  MetaPartial(MetaPartial&&) = default;
  MetaPartial& operator=(MetaPartial&&) = default;
  MetaPartial(const MetaPartial&) = delete;
  MetaPartial& operator=(const MetaPartial&) = delete;

  /// One window row (window order = decision id byte order within a shard); the row is copied where it is kept.
  void add(const OutcomeRow& row);
  /// Another shard's rows (a partial of the same date); merged in shard order, kept rows stay in decision id order.
  void merge(const MetaPartial& other);
  /// Appends the partial's state (not its caption ids: the merge reads the embeddings).
  void save(ByteWriter& out) const;
  /// A partial saved by save(); truncated or inconsistent bytes give an error saying what is wrong.
  static Result<MetaPartial> load(ByteReader& in);
  /// The scores of the kept items against the whole window, given the window's retention rows and caption
  /// embeddings; they point into rows the scores share ownership of (valid after the partial is gone). Sorts the
  /// rates in place; the partial can still be merged or finished again afterwards.
  MetaScores finish(const std::vector<RetentionRow>& retention, const CaptionEmbeddings& captions);

  /// The scored day.
  DayNumber date() const { return date_; }
  /// Window rows added so far (all shards merged).
  std::size_t rows() const { return rates_.size(); }
  /// Rows kept for scoring.
  std::size_t items() const { return items_->size(); }
  /// Rows kept with their rate because their content has a caption.
  std::size_t captioned() const { return captioned_.size(); }

 private:
  friend MetaScores compute_meta_scores(const std::vector<OutcomeRow>&, const std::vector<RetentionRow>&,
                                        const CaptionEmbeddings&, const std::function<bool(const OutcomeRow&)>&);
  using Hours = std::array<RateSum, 24>;
  // Keeps the rows `score_item` selects instead of a day's (the single-process form; save() writes its date only).
  MetaPartial(std::function<bool(const OutcomeRow&)> score_item, std::vector<std::string> caption_ids);
  Hours& hours_of(std::string_view platform);
  const Hours* find_hours(std::string_view platform) const;
  void keep_item(const OutcomeRow& row);

  DayNumber date_ = 0;
  std::function<bool(const OutcomeRow&)> score_item_;            // empty: rows collected on date_
  std::shared_ptr<const std::vector<std::string>> caption_ids_;  // sorted, unique; not saved
  std::vector<double> rates_;                                    // every row's engagement rate; sorted by finish()
  std::vector<std::pair<std::string, Hours>> hours_;  // platform -> sums by posting hour; [0] is "" = all platforms
  std::size_t last_platform_ = 0;                     // hours_ index of the last row's platform
  std::shared_ptr<OutcomeRows> items_;                // the kept rows, decision id order; their pool holds all text
  std::vector<std::pair<std::string_view, double>> captioned_;  // (id in items_' pool, rate), decision id order
};

/// TEXT_CAPTION embedding ids of the content whose outcomes were collected on days [from, to] (a shard's caption
/// ids: the ids read_caption_embeddings would return, or a superset, without the vectors).
Result<std::vector<std::string>> read_caption_ids(Database& db, DayNumber from, DayNumber to);

}  // namespace learnloop
