// Virality predictor (spec 000): (0.35 retention + 0.30 engagement + 0.20 quality + 0.15 timing) x 100
// for content before it is posted, each component estimated from the store's history: retention =
// expected watch share of similar content (type, hook, duration bucket), engagement = percentile of
// the expected engagement rate of its platform and type, quality = its quality_score, timing = its
// hour's engagement relative to the platform's best hour. With enough history, weights learned by
// ridge regression (four components against observed engaged views) replace the fixed ones when
// they rank held-out posts better; the output says which weights were used and why. Pure, no I/O
// beyond the Database interface.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// What the predictor knows about one piece of content.
struct ContentFeatures {
  std::string content_id;        ///< optional id, echoed back
  std::string platform;          ///< required
  std::string content_type;      ///< content type (bandit arm); "" when unknown
  std::string hook_type;         ///< hook; "" when unknown
  double quality_score = -1;     ///< quality in [0, 1] (required by the predictor)
  double duration_seconds = -1;  ///< < 0 when unknown
  int posted_hour = -1;          ///< planned posting hour (UTC); -1 = not planned yet
};

/// The spec's fixed weights: retention, engagement, quality, timing.
inline constexpr std::array<double, 4> kFixedViralityWeights = {0.35, 0.30, 0.20, 0.15};

/// Names of the four components, in weight order.
const std::array<const char*, 4>& virality_component_names();

/// One estimated component: value in [0, 1] (or unknown) and what it was estimated from.
struct ViralityComponent {
  bool known = false;     ///< false when the history cannot estimate it
  double value = 0;       ///< in [0, 1]
  std::string basis;      ///< e.g. "content_type=story_thread, hook_type=story (41 posts)"
  std::size_t posts = 0;  ///< posts the estimate rests on
  double raw = 0;         ///< the underlying figure: watch share, expected engagement rate, quality or hour rate
};

/// A sum of engagement rates (or watch shares) and how many were added.
struct RateSum {
  double sum = 0;     ///< the values added, in the order they were added
  std::size_t n = 0;  ///< how many
};

/// Group statistics of a history window, from which the components are estimated.
class ViralityHistory {
 public:
  /// A history group's key: its family and up to three parts, each in its own field (see virality_history.cpp).
  using GroupKey = std::array<std::string, 4>;
  /// Builds the statistics from outcome rows and retention rows of one window; keeps the rows.
  ViralityHistory(OutcomeRows outcomes, const std::vector<RetentionRow>& retention);
  /// The same statistics over rows it only refers to (no copy): `outcomes` must outlive the history.
  static ViralityHistory over(const std::vector<OutcomeRow>& outcomes, const std::vector<RetentionRow>& retention);
  /// Expected watch share of content like `c` (type, hook, duration bucket; backing off to broader groups).
  ViralityComponent retention(const ContentFeatures& c) const;
  /// Percentile, among the history's engagement rates, of the expected rate of `c`'s platform and type.
  ViralityComponent engagement(const ContentFeatures& c) const;
  /// `c`'s quality score.
  ViralityComponent quality(const ContentFeatures& c) const;
  /// Mean engagement at `c`'s hour / at the best hour of its platform (all platforms when too few posts).
  ViralityComponent timing(const ContentFeatures& c) const;
  /// The history's outcome rows.
  const std::vector<OutcomeRow>& outcomes() const { return *outcomes_; }
  /// Mid-rank percentile of an engagement rate among the history's rates, in [0, 1].
  double percentile_of(double rate) const;
  /// Average watch percentage of `content_id`, or < 0 when not measured.
  double watch_of(std::string_view content_id) const;
  /// Features of a history row.
  static ContentFeatures features_of(const OutcomeRow& r);

 private:
  using Sum = RateSum;
  ViralityHistory(std::shared_ptr<const std::vector<OutcomeRow>> outcomes, const std::vector<RetentionRow>& retention);
  // Fills rate_groups_ and hours_ from the rows through small ids.
  void add_rate_groups();
  std::shared_ptr<const std::vector<OutcomeRow>> outcomes_;  // owned, or borrowed with a no-op deleter
  std::vector<double> rates_;                                // sorted
  std::map<std::string, double, std::less<>> watch_;
  std::map<GroupKey, Sum> watch_groups_, rate_groups_;
  std::map<std::string, std::array<Sum, 24>> hours_;  // platform ("" = all) -> hour
};

/// Weighted composite x 100 of the known components (weights renormalised over them); < 0 when none is known.
double virality_composite(const std::array<ViralityComponent, 4>& components, const std::array<double, 4>& weights);

/// Settings of a prediction.
struct ViralityOptions {
  std::string date;        ///< last day of the history window; "" = the latest day an outcome was collected
  int days = 28;           ///< history window in days
  std::uint64_t seed = 0;  ///< seed of the held-out split that decides between learned and fixed weights
};

/// Fewest history posts for a prediction (fewer: "not_enough_data").
constexpr std::size_t kMinViralityHistory = 20;

/// Fewest posts with all four components for learned weights.
constexpr std::size_t kMinLearnedWeightRows = 100;

/// Parses and checks content JSON ({platform, quality_score, content_type|bandit_arm, hook_type,
/// duration_seconds|duration, posted_hour|posted_at, content_id}); `unused` receives the keys it does not use.
Result<ContentFeatures> parse_content_features(const nlohmann::json& content, std::vector<std::string>* unused);

/// The prediction for `content` over `history` (window [from, to]).
nlohmann::ordered_json compute_virality(const ViralityHistory& history, const ContentFeatures& content,
                                        const std::vector<std::string>& unused, const ViralityOptions& options,
                                        DayNumber from, DayNumber to);

/// Reads the history window from `db` and predicts; errors only for bad content or options.
Result<nlohmann::ordered_json> predict_virality(Database& db, const nlohmann::json& content,
                                                const ViralityOptions& options);

}  // namespace learnloop
