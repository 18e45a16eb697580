// The learning job's predictor plans, spec and summaries (see job_model_plan.hpp).
#include "job_model_plan.hpp"

#include <algorithm>

#include "learnloop/core/format.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop::job {

bool held_out_for_models(const OutcomeRow& r, DayNumber date) {
  return held_out_by_key(r.decision_id, kModelTestFraction, static_cast<std::uint64_t>(date));
}

FeatureSpec learned_job_spec(double quality_sum, double hour_sum, std::size_t count,
                             std::array<std::vector<std::string>, 3> categories) {
  FeatureSpec spec;
  for (const auto& [name, kind] : {std::pair{"quality_score", "numeric"},
                                   {"content_type", "one_hot"},
                                   {"decision_type", "one_hot"},
                                   {"platform", "one_hot"},
                                   {"hour", "cyclic_hour"}}) {
    spec.columns.push_back(feature_column(name, kind));
  }
  spec.missing = "zero";
  spec.columns[0].mean = quality_sum / static_cast<double>(count);
  spec.columns[4].mean = hour_sum / static_cast<double>(count);
  for (std::size_t i = 0; i < 3; ++i) {
    std::sort(categories[i].begin(), categories[i].end());
    spec.columns[i + 1].categories = std::move(categories[i]);
  }
  spec.fitted = true;
  return spec;
}

std::vector<std::string> job_feature_names(const FeatureSpec& spec) {
  std::vector<std::string> names{spec.columns[0].name};
  for (std::size_t i = 1; i <= 3; ++i)
    for (const std::string& category : spec.columns[i].categories)
      names.push_back(spec.columns[i].name + "=" + category);
  names.push_back("hour_sin");
  names.push_back("hour_cos");
  return names;
}

std::string all_on_test_side_message(std::size_t usable) {
  return "all " + std::to_string(usable) +
         " usable outcomes fell on the test side of the split by content id; expected more rows";
}

ModelFits assemble_model_fits(std::size_t usable, bool any_unfollowed, bool any_followed, DayNumber date,
                              PlanFitter& fitter) {
  ModelFits fits;
  fits.summary = nlohmann::ordered_json::object();
  bool prepared = false;
  Status preparation;
  for (const ModelPlan& plan : kModelPlans) {
    std::string skip;
    if (usable < kMinModelRows)
      skip = "needs at least " + std::to_string(kMinModelRows) +
             " outcomes with content metadata in the window, found " + std::to_string(usable);
    else if (std::string(plan.kind) == "logistic" && !(any_unfollowed && any_followed))
      skip = "needs content that gained followers and content that did not";
    if (!skip.empty()) {
      fits.summary[plan.name] = {{"status", "skipped"}, {"reason", skip}};
      continue;
    }
    // Both plans use the same rows, spec and seed: split, learn the spec and encode once.
    if (!prepared) {
      preparation = fitter.prepare();
      prepared = true;
    }
    Result<LinearModel> fit = preparation.ok() ? fitter.fit(plan) : Result<LinearModel>(preparation.error());
    if (!fit.ok()) {
      fits.summary[plan.name] = {{"status", "failed"}, {"reason", fit.error().message}};
      continue;
    }
    const LinearModel& model = fit.value();
    const auto [train_rows, test_rows] = fitter.row_counts();
    const nlohmann::ordered_json metrics =
        model.metrics.contains("test") ? model.metrics["test"] : model.metrics["train"];
    fits.summary[plan.name] = {
        {"status", "trained"},      {"model_id", std::string(plan.name) + "@" + format_date(date)},
        {"kind", plan.kind},        {"version", model.version},
        {"train_rows", train_rows}, {"test_rows", test_rows},
        {"test", metrics}};
    if (!model.dropped.empty()) fits.summary[plan.name]["dropped"] = model.dropped;
    fits.fitted.push_back({plan.name, plan.kind, model, train_rows});
  }
  return fits;
}

}  // namespace learnloop::job
