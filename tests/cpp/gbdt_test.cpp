// Gradient-boosted trees against XGBoost's hist (tests/golden/predictors/gbdt_xgboost.json, written
// by generate_xgboost.py): test RMSE within 5% and AUC within 0.01 of XGBoost's with the same params;
// importance ranks the informative features first; early stopping keeps the best round; the same
// seed gives the same model; a natively fitted model document (gbdt_native.json) predicts bit-identically;
// bad input fails with a message naming the problem; presets give the spec's fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "golden.hpp"
#include "learnloop/predictors/cross_validation.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/gbdt_presets.hpp"
#include "learnloop/predictors/gbdt_rows.hpp"
#include "learnloop/predictors/metrics.hpp"
#include "learnloop/predictors/model_document.hpp"

namespace learnloop {
namespace {

struct Case {
  Dataset train;
  std::vector<double> y_train;
  Dataset test;
  std::vector<double> y_test;
};

Case case_of(const nlohmann::json& c) {
  Case out;
  out.train = make_dataset(c["train_rows"], c["cols"], c["x_train"].get<std::vector<double>>()).value();
  out.test = make_dataset(c["test_rows"], c["cols"], c["x_test"].get<std::vector<double>>()).value();
  out.y_train = c["y_train"].get<std::vector<double>>();
  out.y_test = c["y_test"].get<std::vector<double>>();
  return out;
}

GbdtOptions golden_options(const nlohmann::json& p) { return gbdt_options_from_json(p).value(); }

TEST(Gbdt, MatchesXGBoostHistQuality) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  for (const auto& c : golden["cases"]) {
    const Case data = case_of(c);
    Result<GbdtModel> model = fit_gbdt(c["kind"], data.train, data.y_train, golden_options(golden["params"]));
    ASSERT_TRUE(model.ok()) << model.error().message;
    const std::vector<double> p = model.value().predict(data.test).value();
    if (c["kind"] == "gbdt-regressor") {
      const double rmse = regression_metrics(data.y_test, p).rmse;
      const double peer = c["xgboost"]["rmse"];
      EXPECT_LE(std::abs(rmse - peer) / peer, golden["tolerance"]["rmse_relative"].get<double>())
          << rmse << " vs xgboost " << peer;
    } else {
      const double auc = classification_metrics(data.y_test, p).roc_auc;
      const double peer = c["xgboost"]["roc_auc"];
      EXPECT_LE(std::abs(auc - peer), golden["tolerance"]["auc_absolute"].get<double>())
          << auc << " vs xgboost " << peer;
    }
    // Gain importance: every informative feature outranks every noise feature.
    const std::vector<double>& imp = model.value().importance;
    const std::size_t informative = c["informative"];
    const double weakest_informative =
        *std::min_element(imp.begin(), imp.begin() + static_cast<std::ptrdiff_t>(informative));
    const double strongest_noise = *std::max_element(imp.begin() + static_cast<std::ptrdiff_t>(informative), imp.end());
    EXPECT_GT(weakest_informative, strongest_noise) << c["kind"];
    double total = 0;
    for (double v : imp) total += v;
    EXPECT_NEAR(total, 1.0, 1e-12);
  }
}

TEST(Gbdt, EarlyStoppingKeepsTheBestRound) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  const Case data = case_of(golden["cases"][0]);
  GbdtOptions o;
  o.n_estimators = 400;
  o.learning_rate = 0.5;  // overfits quickly, so validation RMSE turns up
  o.max_depth = 6;
  o.early_stopping_rounds = 10;
  GbdtValidation validation{data.test, data.y_test};
  Result<GbdtModel> stopped = fit_gbdt("gbdt-regressor", data.train, data.y_train, o, &validation);
  ASSERT_TRUE(stopped.ok()) << stopped.error().message;
  const std::size_t kept = stopped.value().trees.size();
  EXPECT_LT(kept, 390u);
  EXPECT_EQ(stopped.value().best_iteration, kept - 1);
  // The kept round is the validation optimum of the full run, and the 10 rounds after it are no better.
  o.early_stopping_rounds = 0;
  o.n_estimators = static_cast<int>(kept) + 10;
  GbdtModel full = fit_gbdt("gbdt-regressor", data.train, data.y_train, o).value();
  double best = 1e300;
  std::size_t best_round = 0;
  for (std::size_t t = 1; t <= full.trees.size(); ++t) {
    GbdtModel prefix = full;
    prefix.trees.resize(t);
    const double rmse = regression_metrics(data.y_test, prefix.predict(data.test).value()).rmse;
    if (rmse < best) {
      best = rmse;
      best_round = t;
    }
  }
  EXPECT_EQ(best_round, kept);
  EXPECT_EQ(stopped.value().predict(data.test).value(), [&] {
    GbdtModel p = full;
    p.trees.resize(kept);
    return p.predict(data.test).value();
  }());
  o.early_stopping_rounds = 5;
  EXPECT_FALSE(fit_gbdt("gbdt-regressor", data.train, data.y_train, o).ok())
      << "early stopping without validation rows";
}

TEST(Gbdt, SeededSamplingIsDeterministicAndSeedMatters) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  const Case data = case_of(golden["cases"][1]);
  GbdtOptions o;
  o.n_estimators = 30;
  o.subsample = 0.7;
  o.colsample = 0.5;
  o.seed = 5;
  const std::string a = gbdt_to_json(fit_gbdt("gbdt-classifier", data.train, data.y_train, o).value());
  const std::string b = gbdt_to_json(fit_gbdt("gbdt-classifier", data.train, data.y_train, o).value());
  EXPECT_EQ(a, b);
  o.seed = 6;
  EXPECT_NE(a, gbdt_to_json(fit_gbdt("gbdt-classifier", data.train, data.y_train, o).value()));
}

TEST(Gbdt, NativeModelGoldenPredictsBitIdentically) {
  const auto golden = testing::load_golden("predictors/gbdt_native.json");
  for (const auto& c : golden["cases"]) {
    const std::string document = c["model"].dump();
    const Dataset x = make_dataset(c["rows"], c["cols"], c["x"].get<std::vector<double>>()).value();
    const std::vector<double> want = c["predictions"].get<std::vector<double>>();
    Result<std::vector<double>> got = predict_document_matrix(document, x);
    ASSERT_TRUE(got.ok()) << got.error().message;
    for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got.value()[i], want[i]) << "row " << i;
    // Refitting with the stored params gives the same trees (the fit itself is reproducible).
    Result<GbdtModel> refit = fit_gbdt(c["model"]["kind"], x, c["y"].get<std::vector<double>>(),
                                       gbdt_options_from_json(c["model"]["params"]).value());
    ASSERT_TRUE(refit.ok());
    const GbdtModel stored = gbdt_from_json(document).value();
    ASSERT_EQ(refit.value().trees.size(), stored.trees.size());
    for (std::size_t t = 0; t < stored.trees.size(); ++t) {
      EXPECT_EQ(refit.value().trees[t].threshold, stored.trees[t].threshold) << "tree " << t;
      EXPECT_EQ(refit.value().trees[t].value, stored.trees[t].value) << "tree " << t;
    }
  }
}

TEST(Gbdt, DocumentRoundTripAndVersionCheck) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  const Case data = case_of(golden["cases"][0]);
  GbdtOptions o;
  o.n_estimators = 10;
  const GbdtModel model = fit_gbdt("gbdt-regressor", data.train, data.y_train, o).value();
  const std::string document = gbdt_to_json(model);
  Result<GbdtModel> back = gbdt_from_json(document);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(gbdt_to_json(back.value()), document);
  EXPECT_EQ(back.value().predict(data.test).value(), model.predict(data.test).value());
  auto doc = nlohmann::json::parse(document);
  doc["format_version"] = 2;
  Result<GbdtModel> future = gbdt_from_json(doc.dump());
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_FALSE(predict_document_matrix(doc.dump(), data.test).ok());
  doc = nlohmann::json::parse(document);
  doc["trees"][0]["left"][0] = 0;
  Result<GbdtModel> cyclic = gbdt_from_json(doc.dump());
  ASSERT_FALSE(cyclic.ok());
  EXPECT_NE(cyclic.error().message.find("tree 0 node 0 has child 0"), std::string::npos) << cyclic.error().message;
}

TEST(Gbdt, BadInputNamesTheProblem) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  const Case data = case_of(golden["cases"][0]);
  auto message = [](const auto& result) { return result.ok() ? std::string("ok") : result.error().message; };
  // NaN features are rejected when the dataset is made.
  EXPECT_FALSE(make_dataset(1, 2, {1.0, std::nan("")}).ok());
  std::vector<double> y = data.y_train;
  y[3] = std::nan("");
  EXPECT_NE(message(fit_gbdt("gbdt-regressor", data.train, y, {})).find("target"), std::string::npos);
  std::vector<double> ones(data.train.rows, 1.0);
  EXPECT_NE(message(fit_gbdt("gbdt-classifier", data.train, ones, {})).find("single class"), std::string::npos);
  std::vector<double> threes(data.train.rows, 3.0);
  EXPECT_NE(message(fit_gbdt("gbdt-classifier", data.train, threes, {})).find("expects 0 or 1"), std::string::npos);
  GbdtOptions bad;
  bad.learning_rate = 0;
  EXPECT_NE(message(fit_gbdt("gbdt-regressor", data.train, data.y_train, bad)).find("learning_rate is 0"),
            std::string::npos);
  EXPECT_NE(message(gbdt_options_from_json(nlohmann::json{{"depth", 3}})).find("unknown GBDT option \"depth\""),
            std::string::npos);
  GbdtOptions small;
  small.n_estimators = 3;
  const GbdtModel model = fit_gbdt("gbdt-regressor", data.train, data.y_train, small).value();
  const Dataset narrow = make_dataset(1, 3, {1, 2, 3}).value();
  EXPECT_NE(message(model.predict(narrow)).find("the data has 3 feature columns; the gbdt-regressor model expects 8"),
            std::string::npos);
}

CsvTable roas_table() {
  CsvTable t;
  t.header = {"historical_roas_7d",
              "historical_roas_30d",
              "spend_velocity",
              "ctr",
              "conversion_rate",
              "impressions_growth",
              "day_of_week",
              "audience_size",
              "creative_fatigue_score",
              "platform",
              "season",
              "roas"};
  for (int i = 0; i < 400; ++i) {
    const double r7 = 0.5 + (i * 37 % 100) / 25.0;
    const double r30 = 0.5 + (i * 53 % 100) / 25.0;
    const double ctr = 0.005 + (i * 11 % 50) / 1000.0;
    const double fatigue = (i * 29 % 100) / 100.0;
    const double roas = 0.6 * r7 + 0.3 * r30 + 20 * ctr - fatigue + ((i * 7919) % 101 - 50) / 200.0;
    t.rows.push_back({std::to_string(r7), std::to_string(r30), std::to_string(100 + i % 17), std::to_string(ctr),
                      std::to_string(0.01 + (i % 13) / 500.0), std::to_string((i % 9) / 10.0), std::to_string(i % 7),
                      std::to_string(1000 * (1 + i % 5)), std::to_string(fatigue),
                      i % 3 == 0 ? "meta" : (i % 3 == 1 ? "google" : "tiktok"), "Q" + std::to_string(1 + i % 4),
                      std::to_string(roas)});
    t.line_numbers.push_back(static_cast<std::size_t>(i) + 2);
  }
  return t;
}

TEST(GbdtPresets, RoasGivesP10P90TrendAndRecommendation) {
  const CsvTable rows = roas_table();
  GbdtRowsOptions split;
  split.preset = "roas";
  split.seed = 1;
  GbdtOptions o;
  o.n_estimators = 60;
  o.max_depth = 3;
  Result<GbdtModel> model =
      fit_gbdt_rows("gbdt-regressor", preset_feature_spec("roas").value(), rows, "roas", o, split);
  ASSERT_TRUE(model.ok()) << model.error().message;
  ASSERT_FALSE(model.value().quantiles.is_null());
  const double p10 = model.value().quantiles["p10"];
  const double p90 = model.value().quantiles["p90"];
  EXPECT_LT(p10, 0);
  EXPECT_GT(p90, 0);
  Result<nlohmann::ordered_json> report = prediction_report(gbdt_to_json(model.value()), rows);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto& results = report.value()["results"];
  ASSERT_EQ(results.size(), rows.rows.size());
  std::size_t inside = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    EXPECT_NEAR(r["confidence_lower"].get<double>(), r["predicted_roas"].get<double>() + p10, 1e-12);
    const double truth = std::stod(rows.rows[i].back());
    if (truth >= r["confidence_lower"].get<double>() && truth <= r["confidence_upper"].get<double>()) ++inside;
    const double r7 = std::stod(rows.rows[i][0]);
    const double r30 = std::stod(rows.rows[i][1]);
    EXPECT_EQ(r["trend"], roas_trend(r7, r30));
    EXPECT_TRUE(r["recommendation"].is_string() && !r["recommendation"].get<std::string>().empty());
  }
  // The P10..P90 band covers about 80% of rows (in-sample rows are covered more often).
  EXPECT_GT(static_cast<double>(inside) / static_cast<double>(rows.rows.size()), 0.7);
  EXPECT_EQ(roas_trend(1.2, 1.0), "improving");
  EXPECT_EQ(roas_trend(1.02, 1.0), "stable");
  EXPECT_EQ(roas_trend(0.9, 1.0), "declining");
  EXPECT_EQ(roas_recommendation(0.8, "improving"), "Reduce budget: predicted ROAS is below break-even (1.0)");
  EXPECT_EQ(roas_recommendation(3.5, "improving"), "Increase budget by 15%");
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.1), 1.3);  // numpy.percentile([1,2,3,4], 10)
}

// The golden regression case as raw rows (x0..x7, y), train or test part.
CsvTable table_of(const nlohmann::json& c, const std::string& part) {
  CsvTable t;
  const std::size_t cols = c["cols"];
  for (std::size_t j = 0; j < cols; ++j) t.header.push_back("x" + std::to_string(j));
  t.header.push_back("y");
  const auto x = c["x_" + part].get<std::vector<double>>();
  const auto y = c["y_" + part].get<std::vector<double>>();
  for (std::size_t r = 0; r < y.size(); ++r) {
    std::vector<std::string> row;
    for (std::size_t j = 0; j < cols; ++j) row.push_back(nlohmann::json(x[r * cols + j]).dump());
    row.push_back(nlohmann::json(y[r]).dump());
    t.rows.push_back(std::move(row));
    t.line_numbers.push_back(r + 2);
  }
  return t;
}

TEST(GbdtIntervals, ConformalAndP10P90CoverFreshRowsAsStated) {
  const auto golden = testing::load_golden("predictors/gbdt_xgboost.json");
  const auto& c = golden["cases"][0];
  const CsvTable train = table_of(c, "train");
  const CsvTable fresh = table_of(c, "test");
  FeatureSpec spec;
  for (std::size_t j = 0; j < 8; ++j) spec.columns.emplace_back().name = "x" + std::to_string(j);
  GbdtOptions o;
  o.n_estimators = 100;
  o.max_depth = 4;
  GbdtRowsOptions split;
  split.test_fraction = 0.3;  // 480 calibration rows
  split.coverage = 0.9;
  split.preset = "ctr";
  Result<GbdtModel> model = fit_gbdt_rows("gbdt-regressor", spec, train, "y", o, split);
  ASSERT_TRUE(model.ok()) << model.error().message;
  Result<nlohmann::ordered_json> report = prediction_report(gbdt_to_json(model.value()), fresh);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto y = c["y_test"].get<std::vector<double>>();
  const double p10 = model.value().quantiles["p10"];
  const double p90 = model.value().quantiles["p90"];
  std::size_t conformal = 0;
  std::size_t central = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double p = report.value()["predictions"][i];
    EXPECT_EQ(report.value()["results"][i]["predicted_ctr"].get<double>(), p);
    EXPECT_EQ(report.value()["results"][i]["lower"], report.value()["lower"][i]);
    if (y[i] >= report.value()["lower"][i].get<double>() && y[i] <= report.value()["upper"][i].get<double>())
      ++conformal;
    if (y[i] >= p + p10 && y[i] <= p + p90) ++central;
  }
  // 400 fresh rows: the binomial standard error is about 1.5% (90%) and 2% (80%); allow 3 of them.
  const double n = static_cast<double>(y.size());
  EXPECT_GE(conformal / n, 0.9 - 0.045) << "split-conformal coverage on fresh rows";
  EXPECT_NEAR(central / n, 0.8, 0.06) << "P10..P90 coverage on fresh rows";
}

TEST(CrossValidation, ScoresEveryFoldAndAveragesThem) {
  const CsvTable rows = roas_table();
  FeatureSpec spec;
  for (const char* name : {"historical_roas_7d", "historical_roas_30d", "ctr", "creative_fatigue_score"})
    spec.columns.emplace_back().name = name;
  CrossValidationOptions options;
  options.folds = 4;
  options.gbdt.n_estimators = 30;
  options.gbdt.max_depth = 3;
  for (const char* kind : {"ridge", "gbdt-regressor"}) {
    Result<nlohmann::ordered_json> report = cross_validate(kind, spec, rows, "roas", options);
    ASSERT_TRUE(report.ok()) << report.error().message;
    const auto& folds = report.value()["fold_metrics"];
    ASSERT_EQ(folds.size(), 4u);
    double sum = 0;
    std::size_t samples = 0;
    for (const auto& f : folds) {
      sum += f["rmse"].get<double>();
      samples += f["samples"].get<std::size_t>();
    }
    EXPECT_EQ(samples, rows.rows.size()) << "every row is scored once";
    EXPECT_NEAR(report.value()["mean"]["rmse"].get<double>(), sum / 4, 1e-12);
    EXPECT_GT(report.value()["mean"]["r2"].get<double>(), 0.5) << kind;
  }
  Result<nlohmann::ordered_json> bad = cross_validate("forest", spec, rows, "roas", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("expected ridge, logistic, gbdt-regressor or gbdt-classifier"), std::string::npos);
  options.folds = 1;
  EXPECT_FALSE(cross_validate("ridge", spec, rows, "roas", options).ok());
}

TEST(GbdtPresets, ConversionGivesProbabilityConfidenceAndTopFactors) {
  CsvTable t;
  t.header = {"session_duration",   "pages_viewed", "cart_value",     "items_in_cart", "time_since_last_visit",
              "previous_purchases", "device_type",  "traffic_source", "user_segment",  "converted"};
  for (int i = 0; i < 500; ++i) {
    const double cart = (i * 37 % 200);
    const int purchases = i * 13 % 6;
    const int converted = cart + 30 * purchases + (i * 7919 % 97) > 220 ? 1 : 0;
    t.rows.push_back({std::to_string(i * 17 % 600), std::to_string(1 + i % 12), std::to_string(cart),
                      std::to_string(i % 5), std::to_string(i * 3 % 30), std::to_string(purchases),
                      i % 2 ? "mobile" : "desktop", i % 3 ? "organic" : "paid", i % 4 ? "returning" : "new",
                      std::to_string(converted)});
    t.line_numbers.push_back(static_cast<std::size_t>(i) + 2);
  }
  GbdtRowsOptions split;
  split.preset = "conversion";
  GbdtOptions o;
  o.n_estimators = 40;
  o.max_depth = 3;
  Result<GbdtModel> model =
      fit_gbdt_rows("gbdt-classifier", preset_feature_spec("conversion").value(), t, "converted", o, split);
  ASSERT_TRUE(model.ok()) << model.error().message;
  Result<nlohmann::ordered_json> report = prediction_report(gbdt_to_json(model.value()), t);
  ASSERT_TRUE(report.ok()) << report.error().message;
  const auto& first = report.value()["results"][0];
  const double p = first["conversion_probability"];
  EXPECT_DOUBLE_EQ(first["confidence"].get<double>(), std::max(p, 1 - p));
  ASSERT_EQ(first["top_factors"].size(), 3u);
  EXPECT_EQ(first["top_factors"][0]["factor"], "cart_value");
  EXPECT_GE(first["top_factors"][0]["impact"].get<double>(), first["top_factors"][1]["impact"].get<double>());
  EXPECT_FALSE(preset_feature_spec("ctr").ok());
}

}  // namespace
}  // namespace learnloop
