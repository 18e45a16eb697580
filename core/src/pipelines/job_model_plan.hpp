// Internal: what the learning job's predictors are, shared by the one-process fit (job_models.cpp)
// and the sharded one (model_partial.cpp): the two plans, the rows they can use, the per-content
// split rule, the feature spec and its column names, and how a day's fits are summarised (skipped,
// failed or trained), so both paths give the same statuses, reasons and summaries.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "job_parts.hpp"
#include "learnloop/predictors/feature_spec.hpp"

namespace learnloop::job {

/// Fewest usable rows the job fits models on.
constexpr std::size_t kMinModelRows = 20;

/// Share of the content held out for the test metrics (by a seeded hash of the decision id).
constexpr double kModelTestFraction = 0.2;

/// One predictor the job fits.
struct ModelPlan {
  const char* name;  ///< models.name
  const char* kind;  ///< ridge | logistic
  bool follow;       ///< target: followed (0/1) instead of engagement_rate
  double penalty;    ///< alpha (ridge) or C (logistic)
};

/// The job's predictors, in summary order.
inline const std::array<ModelPlan, 2> kModelPlans{
    {{"engagement_rate", "ridge", false, 1.0}, {"follow_through", "logistic", true, 1.0}}};

/// A one-hot column of the spec and the OutcomeRow text it reads.
struct CategoryField {
  const char* name;                             ///< spec column name
  std::string_view (*text)(const OutcomeRow&);  ///< the row's value ("" when unknown)
};

/// The spec's one-hot columns, in spec order (spec columns 1..3).
inline const std::array<CategoryField, 3> kCategoryFields{
    {{"content_type", [](const OutcomeRow& r) { return std::string_view(r.bandit_arm); }},
     {"decision_type", [](const OutcomeRow& r) { return std::string_view(r.decision_type); }},
     {"platform", [](const OutcomeRow& r) { return std::string_view(r.platform); }}}};

/// Whether the predictors can learn from a row: quality, content type and posting hour known.
inline bool usable_for_models(const OutcomeRow& r) {
  return r.quality_score >= 0 && !r.bandit_arm.empty() && r.posted_hour >= 0;
}

/// Whether a row is on the test side of the day's split (a rule per row: shards agree without seeing each other).
bool held_out_for_models(const OutcomeRow& r, DayNumber date);

/// The job's spec learned from the training side's sums and category values (any order, no duplicates, no ""):
/// means = sum / count, categories sorted, as learn_feature_spec() learns it.
FeatureSpec learned_job_spec(double quality_sum, double hour_sum, std::size_t count,
                             std::array<std::vector<std::string>, 3> categories);

/// The encoded columns of a learned spec: quality_score, field=category per category, hour_sin, hour_cos.
std::vector<std::string> job_feature_names(const FeatureSpec& spec);

/// Why no usable row was left for training.
std::string all_on_test_side_message(std::size_t usable);

/// How one source of rows fits the plans (the rows already split, spec learned on demand).
struct PlanFitter {
  std::function<Status()> prepare;                                  ///< learns the spec and encodes (once, lazily)
  std::function<Result<LinearModel>(const ModelPlan&)> fit;         ///< one plan fitted, with the test metrics
  std::function<std::pair<std::size_t, std::size_t>()> row_counts;  ///< train rows, test rows (after prepare)
};

/// The day's fits: each plan skipped (too few usable rows, or a single follow class), failed (prepare's or fit's
/// error) or trained, summarised as fit_models() summarises them.
ModelFits assemble_model_fits(std::size_t usable, bool any_unfollowed, bool any_followed, DayNumber date,
                              PlanFitter& fitter);

}  // namespace learnloop::job
