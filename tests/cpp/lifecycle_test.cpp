// Model lifecycle: schema migration 1 -> 2, the registry, accuracy tracking, Page-Hinkley drift and
// check_and_retrain's statuses (spec 002), on the native libsqlite3 backend.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "learnloop/lifecycle/accuracy.hpp"
#include "learnloop/lifecycle/drift.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/lifecycle/retrain.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

std::unique_ptr<Database> fresh_db(const std::string& name, bool migrate = true) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-lifecycle-test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / (name + ".db")).string();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  auto db = std::move(native::open_sqlite_database(path, true)).value();
  if (migrate) {
    EXPECT_TRUE(migrate_schema(*db).ok());
  }
  return db;
}

const char* const kHooks[] = {"question", "story", "list"};

// n completed predictions of "ctr": true CTR = 0.02 + 0.04 quality (+ noise); predicted = truth + bias.
void add_predictions(Database& db, int n, double bias, double noise, const std::string& day, int first_id,
                     std::uint64_t seed) {
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    const double quality = rng.uniform();
    const int hook = i % 3;
    const double truth = 0.02 + 0.04 * quality + 0.01 * hook + noise * sample_standard_normal(rng);
    PredictionRecord r;
    r.prediction_id = "p" + std::to_string(first_id + i);
    r.hook_type = kHooks[hook];
    r.template_id = i % 2 ? "t1" : "t2";
    r.predicted_ctr = truth + bias;
    r.features = {{"quality", quality}, {"hook_type", kHooks[hook]}};
    r.predicted_at = day + "T08:00:00Z";
    ASSERT_TRUE(record_prediction(db, r).ok());
    ASSERT_TRUE(complete_prediction(db, r.prediction_id, truth, std::nullopt,
                                    day + "T20:" + (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ":00Z")
                    .ok());
  }
}

TEST(Schema, MigratesAVersion1DatabaseKeepingItsRows) {
  auto db = fresh_db("v1", false);
  const std::string& sql = schema_sql();
  const std::size_t start = sql.find("\n-- migration: 1"), end = sql.find("\n-- migration: 2");
  ASSERT_NE(end, std::string::npos);
  ASSERT_TRUE(db->exec(sql.substr(start, end - start)).ok());
  ASSERT_TRUE(db->exec("PRAGMA user_version = 1").ok());
  ASSERT_TRUE(run_statement(*db,
                            "INSERT INTO prediction_records (prediction_id, predicted_ctr, predicted_at) VALUES "
                            "('old', 0.05, '2026-01-01')")
                  .ok());
  ASSERT_TRUE(migrate_schema(*db).ok());
  EXPECT_EQ(sql_number(query_rows(*db, "PRAGMA user_version").value()[0][0]), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 2);
  auto rows =
      query_rows(*db, "SELECT prediction_id, predicted_ctr, features, model_name FROM prediction_records").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(sql_text(rows[0][0]), "old");
  EXPECT_TRUE(is_null(rows[0][2]));
  // Migration 5: an old CTR prediction becomes a prediction of target "ctr" with its value in `predicted`.
  auto generic = query_rows(*db, "SELECT target, predicted FROM prediction_records").value();
  EXPECT_EQ(sql_text(generic[0][0]), "ctr");
  EXPECT_EQ(sql_number(generic[0][1]), 0.05);
}

TEST(Registry, KeepsOneActiveModelPerNameAndFallsBackToTheDefaultTenant) {
  auto db = fresh_db("registry");
  const auto model = [](const std::string& id, const std::string& tenant) {
    return RegisteredModel{
        id,   "ctr", tenant, "ridge", "2026-01-0" + id.substr(id.size() - 1), "", 10, {{"test", {{"mae", 0.1}}}},
        "{}", false, "",     ""};
  };
  ASSERT_TRUE(register_model(*db, model("ctr@1", "default"), true).ok());
  ASSERT_TRUE(register_model(*db, model("ctr@2", "default"), true).ok());
  ASSERT_TRUE(register_model(*db, model("ctr@3", "default"), false).ok());
  EXPECT_EQ(latest_model(*db, "ctr").value().model_id, "ctr@2");
  EXPECT_EQ(latest_model(*db, "ctr", "acme").value().model_id, "ctr@2");  // no acme model yet: the default's
  ASSERT_TRUE(register_model(*db, model("ctr@4", "acme"), true).ok());
  EXPECT_EQ(latest_model(*db, "ctr", "acme").value().model_id, "ctr@4");
  EXPECT_EQ(latest_model(*db, "ctr").value().model_id, "ctr@2");
  EXPECT_EQ(list_models(*db, "ctr").value().size(), 3u);
  EXPECT_EQ(latest_model(*db, "roas").error().code, ErrorCode::kNotFound);
  RegisteredModel bad = model("ctr@5", "default");
  bad.document = "{not json";
  EXPECT_FALSE(register_model(*db, bad, true).ok());
}

TEST(Accuracy, MeasuresCompletedPredictionsInTheWindowWithBreakdowns) {
  auto db = fresh_db("accuracy");
  PredictionRecord r;
  r.predicted_at = "2026-03-01T10:00:00Z";
  const double predicted[] = {0.05, 0.05, 0.02, 0.10};
  const double actual[] = {0.05, 0.04, 0.03, 0.05};
  for (int i = 0; i < 4; ++i) {
    r.prediction_id = "q" + std::to_string(i);
    r.predicted_ctr = predicted[i];
    r.hook_type = i < 2 ? "a" : "b";
    ASSERT_TRUE(record_prediction(*db, r).ok());
    ASSERT_TRUE(
        complete_prediction(*db, r.prediction_id, actual[i], std::nullopt, i == 3 ? "2026-02-01" : "2026-03-02").ok());
  }
  EXPECT_FALSE(record_prediction(*db, r).ok());  // the id exists already
  EXPECT_EQ(complete_prediction(*db, "nope", 0.1, std::nullopt, "2026-03-02").error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(complete_prediction(*db, "q0", std::nullopt, std::nullopt, "2026-03-02").ok());
  Result<nlohmann::ordered_json> acc = prediction_accuracy(*db, {"ctr", "2026-03-03T00:00:00Z", 7, ""});
  ASSERT_TRUE(acc.ok()) << acc.error().message;
  // In the window: errors 0, 0.01, 0.01 (q3 completed a month earlier is outside).
  EXPECT_EQ(acc.value()["total_predictions"], 3);
  EXPECT_NEAR(acc.value()["ctr_mae"].get<double>(), 0.02 / 3, 1e-12);
  EXPECT_NEAR(acc.value()["ctr_rmse"].get<double>(), std::sqrt(0.0002 / 3), 1e-12);
  EXPECT_NEAR(acc.value()["ctr_accuracy"].get<double>(), 100.0 / 3, 1e-9);  // only q0 within 20%: q1 is 25% off, q2 33%
  EXPECT_EQ(acc.value()["by_hook_type"]["a"]["count"], 2);
  EXPECT_NEAR(acc.value()["by_hook_type"]["b"]["ctr_mae"].get<double>(), 0.01, 1e-12);
  // A row written without the generic columns (ingested with spec 002's columns only) counts as a CTR prediction.
  ASSERT_TRUE(run_statement(*db,
                            "INSERT INTO prediction_records (prediction_id, model_name, predicted_ctr, actual_ctr, "
                            "ctr_error, status, predicted_at, completed_at) VALUES ('ingested', 'ctr', 0.05, 0.04, "
                            "0.01, 'completed', '2026-03-02', '2026-03-02')")
                  .ok());
  acc = prediction_accuracy(*db, {"ctr", "2026-03-03T00:00:00Z", 7, ""});
  ASSERT_TRUE(acc.ok()) << acc.error().message;
  EXPECT_EQ(acc.value()["total_predictions"], 4);
  EXPECT_NEAR(acc.value()["mae"].get<double>(), 0.03 / 4, 1e-12);
  // The generic fields of a CTR model equal spec 002's.
  EXPECT_EQ(acc.value()["target"], "ctr");
  EXPECT_EQ(acc.value()["mae"], acc.value()["ctr_mae"]);
  EXPECT_EQ(acc.value()["accuracy"], acc.value()["ctr_accuracy"]);
  EXPECT_EQ(acc.value()["by_hook_type"]["b"]["mae"], acc.value()["by_hook_type"]["b"]["ctr_mae"]);
}

TEST(Accuracy, TracksAnyModelAndTargetWithoutSpec002sCtrFields) {
  auto db = fresh_db("accuracy_generic");
  PredictionRecord r;
  r.model_name = "engagement_rate_service";
  r.target = "engagement_rate";
  r.predicted_at = "2026-03-01T10:00:00Z";
  const double predicted[] = {0.04, 0.03, 0.06};
  const double actual[] = {0.04, 0.05, 0.05};
  for (int i = 0; i < 3; ++i) {
    r.prediction_id = "e" + std::to_string(i);
    r.predicted = predicted[i];
    ASSERT_TRUE(record_prediction(*db, r).ok());
    ASSERT_TRUE(complete_prediction(*db, r.prediction_id, std::nullopt, std::nullopt, "2026-03-02", actual[i]).ok());
  }
  Result<nlohmann::ordered_json> acc =
      prediction_accuracy(*db, {"engagement_rate_service", "2026-03-03T00:00:00Z", 7, ""});
  ASSERT_TRUE(acc.ok()) << acc.error().message;
  EXPECT_EQ(acc.value()["model_name"], "engagement_rate_service");
  EXPECT_EQ(acc.value()["target"], "engagement_rate");
  EXPECT_EQ(acc.value()["total_predictions"], 3);
  EXPECT_NEAR(acc.value()["mae"].get<double>(), 0.03 / 3, 1e-12);
  EXPECT_NEAR(acc.value()["accuracy"].get<double>(), 100.0 * 2 / 3, 1e-9);  // e1 is 40% off
  EXPECT_FALSE(acc.value().contains("ctr_mae"));
  EXPECT_FALSE(acc.value().contains("roas_mae"));
  auto stored = query_rows(*db,
                           "SELECT predicted_ctr, actual_ctr, abs_error FROM prediction_records "
                           "WHERE prediction_id = 'e1'")
                    .value();
  EXPECT_TRUE(is_null(stored[0][0]) && is_null(stored[0][1]));  // not a CTR: spec 002's columns stay empty
  EXPECT_NEAR(sql_number(stored[0][2]), 0.02, 1e-12);

  // A ROAS prediction given as predicted_roas alone is a prediction of target "roas".
  PredictionRecord roas;
  roas.prediction_id = "r0";
  roas.model_name = "roas_model";
  roas.predicted_roas = 3.0;
  roas.predicted_at = "2026-03-01";
  ASSERT_TRUE(record_prediction(*db, roas).ok());
  ASSERT_TRUE(complete_prediction(*db, "r0", std::nullopt, 2.5, "2026-03-02").ok());
  Result<nlohmann::ordered_json> roas_acc = prediction_accuracy(*db, {"roas_model", "2026-03-03", 7, ""});
  ASSERT_TRUE(roas_acc.ok());
  EXPECT_EQ(roas_acc.value()["target"], "roas");
  EXPECT_NEAR(roas_acc.value()["mae"].get<double>(), 0.5, 1e-12);
  EXPECT_EQ(roas_acc.value()["roas_mae"], roas_acc.value()["mae"]);

  // Two targets under one model name need `target`; predicted and predicted_ctr must agree.
  r.prediction_id = "c0";
  r.target = "ctr";
  r.predicted = 0.02;
  ASSERT_TRUE(record_prediction(*db, r).ok());
  ASSERT_TRUE(complete_prediction(*db, "c0", 0.02, std::nullopt, "2026-03-02").ok());
  Result<nlohmann::ordered_json> mixed = prediction_accuracy(*db, {"engagement_rate_service", "2026-03-03", 7, ""});
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().message.find("several targets"), std::string::npos) << mixed.error().message;
  Result<nlohmann::ordered_json> only_ctr =
      prediction_accuracy(*db, {"engagement_rate_service", "2026-03-03", 7, "ctr"});
  ASSERT_TRUE(only_ctr.ok());
  EXPECT_EQ(only_ctr.value()["total_predictions"], 1);
  EXPECT_EQ(only_ctr.value()["ctr_mae"], 0.0);
  r.prediction_id = "c1";
  r.predicted_ctr = 0.03;
  EXPECT_FALSE(record_prediction(*db, r).ok());
}

TEST(Drift, PageHinkleyIgnoresNoiseAndFindsARise) {
  Rng rng(3);
  std::vector<double> steady;
  for (int i = 0; i < 500; ++i) steady.push_back(0.005 + 0.002 * std::fabs(sample_standard_normal(rng)));
  PageHinkleyOptions o;
  o.scale = 0.02;
  EXPECT_FALSE(page_hinkley(steady, o).detected);
  std::vector<double> rising = steady;
  for (int i = 0; i < 60; ++i) rising.push_back(0.018);
  const DriftResult found = page_hinkley(rising, o);
  EXPECT_TRUE(found.detected);
  EXPECT_GE(found.at, 500u);
  EXPECT_LT(found.at, 540u);
}

TEST(CheckAndRetrain, ReturnsTheSpecStatuses) {
  auto db = fresh_db("retrain");
  RetrainOptions o;
  o.now = "2026-03-10T02:00:00Z";
  // Too few samples to train a first model.
  add_predictions(*db, 10, 0.05, 0.003, "2026-03-09", 0, 1);
  nlohmann::ordered_json r = check_and_retrain(*db, o).value();
  EXPECT_EQ(r["status"], "insufficient_data");
  EXPECT_EQ(r["count"], 10);
  EXPECT_EQ(r["message"], "Need at least 50 samples for retraining, got 10");
  EXPECT_EQ(r["checked_at"], o.now);

  // Enough badly predicted samples: the first model is trained and promoted.
  add_predictions(*db, 150, 0.05, 0.003, "2026-03-09", 100, 2);
  r = check_and_retrain(*db, o).value();
  ASSERT_EQ(r["status"], "retrained") << r.dump();
  EXPECT_EQ(r["samples"], 160);
  EXPECT_EQ(r["promoted"], true);
  EXPECT_LT(r["metrics"]["test_mae"].get<double>(), 0.005);
  EXPECT_GT(r["metrics"]["test_r2"].get<double>(), 0.8);
  EXPECT_TRUE(r["old_metrics"].is_null());
  const std::string first = latest_model(*db, "ctr").value().model_id;
  EXPECT_EQ(r["model_id"], first);
  // The registry says who writes the name and why this model serves.
  EXPECT_EQ(latest_model(*db, "ctr").value().owner, "retrain");
  EXPECT_EQ(latest_model(*db, "ctr").value().active_reason,
            "first model of 'ctr', trained by retrain at 2026-03-10T02:00:00Z");

  // Predictions as good as the new model's: nothing to do.
  RetrainOptions later = o;
  later.now = "2026-03-20T02:00:00Z";
  add_predictions(*db, 80, 0.0, 0.003, "2026-03-19", 1000, 3);
  r = check_and_retrain(*db, later).value();
  ASSERT_EQ(r["status"], "no_retrain_needed") << r.dump();
  EXPECT_LE(r["current_accuracy"]["ctr_mae"].get<double>(), 0.02);
  EXPECT_EQ(r["threshold"], 0.02);
  EXPECT_EQ(r["message"].get<std::string>().rfind("Model accuracy acceptable (MAE=", 0), 0u);

  // Bad predictions again: a retrain, compared on the holdout with the current model; either it wins
  // and is promoted, or the current one is kept and the status says so.
  later.now = "2026-03-30T02:00:00Z";
  add_predictions(*db, 80, 0.06, 0.003, "2026-03-29", 2000, 4);
  r = check_and_retrain(*db, later).value();
  ASSERT_EQ(r["status"], "retrained") << r.dump();
  EXPECT_EQ(r["trigger"], "accuracy");
  ASSERT_TRUE(r["old_metrics"].is_object());
  const bool promoted = r["promoted"];
  EXPECT_EQ(promoted, r["metrics"]["test_mae"].get<double>() < r["old_metrics"]["test_mae"].get<double>());
  EXPECT_EQ(latest_model(*db, "ctr").value().model_id, promoted ? r["model_id"].get<std::string>() : first);
  EXPECT_NEAR(r["improvement"]["mae_improvement"].get<double>(),
              r["old_metrics"]["test_mae"].get<double>() - r["metrics"]["test_mae"].get<double>(), 1e-15);

  EXPECT_FALSE(check_and_retrain(*db, RetrainOptions{}).ok());  // no --now
}

TEST(CheckAndRetrain, RetrainsAModelOfAnyTargetOnItsActualValues) {
  auto db = fresh_db("retrain_generic");
  Rng rng(9);
  for (int i = 0; i < 120; ++i) {
    const double quality = rng.uniform();
    const double truth = 0.01 + 0.05 * quality + 0.002 * sample_standard_normal(rng);
    PredictionRecord r;
    r.prediction_id = "g" + std::to_string(i);
    r.model_name = "er_service";
    r.target = "engagement_rate";
    r.predicted = truth + 0.04;  // a biased model: retrain
    r.features = {{"quality", quality}};
    r.predicted_at = "2026-03-09T08:00:00Z";
    ASSERT_TRUE(record_prediction(*db, r).ok());
    ASSERT_TRUE(
        complete_prediction(*db, r.prediction_id, std::nullopt, std::nullopt, "2026-03-09T20:00:00Z", truth).ok());
  }
  RetrainOptions o;
  o.model_name = "er_service";
  o.now = "2026-03-10T02:00:00Z";
  nlohmann::ordered_json r = check_and_retrain(*db, o).value();
  ASSERT_EQ(r["status"], "retrained") << r.dump();
  EXPECT_EQ(r["trigger"], "no_model");
  EXPECT_EQ(r["current_accuracy"]["target"], "engagement_rate");
  EXPECT_NEAR(r["current_accuracy"]["mae"].get<double>(), 0.04, 1e-9);
  EXPECT_FALSE(r["current_accuracy"].contains("ctr_mae"));  // spec 002's CTR fields belong to CTR models
  EXPECT_LT(r["metrics"]["test_mae"].get<double>(), 0.005);
  EXPECT_EQ(latest_model(*db, "er_service").value().model_id, r["model_id"]);
  EXPECT_EQ(latest_model(*db, "er_service").value().owner, "retrain");
}

TEST(Registry, OneOwnerPerNameAndTheReasonTheActiveModelServes) {
  auto db = fresh_db("owners");
  RegisteredModel job{"engagement_rate@2026-03-01",
                      "engagement_rate",
                      "default",
                      "ridge",
                      "2026-03-01",
                      "2026-03-01",
                      40,
                      {{"test", {{"mae", 0.01}}}},
                      "{}",
                      false,
                      kOwnerLearn,
                      "newest daily fit (learn 2026-03-01)"};
  ASSERT_TRUE(register_model(*db, job, true).ok());
  RegisteredModel other = job;
  other.model_id = "engagement_rate@ridge-1";
  other.owner = kOwnerRetrain;
  other.active_reason = "promoted";
  const Status refused = register_model(*db, other, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("model name 'engagement_rate' (tenant 'default') is written by learn, not "
                                         "retrain"),
            std::string::npos)
      << refused.error().message;
  const RegisteredModel serving = latest_model(*db, "engagement_rate").value();
  EXPECT_EQ(serving.model_id, job.model_id);
  EXPECT_EQ(serving.owner, "learn");
  EXPECT_EQ(serving.active_reason, "newest daily fit (learn 2026-03-01)");
  // check_and_retrain does not write a name the daily job owns: it says so, and the job's model keeps serving.
  add_predictions(*db, 80, 0.05, 0.003, "2026-03-09", 0, 8);
  ASSERT_TRUE(run_statement(*db, "UPDATE prediction_records SET model_name = 'engagement_rate'").ok());
  RetrainOptions o;
  o.model_name = "engagement_rate";
  o.now = "2026-03-10T02:00:00Z";
  const nlohmann::ordered_json r = check_and_retrain(*db, o).value();
  EXPECT_EQ(r["status"], "error");
  EXPECT_NE(r["message"].get<std::string>().find("is trained daily by learn"), std::string::npos) << r.dump();
  EXPECT_EQ(latest_model(*db, "engagement_rate").value().model_id, job.model_id);
  // A newer activation moves the reason with the active flag.
  RegisteredModel next = job;
  next.model_id = "engagement_rate@2026-03-02";
  next.trained_for = "2026-03-02";
  next.active_reason = "newest daily fit (learn 2026-03-02)";
  ASSERT_TRUE(register_model(*db, next, true).ok());
  EXPECT_EQ(latest_model(*db, "engagement_rate").value().active_reason, "newest daily fit (learn 2026-03-02)");
  EXPECT_EQ(list_models(*db, "engagement_rate").value()[1].active_reason, "");
}

TEST(CheckAndRetrain, DriftTriggersARetrainBeforeTheMaeThresholdIsReached) {
  auto db = fresh_db("drift");
  RetrainOptions o;
  o.now = "2026-03-10T02:00:00Z";
  add_predictions(*db, 200, 0.0, 0.001, "2026-03-09", 0, 5);
  ASSERT_EQ(check_and_retrain(*db, o).value()["status"], "retrained");  // first model
  // The drift test runs over the current model's predictions (made since it was trained): good at first, then the
  // errors rise to 0.015, still under 0.02 on average.
  add_predictions(*db, 100, 0.0, 0.001, "2026-03-10", 300, 6);
  add_predictions(*db, 60, 0.015, 0.001, "2026-03-11", 500, 7);
  o.now = "2026-03-12T02:00:00Z";
  nlohmann::ordered_json r = check_and_retrain(*db, o).value();
  ASSERT_EQ(r["status"], "retrained") << r.dump();
  EXPECT_EQ(r["trigger"], "drift");
  EXPECT_LE(r["current_accuracy"]["ctr_mae"].get<double>(), 0.02);
  EXPECT_EQ(r["drift"]["detected"], true);
  EXPECT_EQ(r["drift"]["samples"], 160);
  EXPECT_EQ(r["drift"]["since"], "2026-03-10T02:00:00Z");

  // After the retrain the test starts over: quiet days with good predictions retrain nothing, although the window
  // still holds the drifted errors of 2026-03-11.
  for (int day = 12; day <= 14; ++day) {
    add_predictions(*db, 50, 0.0, 0.001, "2026-03-" + std::to_string(day), 1000 + 100 * day,
                    static_cast<std::uint64_t>(day));
    o.now = "2026-03-" + std::to_string(day + 1) + "T02:00:00Z";
    r = check_and_retrain(*db, o).value();
    ASSERT_EQ(r["status"], "no_retrain_needed") << o.now << ": " << r.dump();
    EXPECT_EQ(r["drift"]["detected"], false);
    EXPECT_EQ(r["drift"]["since"], "2026-03-12T02:00:00Z");
    EXPECT_EQ(r["drift"]["samples"], 50 * (day - 11));
  }
  // The old rule (every completed prediction ever) still finds the rise of 2026-03-11 in the same errors.
  const auto errors =
      query_rows(*db, "SELECT ctr_error FROM prediction_records ORDER BY completed_at, prediction_id").value();
  std::vector<double> all;
  for (const auto& row : errors) all.push_back(sql_number(row[0]));
  PageHinkleyOptions ph;
  ph.scale = 0.02;
  EXPECT_TRUE(page_hinkley(all, ph).detected);
}

TEST(CheckAndRetrain, RefitsAGradientBoostedCurrentModelWithItsOwnSettings) {
  auto db = fresh_db("retrain-gbdt");
  add_predictions(*db, 200, 0.05, 0.002, "2026-03-09", 0, 7);
  // The current model: a small GBDT regressor on the same features.
  CsvTable rows;
  rows.header = {"quality", "actual_ctr"};
  Rng rng(8);
  for (int i = 0; i < 100; ++i) {
    const double q = rng.uniform();
    rows.rows.push_back({std::to_string(q), std::to_string(0.02 + 0.04 * q)});
    rows.line_numbers.push_back(static_cast<std::size_t>(i) + 2);
  }
  FeatureSpec spec;
  spec.columns.assign(1, FeatureColumn{});
  spec.columns[0].name = "quality";
  GbdtOptions options;
  options.n_estimators = 20;
  options.max_depth = 3;
  GbdtRowsOptions split;
  split.test_fraction = 0;
  Result<GbdtModel> current = fit_gbdt_rows("gbdt-regressor", spec, rows, "actual_ctr", options, split);
  ASSERT_TRUE(current.ok()) << current.error().message;
  ASSERT_TRUE(register_model(*db,
                             {"ctr@gbdt0", "ctr", "default", "gbdt-regressor", "2026-03-01", "", 100, nullptr,
                              gbdt_to_json(current.value()), false, "", ""},
                             true)
                  .ok());
  RetrainOptions o;
  o.now = "2026-03-10T02:00:00Z";
  nlohmann::ordered_json r = check_and_retrain(*db, o).value();
  ASSERT_EQ(r["status"], "retrained") << r.dump();
  EXPECT_EQ(r["kind"], "gbdt-regressor");
  EXPECT_EQ(r["trigger"], "accuracy");
  ASSERT_TRUE(r["old_metrics"].is_object());
  Result<RegisteredModel> stored = list_models(*db, "ctr").value().front();
  EXPECT_EQ(nlohmann::json::parse(stored.value().document)["params"]["n_estimators"], 20);
}

}  // namespace
}  // namespace learnloop
