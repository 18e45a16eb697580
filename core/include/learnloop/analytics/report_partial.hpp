// What the learning report and the daily snapshot need from a window's outcome rows, kept as mergeable
// state: sums per group (content type, hour, hook, platform), the window's and the day's totals, the
// quality/engagement co-moments, cost sums, and the best and worst rows as top-k lists. A sharded run
// feeds each shard's rows to its own partial, saves it as bytes, and a merge process loads and merges
// the partials in shard order and finishes the report without holding any row. The single-process
// report (produce_learning_report) is one partial fed the whole window.
//
// Merging is exact for counts, the top-k lists and the per-id retention lookups; sums (and the
// quality co-moments) differ from one pass over all rows only by float association (last bits), and
// the report rounds them (rates to 6 places, lifts and correlation to 4).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/core/bytes.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/store/snapshots.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// Sums of one group of outcome rows (a content type, hour, hook or platform), in the order the rows came.
struct ReportGroup {
  std::size_t posts = 0;         ///< rows in the group
  double impressions = 0;        ///< sum of impressions
  double rate_sum = 0;           ///< sum of engagement rates
  double rate_sq = 0;            ///< sum of squared engagement rates
  double followers = 0;          ///< sum of followers gained
  double cost = 0;               ///< sum of known costs
  double revenue = 0;            ///< sum of known revenues
  std::size_t costed = 0;        ///< rows with a known cost
  std::size_t with_revenue = 0;  ///< rows with a known revenue
  /// Adds one row.
  void add(const OutcomeRow& r);
  /// Adds another group's sums (its rows come after this group's).
  void merge(const ReportGroup& other);
  /// Mean engagement rate (0 for an empty group).
  double mean_rate() const { return posts ? rate_sum / static_cast<double>(posts) : 0; }
};

/// A row kept in a top-k list: what the report shows of it; the decision id breaks ties in rate.
struct RankedRow {
  std::string decision_id;     ///< content id (the tie key: window order is decision id byte order)
  double engagement_rate = 0;  ///< rank key
  double impressions = 0;      ///< views
  bool exposed = false;        ///< impressions >= the report's minimum (the day's picks rank these first)
  std::string content_type;    ///< bandit arm
  std::string platform;        ///< platform
  std::string hook_type;       ///< hook
};

/// Co-moments of two variables (Welford updates, Chan's merge): Pearson correlation without a second pass.
struct CoMoments {
  std::uint64_t n = 0;  ///< pairs added
  double mean_x = 0;    ///< mean of x
  double mean_y = 0;    ///< mean of y
  double sxx = 0;       ///< sum of squared deviations of x
  double syy = 0;       ///< sum of squared deviations of y
  double sxy = 0;       ///< sum of products of deviations
  /// Adds one pair.
  void add(double x, double y);
  /// Adds another set of pairs.
  void merge(const CoMoments& other);
};

/// The report's and the snapshot's state over some of a window's outcome rows; see the file comment.
class ReportPartial {
 public:
  /// Rows in the report's best and worst lists.
  static constexpr std::size_t kTop = 5;
  /// Content ids in the snapshot's best list.
  static constexpr std::size_t kDayTop = 3;

  /// An empty partial for the window [from, date]; `retention` is the window's retention rows (the same in every
  /// shard): the partial keeps the engagement rate and hook of the outcome rows with those content ids.
  ReportPartial(DayNumber date, DayNumber from, const std::vector<RetentionRow>& retention = {});

  /// Adds one window row (within a partial, rows come in window order = decision id byte order).
  void add(const OutcomeRow& row);
  /// Adds another shard's partial (shards merged in shard order); refuses one of another window or retention set.
  Status merge(const ReportPartial& other);
  /// Appends the partial's bytes (little-endian, floats bit for bit).
  void save(ByteWriter& out) const;
  /// A partial read back from save()'s bytes; truncated, trailing or inconsistent bytes are an error saying what.
  static Result<ReportPartial> load(ByteReader& in);

  /// The learning report (as produce_learning_report); `retention` must be the rows the partial was made with.
  Result<nlohmann::ordered_json> report(const std::vector<RetentionRow>& retention,
                                        const nlohmann::ordered_json& bandits,
                                        const nlohmann::ordered_json& models) const;
  /// The daily snapshot (as build_daily_snapshot), using `report`'s recommendations.
  Result<DailySnapshot> snapshot(const std::vector<RetentionRow>& retention,
                                 const nlohmann::ordered_json& report) const;

  /// Window rows added so far (over all merged shards).
  std::uint64_t rows() const { return rows_; }

 private:
  /// What the partial keeps of the outcome row of one retention content id.
  struct Watched {
    bool seen = false;    ///< a row with this id was added
    bool on_day = false;  ///< one of its rows was collected on the report's day
    double engagement_rate = 0;
    std::string hook_type;
  };
  using Groups = std::map<std::string, ReportGroup, std::less<>>;

  Status same_retention(const std::vector<RetentionRow>& retention) const;
  Watched* watched(std::string_view id);

  DayNumber date_ = 0, from_ = 0;
  std::uint64_t rows_ = 0;
  double rate_sum_ = 0, impressions_ = 0, engagements_ = 0, followers_ = 0;
  // Cost section: rows with a known cost.
  std::uint64_t costed_ = 0, costed_with_revenue_ = 0;
  double costed_cost_ = 0, costed_revenue_ = 0, costed_engagements_ = 0, costed_followers_ = 0;
  CoMoments quality_;  // quality score (x) and engagement rate (y) of rows with a quality score
  Groups types_, hooks_, platforms_, costed_platforms_, day_types_;
  std::array<ReportGroup, 24> hours_{};     // posting hours 0-23
  std::map<int, ReportGroup> other_hours_;  // hours a parser would not give; kept for completeness
  // The report's day: rows collected on `date_`.
  std::uint64_t day_rows_ = 0, day_gained_ = 0;
  double day_rate_sum_ = 0, day_followers_ = 0;
  std::vector<RankedRow> best_, worst_, day_best_;  // top-k lists, in their order
  std::vector<std::string> watch_;                  // the retention content ids, sorted, distinct
  std::vector<Watched> watched_;                    // by index in watch_
  std::size_t watch_cursor_ = 0;                    // where the last id was found in watch_ (ids come sorted)
};

}  // namespace learnloop
