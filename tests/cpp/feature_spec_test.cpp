// Feature specs: one-hot with unseen categories, cyclic hours, scaling, missing-value policies,
// errors that name the line and column, the JSON round trip, and fitting on raw rows.
#include <gtest/gtest.h>

#include <cmath>

#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/fit_rows.hpp"
#include "learnloop/predictors/linear_presets.hpp"

namespace learnloop {
namespace {

CsvTable rows_of(const std::string& csv) { return parse_csv(csv).value(); }

FeatureSpec spec_of(const std::string& json) { return feature_spec_from_json(nlohmann::json::parse(json)).value(); }

TEST(FeatureSpec, OneHotCyclicHourAndScaling) {
  const CsvTable train = rows_of("q,type,hour\n1,video,0\n3,thread,6\n");
  const FeatureSpec spec = learn_feature_spec(spec_of(R"({"columns":[{"name":"q","scale":true},
      {"name":"type","kind":"one_hot"},{"name":"hour","kind":"cyclic_hour"}]})"),
                                              train)
                               .value();
  EXPECT_EQ(spec.columns[1].categories, (std::vector<std::string>{"thread", "video"}));
  EXPECT_DOUBLE_EQ(spec.columns[0].mean, 2.0);
  EXPECT_DOUBLE_EQ(spec.columns[0].std, 1.0);
  const Dataset x = apply_feature_spec(spec, rows_of("q,type,hour\n4,poll,18\n")).value();
  EXPECT_EQ(x.names, (std::vector<std::string>{"q", "type=thread", "type=video", "hour_sin", "hour_cos"}));
  EXPECT_DOUBLE_EQ(x.at(0, 0), 2.0);  // (4 - 2) / 1
  EXPECT_EQ(x.at(0, 1), 0.0);         // an unseen category gives all zeros
  EXPECT_EQ(x.at(0, 2), 0.0);
  EXPECT_NEAR(x.at(0, 3), -1.0, 1e-15);  // sin(2 pi 18 / 24)
  EXPECT_NEAR(x.at(0, 4), 0.0, 1e-15);
  const Dataset wrapped = apply_feature_spec(spec, rows_of("q,type,hour\n4,poll,42\n")).value();
  EXPECT_EQ(wrapped.at(0, 3), x.at(0, 3));  // 42 h is 18 h
}

TEST(FeatureSpec, MissingValuesFollowThePolicy) {
  const CsvTable train = rows_of("q,type\n1,a\n,b\n3,a\n");
  EXPECT_EQ(learn_feature_spec(spec_of(R"({"columns":["q"]})"), train).error().message,
            "line 3: column 'q' is missing; fill it, or set the spec's \"missing\" to \"mean\" or \"zero\"");
  const FeatureSpec mean = learn_feature_spec(spec_of(R"({"columns":["q"],"missing":"mean"})"), train).value();
  EXPECT_EQ(apply_feature_spec(mean, train).value().at(1, 0), 2.0);
  const FeatureSpec zero = learn_feature_spec(spec_of(R"({"columns":["q"],"missing":"zero"})"), train).value();
  EXPECT_EQ(apply_feature_spec(zero, train).value().at(1, 0), 0.0);
}

TEST(FeatureSpec, BadSpecsAndDataSayWhatIsWrong) {
  EXPECT_FALSE(feature_spec_from_json(nlohmann::json::parse(R"({"columns":[]})")).ok());
  EXPECT_NE(feature_spec_from_json(nlohmann::json::parse(R"({"columns":[{"name":"h","kind":"hourly"}]})"))
                .error()
                .message.find("expected \"numeric\", \"one_hot\" or \"cyclic_hour\""),
            std::string::npos);
  EXPECT_FALSE(feature_spec_from_json(nlohmann::json::parse(R"({"columns":["a","a"]})")).ok());
  EXPECT_FALSE(feature_spec_from_json(nlohmann::json::parse(R"({"columns":["a"],"missing":"drop"})")).ok());
  const CsvTable text = rows_of("q\nhigh\n");
  EXPECT_EQ(learn_feature_spec(spec_of(R"({"columns":["q"]})"), text).error().message,
            "line 2: column 'q' has 'high'; expected a number");
  EXPECT_EQ(learn_feature_spec(spec_of(R"({"columns":["z"]})"), text).error().code, ErrorCode::kNotFound);
  EXPECT_NE(learn_feature_spec(spec_of(R"({"columns":[{"name":"q","scale":true}]})"), rows_of("q\n2\n2\n"))
                .error()
                .message.find("constant"),
            std::string::npos);
  EXPECT_FALSE(apply_feature_spec(spec_of(R"({"columns":["q"]})"), text).ok());  // not fitted
}

TEST(FeatureSpec, RecordsAndRoundTrip) {
  const CsvTable records = records_from_json(R"([{"q":1,"type":"a","ok":true},{"q":null,"type":"b"}])").value();
  EXPECT_EQ(records.header, (std::vector<std::string>{"ok", "q", "type"}));
  EXPECT_EQ(records.rows[0], (std::vector<std::string>{"1", "1", "a"}));
  EXPECT_EQ(records.rows[1], (std::vector<std::string>{"", "", "b"}));
  EXPECT_EQ(records.where(1), "record 2");
  EXPECT_FALSE(records_from_json("[1]").ok());
  const FeatureSpec fitted =
      learn_feature_spec(spec_of(R"({"columns":[{"name":"type","kind":"one_hot"}]})"), records).value();
  const FeatureSpec again = feature_spec_from_json(nlohmann::json::parse(feature_spec_to_json(fitted).dump())).value();
  EXPECT_TRUE(again.fitted);
  EXPECT_EQ(again.columns[0].categories, fitted.columns[0].categories);
}

TEST(FitRows, ModelKeepsItsSpecAndPredictsRawRows) {
  std::string csv = "quality,type,hour,er\n";
  for (int i = 0; i < 60; ++i) {
    const double q = (i % 10) / 10.0;
    const char* type = i % 3 == 0 ? "video" : "thread";
    const double er = 0.01 + 0.02 * q + (i % 3 == 0 ? 0.01 : 0.0);
    csv += std::to_string(q) + "," + type + "," + std::to_string(i % 24) + "," + std::to_string(er) + "\n";
  }
  const CsvTable rows = rows_of(csv);
  const FeatureSpec spec =
      spec_of(R"({"columns":["quality",{"name":"type","kind":"one_hot"},{"name":"hour","kind":"cyclic_hour"}]})");
  const LinearModel model = fit_linear_rows("ridge", spec, rows, "er", 1e-6).value();
  EXPECT_NEAR(model.coefficients[0], 0.02, 1e-4);
  const auto restored = model_from_json(model_to_json(model)).value();
  const auto predictions =
      restored.predict(model_inputs(restored, rows_of("quality,type,hour\n0.5,video,3\n")).value()).value();
  EXPECT_NEAR(predictions[0], 0.01 + 0.01 + 0.01, 1e-3);
  EXPECT_NE(model_content_id(model), model_content_id(fit_linear_rows("ridge", spec, rows, "er", 1.0).value()));
}

}  // namespace
}  // namespace learnloop

namespace learnloop {
namespace {

// A table from rows of text cells.
CsvTable preset_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  CsvTable t;
  t.header = header;
  t.rows = rows;
  for (std::size_t i = 0; i < rows.size(); ++i) t.line_numbers.push_back(i + 2);
  return t;
}

TEST(FeatureSpecSource, OneRawColumnFeedsTwoFeaturesAndDivideByScalesFirst) {
  FeatureSpec spec;
  FeatureColumn slot;
  slot.name = "timing_slot";
  FeatureColumn hour;
  hour.name = "hour";
  hour.kind = "cyclic_hour";
  hour.source = "timing_slot";
  FeatureColumn viral;
  viral.name = "viral_indicators";
  viral.source = "viral_score";
  viral.divide_by = 100;
  spec.columns = {slot, hour, viral};
  const CsvTable rows = preset_table({"timing_slot", "viral_score"}, {{"6", "50"}, {"18", "80"}});
  Result<FeatureSpec> fitted = learn_feature_spec(spec, rows);
  ASSERT_TRUE(fitted.ok()) << fitted.error().message;
  EXPECT_DOUBLE_EQ(fitted.value().columns[2].mean, 0.65);
  Result<Dataset> x = apply_feature_spec(fitted.value(), rows);
  ASSERT_TRUE(x.ok()) << x.error().message;
  EXPECT_EQ(x.value().names, (std::vector<std::string>{"timing_slot", "hour_sin", "hour_cos", "viral_indicators"}));
  EXPECT_DOUBLE_EQ(x.value().at(0, 0), 6);
  EXPECT_NEAR(x.value().at(0, 1), 1.0, 1e-15);  // sin(2 pi 6 / 24)
  EXPECT_DOUBLE_EQ(x.value().at(1, 3), 0.8);
  // Round trip through JSON keeps source and divide_by.
  Result<FeatureSpec> again =
      feature_spec_from_json(nlohmann::json::parse(feature_spec_to_json(fitted.value()).dump()));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().columns[1].raw_column(), "timing_slot");
  EXPECT_EQ(again.value().columns[2].divide_by, 100);
  EXPECT_FALSE(feature_spec_from_json(nlohmann::json::parse(R"({"columns":[{"name":"a","divide_by":0}]})")).ok());
  EXPECT_FALSE(
      feature_spec_from_json(nlohmann::json::parse(R"({"columns":[{"name":"a","kind":"one_hot","divide_by":2}]})"))
          .ok());
}

TEST(LinearPresets, HaveTheSpecsFeatureSetsAndKinds) {
  EXPECT_EQ(linear_preset_kind("engagement_rate").value(), "ridge");
  EXPECT_EQ(linear_preset_kind("follow_through").value(), "logistic");
  EXPECT_FALSE(linear_preset_kind("ctr").ok());
  const CsvTable rows = preset_table({"quality_score", "content_type", "timing_slot", "length_medium", "er"},
                                     {{"0.8", "educational", "14", "1", "0.05"},
                                      {"0.5", "factual", "9", "0", "0.02"},
                                      {"0.6", "educational", "20", "0", "0.03"}});
  Result<FeatureSpec> fitted = learn_feature_spec(linear_preset_spec("engagement_rate").value(), rows);
  ASSERT_TRUE(fitted.ok());
  EXPECT_EQ(apply_feature_spec(fitted.value(), rows).value().names,
            (std::vector<std::string>{"quality_score", "content_type=educational", "content_type=factual",
                                      "timing_slot", "length_medium", "hour_sin", "hour_cos"}));
  const FeatureSpec follow = linear_preset_spec("follow_through").value();
  EXPECT_EQ(follow.columns[2].name, "viral_indicators");
  EXPECT_EQ(follow.columns[2].raw_column(), "viral_score");
}

}  // namespace
}  // namespace learnloop
