// The learning job's predictors encode their design matrices straight from the typed window rows;
// this checks they fit exactly the models the feature-spec path fits on the same rows written as a
// text table (the job's path before issue 17), split by the same per-content rule: same spec,
// coefficients, version and test metrics, including rows with empty categories, an unseen test
// category and -0 values.
#include <gtest/gtest.h>

#include "learnloop/core/format.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/split.hpp"
#include "pipelines/job_parts.hpp"

namespace learnloop {
namespace {

OutcomeRows window_rows(std::size_t n) {
  const char* types[] = {"educational_thread", "story_thread", "meme_single", "question_reply"};
  const char* formats[] = {"thread", "single", "", "reply"};
  const char* platforms[] = {"twitter", "linkedin", "tiktok", ""};
  OutcomeRows rows;
  rows.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    OutcomeRow& r = rows[i];
    r.decision_id = rows.pool().copy("p" + std::to_string(i));
    r.bandit_arm = i % 11 == 5 ? "" : types[i % 4];  // no type: left out
    r.decision_type = formats[(i / 3) % 4];
    r.platform = i == n - 1 ? "mastodon" : platforms[(i / 5) % 4];
    r.quality_score = i % 13 == 0 ? -0.0 : static_cast<double>((i * 37) % 101) / 100.0;
    if (i % 17 == 3) r.quality_score = -1;  // unknown quality: left out
    r.posted_hour = static_cast<int>((i * 7) % 24);
    r.engagement_rate = i % 19 == 0 ? -0.0 : 0.01 + 0.03 * r.quality_score + static_cast<double>(i % 7) / 1000.0;
    r.followers_gained = (i * 11) % 5 == 0 ? 2 : 0;
  }
  return rows;
}

// The usable rows on one side of the job's split (held out or not) as the text table the job used to build.
CsvTable as_text_table(const std::vector<OutcomeRow>& rows, DayNumber date, bool test_side) {
  CsvTable t;
  t.header = {"quality_score", "content_type", "decision_type", "platform", "hour", "engagement_rate", "followed"};
  t.row_label = "content";
  for (const OutcomeRow& r : rows) {
    if (r.quality_score < 0 || r.bandit_arm.empty() || r.posted_hour < 0) continue;
    if (held_out_by_key(r.decision_id, 0.2, static_cast<std::uint64_t>(date)) != test_side) continue;
    t.rows.push_back({format_number(r.quality_score), std::string(r.bandit_arm), std::string(r.decision_type),
                      std::string(r.platform), std::to_string(r.posted_hour), format_number(r.engagement_rate),
                      r.followers_gained > 0 ? "1" : "0"});
    t.line_numbers.push_back(t.rows.size());
  }
  return t;
}

FeatureSpec job_spec() {
  FeatureSpec spec;
  spec.columns = {feature_column("quality_score"), feature_column("content_type", "one_hot"),
                  feature_column("decision_type", "one_hot"), feature_column("platform", "one_hot"),
                  feature_column("hour", "cyclic_hour")};
  spec.missing = "zero";
  return spec;
}

TEST(JobModels, DirectEncodingFitsTheFeatureSpecPathsModels) {
  for (std::size_t n : {60, 401}) {
    const OutcomeRows rows = window_rows(n);
    const DayNumber date = 20000 + static_cast<DayNumber>(n);
    const job::ModelFits fits = job::fit_models(rows, date);
    ASSERT_EQ(fits.fitted.size(), 2u) << fits.summary.dump();
    // The reference: the spec learned and encoded on the training side only (no split of its own), then the
    // held-out side scored, as the feature-spec path does.
    Result<HoldoutRows> prepared = prepare_holdout(job_spec(), as_text_table(rows, date, false), 0, 0);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    prepared.value().test = as_text_table(rows, date, true);
    ASSERT_GT(prepared.value().test.rows.size(), 0u);
    for (const job::FittedModel& fitted : fits.fitted) {
      const std::string target = fitted.kind == "ridge" ? "engagement_rate" : "followed";
      Result<HoldoutFit> reference = fit_prepared_holdout(fitted.kind, prepared.value(), target, 1.0);
      ASSERT_TRUE(reference.ok()) << reference.error().message;
      EXPECT_EQ(model_to_json(fitted.model), model_to_json(reference.value().model)) << fitted.name << " " << n;
      EXPECT_EQ(fitted.train_rows, reference.value().train_rows);
      EXPECT_EQ(fits.summary[fitted.name]["test_rows"].get<std::size_t>(), reference.value().test_y.size());
    }
  }
}

}  // namespace
}  // namespace learnloop
