// Meta-learning scores (spec 000's meta_learning_scores): per content item of the learning window,
// retention (average watch share), engagement (percentile of its engagement rate in the window),
// virality (the spec's composite over its realised components, 0-100), brand alignment (cosine
// similarity of its TEXT_CAPTION embedding to the centroid of the window's top performers, mapped to
// [0, 1]; null with a reason when embeddings are missing) and overall (mean of the known scores),
// with factors, strengths and weaknesses. The learning job writes them, inside its transaction, for
// the content whose outcome was collected on its day.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "learnloop/core/block_vector.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/text_pool.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// One scored item: the fields of its outcome row that its scores and its row of meta_learning_scores read.
struct MetaItem {
  std::string_view decision_id;   ///< content id (in its MetaItems' pool)
  double engagement_rate = 0;     ///< stored rate, else engagements / impressions
  double impressions = 0;         ///< views
  double quality_score = -1;      ///< quality in [0, 1]; < 0 when unknown
  std::int32_t posted_hour = -1;  ///< hour of posted_at (UTC); -1 when unknown
  std::uint32_t platform = 0;     ///< its platform: an index into its MetaItems' names (0 is "")
  std::uint32_t bandit_arm = 0;   ///< its content type, the same way
  std::uint32_t hook_type = 0;    ///< its hook, the same way
};

/// Scored items and the text they point into (56 bytes an item, its id and each distinct name once), grown a block at
/// a time; a partial adds them in decision id order.
class MetaItems {
 public:
  /// No items; name 0 is "".
  MetaItems();
  MetaItems(const MetaItems&) = delete;
  MetaItems& operator=(const MetaItems&) = delete;

  /// Keeps the fields of `row` that the scores read.
  void add(const OutcomeRow& row);
  /// Keeps an item given by its fields (`item`'s names are ignored: `platform`, `arm` and `hook` name them).
  void add(const MetaItem& item, std::string_view platform, std::string_view arm, std::string_view hook);
  /// Appends every item of `from` (its names looked up here); `drain`: frees `from`'s items block by block as they are
  /// copied, leaving it empty (nothing may point into them).
  void take(MetaItems& from, bool drain);
  /// Merges the sorted runs [0, mid) and [mid, size()) by decision id (a merge of two shards' items).
  void merge_runs(std::size_t mid);
  /// A copy of `text` that lives as long as the items (ids kept beside them).
  std::string_view copy(std::string_view text) { return pool_.copy(text); }
  /// The text of a platform, content type or hook index.
  std::string_view name(std::uint32_t index) const { return names_[index]; }
  /// The item at `i` (< size()); its address is stable while the items live.
  const MetaItem& operator[](std::size_t i) const { return items_[i]; }
  /// The last item (not empty()).
  const MetaItem& back() const { return items_.back(); }
  /// Items kept.
  std::size_t size() const { return items_.size(); }
  /// True when no item is kept.
  bool empty() const { return items_.empty(); }
  /// The first item.
  BlockVector<MetaItem>::ConstIterator begin() const { return items_.begin(); }
  /// Past the last item.
  BlockVector<MetaItem>::ConstIterator end() const { return items_.end(); }

 private:
  // The index of `text` among the names, added when new.
  std::uint32_t name_index(std::string_view text);

  TextPool pool_;
  BlockVector<MetaItem> items_;
  std::vector<std::string_view> names_;                             // views into pool_
  std::unordered_map<std::string_view, std::uint32_t> name_index_;  // names_' views -> index
};

/// One row of meta_learning_scores as its raw figures (48 bytes); the rounded scores and the sentences are derived
/// from them when asked, so a day's scores hold no text.
struct MetaScore {
  const MetaItem* item = nullptr;  ///< the scored item (in MetaScores::rows)
  double watch = -1;               ///< average watch percentage; < 0 when not measured
  double percentile = 0;           ///< mid-rank percentile of its engagement rate in the window, unrounded
  double composite = -1;           ///< virality composite 0-100 over the realised components; < 0 when none is known
  double timing_share = std::numeric_limits<double>::quiet_NaN();  ///< timing component; NaN when unknown
  double cosine = std::numeric_limits<double>::quiet_NaN();  ///< cosine to the top performers' centroid; NaN: none

  /// Average watch share in [0, 1] (6 places); empty without retention metrics.
  std::optional<double> retention() const;
  /// The percentile (6 places).
  std::optional<double> engagement() const;
  /// The virality composite 0-100 (4 places); empty when unknown.
  std::optional<double> virality() const;
  /// (1 + cosine) / 2 (6 places); empty without a caption centroid.
  std::optional<double> brand_alignment() const;
  /// Mean of the known scores above, virality / 100 (6 places).
  std::optional<double> overall() const;
  /// The timing component (4 places); empty when unknown.
  std::optional<double> timing() const;
  /// The cosine (6 places); empty without one.
  std::optional<double> caption_cosine() const;
  /// Sentences naming its strengths.
  std::vector<std::string> strengths() const;
  /// Sentences naming its weaknesses.
  std::vector<std::string> weaknesses() const;
};

/// The scores of one run: one per scored item, and how brand alignment was computed (the same for every item).
struct MetaScores {
  std::string brand_alignment_method;     ///< how, or why there is no brand alignment score
  std::vector<MetaScore> items;           ///< in the order of the items; they point into `rows`
  std::shared_ptr<const MetaItems> rows;  ///< the scored items (shared with the MetaPartial that scored them)
};

/// The factors column of score `i` of `scores`: a JSON object of the figures behind it, as text.
std::string meta_factors_json(const MetaScores& scores, std::size_t i);

/// Appends the factors column of score `i` of `scores` (meta_factors_json()) to `out`.
void append_meta_factors_json(std::string& out, const MetaScores& scores, std::size_t i);

/// Caption embeddings by content id (unit vectors not required).
using CaptionEmbeddings = std::vector<std::pair<std::string, std::vector<float>>>;

/// Scores of every content item in `outcomes` (the window's latest outcome per content); they own copies of the rows.
MetaScores compute_meta_scores(const std::vector<OutcomeRow>& outcomes, const std::vector<RetentionRow>& retention,
                               const CaptionEmbeddings& captions);

/// Scores of the items of `outcomes` that `score_item` selects, each against the whole window (the same figures as
/// above): one MetaPartial fed every row in order, then finished.
MetaScores compute_meta_scores(const std::vector<OutcomeRow>& outcomes, const std::vector<RetentionRow>& retention,
                               const CaptionEmbeddings& captions,
                               const std::function<bool(const OutcomeRow&)>& score_item);

/// TEXT_CAPTION embeddings of the content whose outcomes were collected on days [from, to].
Result<CaptionEmbeddings> read_caption_embeddings(Database& db, DayNumber from, DayNumber to);

/// Replaces the rows computed on `date` (computed_at = date) with `scores`: a rerun never duplicates rows. Rows are
/// built a batch ahead of their INSERT, on the second task of `tasks` where given (the database stays on the caller's).
Status write_meta_scores(Database& db, const MetaScores& scores, DayNumber date, TaskPair* tasks = nullptr);

/// The rows computed on `date` (YYYY-MM-DD; "" = the latest date with scores), by content id, JSON columns parsed.
Result<nlohmann::ordered_json> read_meta_scores(Database& db, const std::string& date);

}  // namespace learnloop
