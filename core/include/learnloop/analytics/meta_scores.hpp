// Meta-learning scores (spec 000's meta_learning_scores): per content item of the learning window,
// retention (average watch share), engagement (percentile of its engagement rate in the window),
// virality (the spec's composite over its realised components, 0-100), brand alignment (cosine
// similarity of its TEXT_CAPTION embedding to the centroid of the window's top performers, mapped to
// [0, 1]; null with a reason when embeddings are missing) and overall (mean of the known scores),
// with factors, strengths and weaknesses. The learning job writes them, inside its transaction, for
// the content whose outcome was collected on its day.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// One row of meta_learning_scores: the scores, and the figures behind them (its factors column) as numbers; the
/// row's own fields (id, rate, impressions, quality, hour, type, platform, hook) are read from its outcome row.
struct MetaScore {
  const OutcomeRow* row = nullptr;        ///< the item's outcome row (a copy in MetaScores::rows)
  std::optional<double> overall;          ///< mean of the known scores below (virality / 100)
  std::optional<double> retention;        ///< average watch share in [0, 1]; empty without retention metrics
  std::optional<double> engagement;       ///< mid-rank percentile of its engagement rate in the window
  std::optional<double> virality;         ///< composite 0-100
  std::optional<double> brand_alignment;  ///< (1 + cosine to the top performers' centroid) / 2
  double watch = -1;                      ///< average watch percentage; < 0 when not measured
  std::optional<double> timing;           ///< timing component, rounded to 4 places; empty when unknown
  std::optional<double> caption_cosine;   ///< cosine to the centroid, rounded to 6 places; empty without one
  std::vector<std::string> strengths;     ///< sentences
  std::vector<std::string> weaknesses;    ///< sentences
};

/// The scores of one run: one per scored item, and how brand alignment was computed (the same for every item).
struct MetaScores {
  std::string brand_alignment_method;  ///< how, or why there is no brand alignment score
  std::vector<MetaScore> items;        ///< in the order of the outcome rows; they point into `rows`
  std::shared_ptr<const OutcomeRows>
      rows;  ///< copies of the scored rows (shared with the MetaPartial that scored them)
};

/// The factors column of a score: a JSON object of the figures behind it, as text.
std::string meta_factors_json(const MetaScore& score, const std::string& brand_alignment_method);

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

/// Replaces the rows computed on `date` (computed_at = date) with `scores`: a rerun never duplicates rows.
Status write_meta_scores(Database& db, const MetaScores& scores, DayNumber date);

/// The rows computed on `date` (YYYY-MM-DD; "" = the latest date with scores), by content id, JSON columns parsed.
Result<nlohmann::ordered_json> read_meta_scores(Database& db, const std::string& date);

}  // namespace learnloop
