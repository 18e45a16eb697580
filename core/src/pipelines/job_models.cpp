// The learning job's predictors: engagement rate (ridge) and follow-through (logistic) from
// quality, content type, format, platform and posting hour, fitted on the window's real rows with
// an 80/20 split by content (a hash of the decision id seeded with the date: a rule per row, so
// shards of the window agree on it without seeing each other's rows; train and test keep the
// window's order), stored in `models` as name@date; the newest fit per name is active. The
// design matrices are encoded straight from the typed rows (no text table): the same numbers, names
// and learned spec that the feature-spec path gives for these columns (missing "zero").
#include <algorithm>
#include <array>
#include <string_view>

#include "job_model_plan.hpp"
#include "job_parts.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/predictors/constant_columns.hpp"
#include "learnloop/predictors/feature_spec.hpp"

namespace learnloop::job {
namespace {

// Rows the predictors can learn from.
std::vector<const OutcomeRow*> usable_rows(const std::vector<OutcomeRow>& rows) {
  std::vector<const OutcomeRow*> out;
  for (const OutcomeRow& r : rows)
    if (usable_for_models(r)) out.push_back(&r);
  return out;
}

// The job's spec learned on `train` as learn_feature_spec() learns it: categories sorted, means in row order.
FeatureSpec learn_job_spec(const std::vector<const OutcomeRow*>& train) {
  double quality_sum = 0;
  double hour_sum = 0;
  for (const OutcomeRow* r : train) {
    quality_sum += r->quality_score;
    hour_sum += static_cast<double>(r->posted_hour);
  }
  std::array<std::vector<std::string>, 3> categories;
  for (std::size_t i = 0; i < 3; ++i) {
    // A column has a handful of distinct values: a short list, sorted at the end, beats a set insert per row.
    std::vector<std::string>& seen = categories[i];
    std::string_view last;
    bool has_last = false;
    for (const OutcomeRow* r : train) {
      const std::string_view value = kCategoryFields[i].text(*r);
      if (value.empty() || (has_last && last == value)) continue;
      if (std::find(seen.begin(), seen.end(), value) == seen.end()) seen.emplace_back(value);
      last = value;
      has_last = true;
    }
  }
  return learned_job_spec(quality_sum, hour_sum, train.size(), std::move(categories));
}

// Features, engagement rates and follow labels of some rows under the learned spec.
struct EncodedRows {
  Dataset x;
  std::vector<double> engagement;
  std::vector<double> followed;
};

// The rows encoded as apply_feature_spec() encodes them (an unseen or empty category gives zeros).
Result<EncodedRows> encode_job_rows(const FeatureSpec& spec, const std::vector<const OutcomeRow*>& rows) {
  std::vector<std::string> names = job_feature_names(spec);
  EncodedRows out;
  std::vector<double> values;
  values.reserve(rows.size() * names.size());
  out.engagement.reserve(rows.size());
  out.followed.reserve(rows.size());
  for (const OutcomeRow* r : rows) {
    values.push_back(r->quality_score + 0.0);  // + 0.0: -0 reads as 0, as it did through text
    for (std::size_t i = 1; i <= 3; ++i) {
      // Zeros, then the 1 of the row's category when it has one (categories are distinct: at most one matches).
      const std::string_view text = kCategoryFields[i - 1].text(*r);
      const std::vector<std::string>& categories = spec.columns[i].categories;
      const std::size_t first = values.size();
      values.resize(first + categories.size(), 0.0);
      for (std::size_t c = 0; c < categories.size(); ++c) {
        if (text == categories[c]) {
          values[first + c] = 1.0;
          break;
        }
      }
    }
    double sine = 0;
    double cosine = 0;
    cyclic_hour_features(static_cast<double>(r->posted_hour), &sine, &cosine);
    values.push_back(sine);
    values.push_back(cosine);
    out.engagement.push_back(r->engagement_rate + 0.0);
    out.followed.push_back(r->followers_gained > 0 ? 1.0 : 0.0);
  }
  const std::size_t cols = names.size();
  Result<Dataset> x = make_dataset(rows.size(), cols, std::move(values), std::move(names));
  if (!x.ok()) return x.error();
  out.x = std::move(x).value();
  return out;
}

// The split, the learned spec and both sides encoded.
struct JobDesign {
  FeatureSpec spec;
  EncodedRows train;
  EncodedRows test;
};

Result<JobDesign> job_design(const std::vector<const OutcomeRow*>& usable, DayNumber date) {
  std::vector<const OutcomeRow*> train;
  std::vector<const OutcomeRow*> test;
  train.reserve(usable.size());
  for (const OutcomeRow* r : usable) (held_out_for_models(*r, date) ? test : train).push_back(r);
  if (train.empty()) return invalid_argument(all_on_test_side_message(usable.size()));
  JobDesign design;
  design.spec = learn_job_spec(train);
  Result<EncodedRows> train_rows = encode_job_rows(design.spec, train);
  if (!train_rows.ok()) return train_rows.error();
  design.train = std::move(train_rows).value();
  Result<EncodedRows> test_rows = encode_job_rows(design.spec, test);
  if (!test_rows.ok()) return test_rows.error();
  design.test = std::move(test_rows).value();
  return design;
}

// One plan fitted on the design, with the spec and the held-out metrics attached (as fit_prepared_holdout does).
Result<LinearModel> fit_plan(const ModelPlan& plan, const JobDesign& design) {
  const EncodedRows& train = design.train;
  // Constant columns (one platform, one content type...) are dropped from the fit and listed in the model.
  Result<LinearModel> fitted =
      fit_linear_matrix(plan.kind, train.x, plan.follow ? train.followed : train.engagement, plan.penalty);
  if (!fitted.ok()) return fitted.error();
  LinearModel model = std::move(fitted).value();
  model.feature_spec = feature_spec_to_json(design.spec);
  model.version = model_content_id(model);
  const EncodedRows& test = design.test;
  if (test.x.rows > 0) {
    if (Status s = add_metrics(model, "test", test.x, plan.follow ? test.followed : test.engagement); !s.ok())
      return s.error();
  }
  return model;
}

}  // namespace

ModelFits fit_models(const std::vector<OutcomeRow>& rows, DayNumber date) {
  const std::vector<const OutcomeRow*> usable = usable_rows(rows);
  bool zero = false;
  bool one = false;
  for (const OutcomeRow* r : usable) (r->followers_gained > 0 ? one : zero) = true;
  Result<JobDesign> design = invalid_argument("the design was not prepared");
  PlanFitter fitter{[&]() {
                      design = job_design(usable, date);
                      return design.status();
                    },
                    [&](const ModelPlan& plan) { return fit_plan(plan, design.value()); },
                    [&]() {
                      return std::pair{design.value().train.x.rows, design.value().test.x.rows};
                    }};
  return assemble_model_fits(usable.size(), zero, one, date, fitter);
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
