// The learning job's predictors as a mergeable partial for the sharded run (issue 17): each shard
// adds its rows, saves the partial as bytes, and the merge loads the shards' partials, merges them
// in shard order and fits the same models fit_models() fits on all the rows.
//
// What a partial holds, and what grows with rows:
// - per usable row, one 24-byte record on its side of the split (quality and engagement rate as
//   doubles, three category indices into the partial's dictionaries, the hour byte, the follow bit):
//   the logistic's Newton passes (one pass per iteration, gradient and Hessian together) and the
//   metrics (mae and roc_auc need every row) read them;
// - fixed size: the training side's X'X (packed lower triangle over the partial's features: quality,
//   hour sin and cos, one per category seen in training), X'y, the column sums, sum y (each summed in
//   blocks of 4096 rows, then added to the totals: blocked summation keeps the raw sums accurate enough
//   for centring them at the end), the sums of
//   quality and hour for the spec's means, quality min/max and the set of hours seen (constant
//   columns), the category dictionaries (a handful of strings per field).
// Merged exactly: counts, category sets and train counts (integers held in doubles), hour sums (integers), the hour
// set, quality min/max, the records themselves. Merged up to float association (shard order): quality sums, X'X
// and X'y sums involving quality, hour sin/cos or the target; and so the ridge solution, the spec's quality mean and
// the logistic's sums (records in shard order, not window order).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "job_model_plan.hpp"
#include "job_parts.hpp"
#include "learnloop/core/block_vector.hpp"
#include "learnloop/core/bytes.hpp"
#include "learnloop/core/task_pair.hpp"

namespace learnloop::job {

/// The predictors' sufficient state over some of the window's rows (one shard's, or several merged).
class ModelPartial {
 public:
  /// An empty partial for the run of `date` (the split's seed).
  explicit ModelPartial(DayNumber date);

  /// Adds one window row (rows come in window order within a shard; rows the predictors cannot use are skipped).
  void add(const OutcomeRow& row);

  /// Adds another shard's partial (merge in shard order), consuming it (its records are freed block by block as they
  /// move here); refuses one for another day before taking anything.
  Status merge(ModelPartial&& other);

  /// Appends the partial to `out` (little-endian, floats bit for bit).
  void save(ByteWriter& out) const;

  /// Reads a partial save() wrote; a truncated or inconsistent partial is an error saying what is wrong.
  static Result<ModelPartial> load(ByteReader& in);

  /// Merges the partial save() wrote into `in` as it reads it (merge(load(in)) without holding the other's records).
  /// After an error this partial is partly merged: discard it.
  Status merge_load(ByteReader& in);

  /// The same ModelFits (summary and fitted models) that fit_models() gives on the rows added; a model's train and
  /// test metrics are computed at once where `tasks` can (null: in turn), with the same results.
  ModelFits finish(TaskPair* tasks = nullptr) const;

  /// The run's day.
  DayNumber date() const { return date_; }

  /// Usable rows added (both sides of the split).
  std::size_t usable_rows() const { return usable_; }

 private:
  // One usable row as the partial keeps it (24 bytes).
  struct Record {
    double quality;                         // quality_score (+0.0: -0 reads as 0)
    double engagement;                      // engagement_rate (+0.0)
    std::array<std::uint16_t, 3> category;  // index into the field's dictionary, kNoCategory when empty
    std::uint8_t hour;                      // posted hour
    std::uint8_t followed;                  // 1 when the content gained followers
  };

  // The category index of an empty value.
  static constexpr std::uint16_t kNoCategory = 0xFFFF;

  struct Layout;  // the learned spec and where each of the partial's values goes in its columns
  // Another partial's category indices in this one's numbering, per field.
  using Categories = std::array<std::vector<std::uint16_t>, 3>;

  // Adds everything of `other` but its records (counts, dictionaries, sums); its categories in this numbering.
  Result<Categories> absorb(const ModelPartial& other);
  // `r` with its categories renumbered by `category`.
  static Record renumbered(Record r, const Categories& category);
  // True when some training record was added (every one sets its hour's bit).
  bool has_training() const;
  // Reads what save() writes before the records.
  static Result<ModelPartial> load_header(ByteReader& in);
  // Reads the records save() writes after the header this partial was loaded from, each handed to `take` (true: a
  // training record), checking them against that header and the end of the bytes.
  Status read_records(ByteReader& in, const std::function<void(bool train, const Record&)>& take) const;

  // The dictionary index of `value` in `field` (added when new; kNoCategory and problem_ set when full).
  std::uint16_t category_index(std::size_t field, std::string_view value);
  // The X'X feature of a category, added when training meets it first.
  std::uint32_t feature_of(std::size_t field, std::uint16_t category);
  // Adds a training record to the sums.
  void accumulate(const Record& record);
  // The spec learned from the training sums and the columns it encodes (prepare of the plans).
  Result<Layout> layout() const;
  // One plan fitted from the sums (ridge) or the records (logistic), with train and test metrics (side by side
  // through `tasks`).
  Result<LinearModel> fit_plan(const ModelPlan& plan, const Layout& layout, TaskPair& tasks) const;

  DayNumber date_;
  std::size_t usable_ = 0;
  bool unfollowed_ = false;  // some usable row gained no followers
  bool followed_ = false;    // some usable row gained followers
  std::string problem_;      // why the rows cannot be kept (a value beyond the record's range), "" when none
  std::array<std::vector<std::string>, 3> dictionaries_;  // per field: values seen, in first-seen order
  std::array<std::vector<std::uint32_t>, 3> features_;    // per field and category: its X'X feature, or kNoFeature
  using Records = BlockVector<Record>;  // a long window's records grow a block at a time, never by doubling
  Records train_;
  Records test_;
  // Training-side sums. Features: 0 quality, 1 hour sin, 2 hour cos, then categories in the order training met them.
  double quality_sum_ = 0;  // for the spec's mean, in row order as learn_job_spec sums it
  double hour_sum_ = 0;
  double quality_min_ = 0;
  double quality_max_ = 0;
  std::array<std::uint64_t, 4> hours_seen_{};  // bit h: some training row was posted at hour h
  // The ridge's sums: a block of up to kBlockRows training rows is summed apart and then added to the totals, so a
  // long window's sums carry the rounding of short sums (blocked summation), not of one running sum per cell.
  struct RidgeSums {
    std::vector<double> column;  // sum x per feature
    std::vector<double> gram;    // sum x_a x_b, packed lower triangle: a * (a + 1) / 2 + b, b <= a
    std::vector<double> moment;  // sum x_a y (y = engagement rate)
    double target = 0;           // sum y
    // Adds a feature (zero sums).
    void grow();
  };
  RidgeSums sums_;              // blocks added so far (and merged partials)
  RidgeSums block_;             // the current block
  std::size_t block_rows_ = 0;  // rows in the current block
  // sums_ + block_.
  RidgeSums total() const;
};

}  // namespace learnloop::job
