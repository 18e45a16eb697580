// Meta-learning scores (spec 000's meta_learning_scores): per content item of the learning window,
// retention (average watch share), engagement (percentile of its engagement rate in the window),
// virality (the spec's composite over its realised components, 0-100), brand alignment (cosine
// similarity of its TEXT_CAPTION embedding to the centroid of the window's top performers, mapped to
// [0, 1]; null with a reason when embeddings are missing) and overall (mean of the known scores),
// with factors, strengths and weaknesses. The learning job writes them, inside its transaction, for
// the content whose outcome was collected on its day.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// One row of meta_learning_scores.
struct MetaScore {
  std::string content_id;          ///< the content
  nlohmann::json overall;          ///< mean of the known scores below (virality / 100), or null
  nlohmann::json retention;        ///< average watch share in [0, 1], or null without retention metrics
  nlohmann::json engagement;       ///< mid-rank percentile of its engagement rate in the window
  nlohmann::json virality;         ///< composite 0-100
  nlohmann::json brand_alignment;  ///< (1 + cosine to the top performers' centroid) / 2, or null
  nlohmann::ordered_json factors;  ///< the figures behind the scores
  nlohmann::json strengths;        ///< sentences
  nlohmann::json weaknesses;       ///< sentences
};

/// Caption embeddings by content id (unit vectors not required).
using CaptionEmbeddings = std::vector<std::pair<std::string, std::vector<float>>>;

/// Scores of every content item in `outcomes` (the window's latest outcome per content).
std::vector<MetaScore> compute_meta_scores(const std::vector<OutcomeRow>& outcomes,
                                           const std::vector<RetentionRow>& retention,
                                           const CaptionEmbeddings& captions);

/// Scores of the items of `outcomes` that `score_item` selects, each against the whole window (the same figures as
/// above).
std::vector<MetaScore> compute_meta_scores(const std::vector<OutcomeRow>& outcomes,
                                           const std::vector<RetentionRow>& retention,
                                           const CaptionEmbeddings& captions,
                                           const std::function<bool(const OutcomeRow&)>& score_item);

/// TEXT_CAPTION embeddings of the content whose outcomes were collected on days [from, to].
Result<CaptionEmbeddings> read_caption_embeddings(Database& db, DayNumber from, DayNumber to);

/// Replaces the rows computed on `date` (computed_at = date) with `scores`: a rerun never duplicates rows.
Status write_meta_scores(Database& db, const std::vector<MetaScore>& scores, DayNumber date);

/// The rows computed on `date` (YYYY-MM-DD; "" = the latest date with scores), by content id, JSON columns parsed.
Result<nlohmann::ordered_json> read_meta_scores(Database& db, const std::string& date);

}  // namespace learnloop
