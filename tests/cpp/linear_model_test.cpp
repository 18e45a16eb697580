// Ridge and logistic regression against scikit-learn (tests/golden/predictors/, written by
// generate_sklearn.py): coefficients, intercept, metrics and probabilities; plus bad input and the
// model document round trip.
#include <gtest/gtest.h>

#include <cmath>

#include "golden.hpp"
#include "learnloop/predictors/linear_model.hpp"

namespace learnloop {
namespace {

Dataset dataset_of(const nlohmann::json& c) {
  auto made = make_dataset(c["rows"], c["cols"], c["x"].get<std::vector<double>>());
  EXPECT_TRUE(made.ok());
  return std::move(made).value();
}

void expect_close(double got, double want, double tol, const std::string& what) {
  EXPECT_TRUE(testing::close(got, want, tol)) << what << ": " << got << " vs " << want;
}

TEST(Ridge, MatchesScikitLearn) {
  const auto golden = testing::load_golden("predictors/ridge_sklearn.json");
  const double tol = golden["tolerance"];
  for (const auto& c : golden["cases"]) {
    auto model = fit_ridge(dataset_of(c), c["y"].get<std::vector<double>>(), {c["alpha"].get<double>()});
    ASSERT_TRUE(model.ok()) << model.error().message;
    const auto want = c["coefficients"].get<std::vector<double>>();
    for (std::size_t i = 0; i < want.size(); ++i)
      expect_close(model.value().coefficients[i], want[i], tol, "coefficient");
    expect_close(model.value().intercept, c["intercept"], tol, "intercept");
    for (const char* m : {"mse", "rmse", "mae", "r2"})
      expect_close(model.value().metrics["train"][m], c["metrics"][m], tol, m);
  }
}

TEST(Logistic, MatchesScikitLearn) {
  const auto golden = testing::load_golden("predictors/logistic_sklearn.json");
  const double tol = golden["tolerance"];
  for (const auto& c : golden["cases"]) {
    const Dataset x = dataset_of(c);
    auto model = fit_logistic(x, c["y"].get<std::vector<double>>(), {c["C"].get<double>(), 100, 1e-10});
    ASSERT_TRUE(model.ok()) << model.error().message;
    const auto want = c["coefficients"].get<std::vector<double>>();
    for (std::size_t i = 0; i < want.size(); ++i)
      expect_close(model.value().coefficients[i], want[i], tol, "coefficient");
    expect_close(model.value().intercept, c["intercept"], tol, "intercept");
    const auto probs = model.value().predict(x).value();
    const auto want_probs = c["probabilities"].get<std::vector<double>>();
    for (std::size_t i = 0; i < probs.size(); ++i) expect_close(probs[i], want_probs[i], tol, "probability");
    for (const char* m : {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"})
      expect_close(model.value().metrics["train"][m], c["metrics"][m], tol, m);
    EXPECT_LT(model.value().iterations, 50u);
  }
}

TEST(LinearModels, BadInputNamesTheColumnOrTheProblem) {
  auto data = make_dataset(3, 2, {1, 2, 3, 4, 5, 6}, {"quality", "hour"}).value();
  EXPECT_EQ(make_dataset(2, 2, {1, 2, std::nan(""), 4}, {"quality", "hour"}).error().message,
            "feature 'quality' is nan in row 2; expected a finite number");
  EXPECT_EQ(make_dataset(2, 2, {1, 2, 3}).error().message, "features hold 3 numbers; expected rows x cols = 2 x 2 = 4");
  EXPECT_EQ(fit_ridge(data, {1, 2, INFINITY}, {}).error().message,
            "target 'target' is inf in row 3; expected a finite number");
  auto constant = make_dataset(3, 2, {1, 7, 2, 7, 3, 7}, {"quality", "hour"}).value();
  EXPECT_EQ(fit_ridge(constant, {1, 2, 3}, {}).error().message,
            "feature 'hour' is constant (7 in every row); it carries no information: drop it");
  auto wide = make_dataset(2, 3, {1, 2, 3, 4, 5, 7}).value();
  EXPECT_NE(fit_ridge(wide, {1, 2}, {}).error().message.find("2 rows for 3 features"), std::string::npos);
  EXPECT_EQ(fit_logistic(data, {1, 1, 1}, {}).error().message,
            "the target has a single class (every row is 1); a classifier needs both 0 and 1");
  EXPECT_NE(fit_logistic(data, {0, 2, 1}, {}).error().message.find("expects 0 or 1"), std::string::npos);
  EXPECT_FALSE(fit_ridge(data, {1, 2, 3}, {-1}).ok());
  EXPECT_FALSE(fit_logistic(data, {0, 1, 1}, {0}).ok());
  auto collinear = make_dataset(3, 2, {1, 2, 2, 4, 3, 6}).value();
  EXPECT_NE(fit_ridge(collinear, {1, 2, 3}, {0}).error().message.find("collinear"), std::string::npos);
  auto model = fit_ridge(data, {1, 2, 4}, {}).value();
  EXPECT_EQ(model.predict(make_dataset(1, 3, {1, 2, 3}).value()).error().message,
            "the data has 3 feature columns; the ridge model expects 2");
}

TEST(LinearModels, DocumentRoundTripPredictsIdentically) {
  const auto golden = testing::load_golden("predictors/logistic_sklearn.json");
  const auto& c = golden["cases"][0];
  const Dataset x = dataset_of(c);
  const LinearModel model = fit_logistic(x, c["y"].get<std::vector<double>>(), {}).value();
  const std::string doc = model_to_json(model);
  EXPECT_EQ(doc.rfind(R"({"format":"learnloop.model","format_version":1,"kind":"logistic","version":"logistic-)", 0),
            0u);
  auto restored = model_from_json(doc);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored.value().predict(x).value(), model.predict(x).value());
  EXPECT_EQ(model_to_json(restored.value()), doc);
  std::string newer = doc;
  newer.replace(newer.find("\"format_version\":1"), 18, "\"format_version\":2");
  EXPECT_EQ(model_from_json(newer).error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_EQ(model_from_json("{").error().code, ErrorCode::kParseError);
}

}  // namespace
}  // namespace learnloop
