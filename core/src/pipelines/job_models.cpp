// The learning job's predictors: engagement rate (ridge) and follow-through (logistic) from
// quality, content type, format, platform and posting hour, fitted on the window's real rows with
// a seeded 80/20 split, stored in `models` as name@date; the newest fit per name is active.
#include <memory>

#include "job_parts.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/predictors/fit_rows.hpp"

namespace learnloop::job {
namespace {

constexpr std::size_t kMinRows = 20;
constexpr double kTestFraction = 0.2;

struct ModelPlan {
  const char* name;    // models.name
  const char* kind;    // ridge | logistic
  const char* target;  // column of the training table
  double penalty;      // alpha (ridge) or C (logistic)
};

const ModelPlan kPlans[] = {{"engagement_rate", "ridge", "engagement_rate", 1.0},
                            {"follow_through", "logistic", "followed", 1.0}};

CsvTable training_table(const std::vector<OutcomeRow>& rows) {
  CsvTable t;
  t.header = {"quality_score", "content_type", "decision_type", "platform", "hour", "engagement_rate", "followed"};
  t.row_label = "content";
  for (const OutcomeRow& r : rows) {
    if (r.quality_score < 0 || r.bandit_arm.empty() || r.posted_hour < 0) continue;
    t.rows.push_back({format_number(r.quality_score), r.bandit_arm, r.decision_type, r.platform,
                      std::to_string(r.posted_hour), format_number(r.engagement_rate),
                      r.followers_gained > 0 ? "1" : "0"});
    t.line_numbers.push_back(t.rows.size());
  }
  return t;
}

FeatureSpec feature_spec() {
  FeatureSpec spec;
  for (const auto& [name, kind] : {std::pair{"quality_score", "numeric"},
                                   {"content_type", "one_hot"},
                                   {"decision_type", "one_hot"},
                                   {"platform", "one_hot"},
                                   {"hour", "cyclic_hour"}}) {
    FeatureColumn column;
    column.name = name;
    column.kind = kind;
    spec.columns.push_back(column);
  }
  spec.missing = "zero";
  return spec;
}

bool has_both_classes(const CsvTable& t) {
  bool zero = false, one = false;
  for (const auto& row : t.rows) (row[6] == "1" ? one : zero) = true;
  return zero && one;
}

}  // namespace

ModelFits fit_models(const std::vector<OutcomeRow>& rows, DayNumber date) {
  CsvTable table = training_table(rows);
  const std::size_t table_rows = table.rows.size();
  const bool both_classes = has_both_classes(table);
  // Both plans use the same rows, spec and seed: split, learn the spec and encode once (as fit_linear_holdout would),
  // moving the rows out of the table rather than copying them.
  std::unique_ptr<Result<HoldoutRows>> prepared;
  ModelFits fits;
  fits.summary = nlohmann::ordered_json::object();
  for (const ModelPlan& plan : kPlans) {
    std::string skip;
    if (table_rows < kMinRows)
      skip = "needs at least " + std::to_string(kMinRows) + " outcomes with content metadata in the window, found " +
             std::to_string(table_rows);
    else if (std::string(plan.kind) == "logistic" && !both_classes)
      skip = "needs content that gained followers and content that did not";
    if (!skip.empty()) {
      fits.summary[plan.name] = {{"status", "skipped"}, {"reason", skip}};
      continue;
    }
    if (!prepared)
      prepared = std::make_unique<Result<HoldoutRows>>(prepare_holdout(
          feature_spec(), std::move(table),  // NOLINT(bugprone-use-after-move): moved once, guarded by !prepared
          kTestFraction, static_cast<std::uint64_t>(date)));
    Result<HoldoutFit> fit = prepared->ok()
                                 ? fit_prepared_holdout(plan.kind, prepared->value(), plan.target, plan.penalty)
                                 : Result<HoldoutFit>(prepared->error());
    if (!fit.ok()) {
      fits.summary[plan.name] = {{"status", "failed"}, {"reason", fit.error().message}};
      continue;
    }
    const LinearModel& model = fit.value().model;
    const nlohmann::ordered_json metrics =
        model.metrics.contains("test") ? model.metrics["test"] : model.metrics["train"];
    fits.summary[plan.name] = {{"status", "trained"},
                               {"model_id", std::string(plan.name) + "@" + format_date(date)},
                               {"kind", plan.kind},
                               {"version", model.version},
                               {"train_rows", fit.value().train_rows},
                               {"test_rows", fit.value().test_y.size()},
                               {"test", metrics}};
    if (!model.dropped.empty()) fits.summary[plan.name]["dropped"] = model.dropped;
    fits.fitted.push_back({plan.name, plan.kind, model, fit.value().train_rows});
  }
  return fits;
}

Status register_models(Database& db, const ModelFits& fits, DayNumber date) {
  for (const FittedModel& fitted : fits.fitted) {
    // A run for an older day stores its model without displacing a newer active one.
    Result<std::vector<std::vector<SqlValue>>> newer =
        query_rows(db, "SELECT count(*) FROM models WHERE name = ? AND tenant = ? AND trained_for > ?",
                   {fitted.name, std::string(kDefaultTenant), format_date(date)});
    if (!newer.ok()) return newer.error();
    RegisteredModel entry{fitted.name + "@" + format_date(date),
                          fitted.name,
                          kDefaultTenant,
                          fitted.kind,
                          format_date(date),
                          format_date(date),
                          static_cast<std::int64_t>(fitted.train_rows),
                          nlohmann::json::parse(fitted.model.metrics.dump()),
                          model_to_json(fitted.model),
                          false,
                          kOwnerLearn,
                          "newest daily fit (learn " + format_date(date) + ")"};
    if (Status s = register_model(db, entry, sql_number(newer.value()[0][0]) == 0); !s.ok()) return s;
  }
  return {};
}

}  // namespace learnloop::job
