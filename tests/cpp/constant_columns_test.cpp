// Constant columns (issue 18 item 1): a fit leaves them out and records them as dropped, predict
// ignores them, old model documents still load; a learning run whose model still cannot be fitted
// says "partial" with the reason, and the CLI exits 3.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/file_host.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/pipelines/learn_records.hpp"
#include "learnloop/predictors/constant_columns.hpp"
#include "learnloop/predictors/fit_rows.hpp"

namespace learnloop {
namespace {

nlohmann::json golden_records() {
  std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/store/records.jsonl");
  nlohmann::json rows = nlohmann::json::array();
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  }
  return rows;
}

// The golden records with `field` set to `value` on every record.
nlohmann::json with_field(nlohmann::json records, const char* field, const nlohmann::json& value) {
  for (auto& r : records) r[field] = value;
  return records;
}

RecordsLearnRequest request_for(nlohmann::json records) {
  RecordsLearnRequest request;
  request.records = std::move(records);
  request.today = "2026-11-23";
  request.window_days = 30;
  return request;
}

TEST(ConstantColumns, AreLeftOutOfTheFitAndRecordedAsDropped) {
  const Dataset x =
      make_dataset(4, 3, {1, 7, 0.5, 2, 7, 0.1, 3, 7, 0.9, 5, 7, 0.3}, {"q", "platform=tiktok", "z"}).value();
  const std::vector<double> y = {1, 2, 3, 5.5};
  ASSERT_EQ(constant_columns(x), (std::vector<std::size_t>{1}));
  Result<LinearModel> fitted = fit_linear_matrix("ridge", x, y, 1.0);
  ASSERT_TRUE(fitted.ok()) << fitted.error().message;
  const LinearModel& model = fitted.value();
  EXPECT_EQ(model.features, x.names);
  EXPECT_EQ(model.dropped, (std::vector<std::string>{"platform=tiktok"}));
  EXPECT_EQ(model.coefficients[1], 0.0);
  // The same coefficients and intercept as a fit on the varying columns alone.
  const Dataset kept = make_dataset(4, 2, {1, 0.5, 2, 0.1, 3, 0.9, 5, 0.3}, {"q", "z"}).value();
  const LinearModel reference = fit_ridge(kept, y, {1.0}).value();
  EXPECT_EQ(model.coefficients[0], reference.coefficients[0]);
  EXPECT_EQ(model.coefficients[2], reference.coefficients[1]);
  EXPECT_EQ(model.intercept, reference.intercept);
  // The document records the drop, round-trips, and predict ignores whatever the dropped column holds now.
  const std::string document = model_to_json(model);
  EXPECT_NE(document.find("\"dropped\":[\"platform=tiktok\"]"), std::string::npos);
  const LinearModel loaded = model_from_json(document).value();
  EXPECT_EQ(model_to_json(loaded), document);
  const Dataset now = make_dataset(1, 3, {2, 1000, 0.4}, x.names).value();
  const Dataset now_kept = make_dataset(1, 2, {2, 0.4}, kept.names).value();
  EXPECT_EQ(loaded.predict(now).value(), reference.predict(now_kept).value());
  // A logistic fit drops the same way; a fit with nothing constant is the strict solver's, unchanged.
  EXPECT_EQ(fit_linear_matrix("logistic", x, {0, 1, 0, 1}, 1.0).value().dropped, model.dropped);
  EXPECT_EQ(model_to_json(fit_linear_matrix("ridge", kept, y, 1.0).value()), model_to_json(reference));
}

TEST(ConstantColumns, OldDocumentsLoadAndBadDroppedListsAreRefused) {
  const std::string old_document =
      R"({"format":"learnloop.model","format_version":1,"kind":"ridge","version":"ridge-0","features":["a","b"],)"
      R"("coefficients":[2,3],"intercept":1,"params":{"alpha":1},"metrics":{}})";
  const LinearModel old = model_from_json(old_document).value();
  EXPECT_TRUE(old.dropped.empty());
  EXPECT_EQ(old.predict(make_dataset(1, 2, {1, 1}).value()).value(), std::vector<double>{6});
  std::string bad = old_document;
  bad.insert(bad.size() - 1, R"(,"dropped":["c"])");
  EXPECT_EQ(model_from_json(bad).error().message, "model \"dropped\" names \"c\", which is not one of its features");
}

TEST(ConstantColumns, EveryColumnConstantIsAClearError) {
  const Dataset x = make_dataset(3, 2, {1, 7, 1, 7, 1, 7}, {"q", "hour"}).value();
  EXPECT_EQ(fit_linear_matrix("ridge", x, {1, 2, 3}, 1.0).error().message,
            "every feature is constant in the training rows ('q', 'hour'), so there is nothing to fit on; it needs "
            "rows where at least one feature varies");
}

TEST(ConstantColumns, AOnePlatformAccountGetsBothModels) {
  Result<nlohmann::ordered_json> run =
      learn_from_records(request_for(with_field(golden_records(), "platform", "tiktok")), nullptr);
  ASSERT_TRUE(run.ok()) << run.error().message;
  const auto& answer = run.value();
  EXPECT_EQ(answer["status"], "ok");
  EXPECT_TRUE(answer["problems"].empty());
  for (const char* name : {"engagement_rate", "follow_through"}) {
    EXPECT_EQ(answer["models"][name]["status"], "trained") << answer["models"][name].dump();
    EXPECT_EQ(answer["models"][name]["dropped"].dump(), R"(["platform=tiktok"])");
    const std::string document = answer["model_documents"][name].dump();
    EXPECT_NE(document.find("\"dropped\":[\"platform=tiktok\"]"), std::string::npos);
  }
  // One decision type too: both models still train.
  nlohmann::json single = with_field(with_field(golden_records(), "platform", "tiktok"), "decision_type", "single");
  Result<nlohmann::ordered_json> narrow = learn_from_records(request_for(single), nullptr);
  ASSERT_TRUE(narrow.ok()) << narrow.error().message;
  EXPECT_EQ(narrow.value()["status"], "ok");
  EXPECT_EQ(narrow.value()["models"]["engagement_rate"]["status"], "trained");
}

// Records where no feature varies: one platform, type, arm, quality and posting hour.
nlohmann::json unlearnable_records() {
  nlohmann::json records = golden_records();
  for (auto& r : records) {
    r["platform"] = "tiktok";
    r["decision_type"] = "single";
    r["bandit_arm"] = "meme_single";
    r["quality_score"] = 0.5;
    r["posted_at"] = r["posted_at"].get<std::string>().substr(0, 11) + "08:00:00Z";
  }
  return records;
}

TEST(ConstantColumns, ARunWhoseModelsCannotBeFittedIsPartialWithTheReason) {
  Result<nlohmann::ordered_json> run = learn_from_records(request_for(unlearnable_records()), nullptr);
  ASSERT_TRUE(run.ok()) << run.error().message;
  const auto& answer = run.value();
  EXPECT_EQ(answer["status"], "partial");
  ASSERT_EQ(answer["problems"].size(), 2u);
  EXPECT_EQ(answer["problems"][0]["part"], "models.engagement_rate");
  EXPECT_NE(answer["problems"][0]["reason"].get<std::string>().find("every feature is constant"), std::string::npos);
  EXPECT_EQ(answer["report"]["status"], "partial");
  EXPECT_EQ(answer["report"]["problems"], answer["problems"]);
}

TEST(ConstantColumns, TheCliExitsThreeOnAPartialRunAndZeroOtherwise) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-constant-columns";
  std::filesystem::create_directories(dir);
  const auto write_records = [&](const std::string& name, const nlohmann::json& records) {
    std::ofstream out(dir / name);
    for (const auto& r : records) out << r.dump() << "\n";
    return (dir / name).string();
  };
  native::FileHost host(stderr);
  const std::string bad = write_records("unlearnable.jsonl", unlearnable_records());
  for (const bool json : {true, false}) {
    std::vector<std::string> args = {"learn", "--records", bad, "--window", "30"};
    if (json) args.emplace_back("--json");
    CliOutput out = run_cli(args, host);
    EXPECT_EQ(out.exit_code, 3);
    EXPECT_EQ(out.exit_code, static_cast<int>(ExitCode::kPartial));
    EXPECT_NE(out.err.find("learnloop: warning: models.engagement_rate failed: every feature is constant"),
              std::string::npos)
        << out.err;
    if (json) {
      EXPECT_EQ(nlohmann::json::parse(out.out)["status"], "partial");
    } else {
      EXPECT_NE(out.out.find("partial: parts of this run failed"), std::string::npos) << out.out;
    }
  }
  const std::string good = write_records("one-platform.jsonl", with_field(golden_records(), "platform", "tiktok"));
  CliOutput ok = run_cli({"learn", "--records", good, "--window", "30", "--json"}, host);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err, "");
  EXPECT_NE(run_cli({"--help"}, host).out.find("3 completed with failed parts"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace learnloop
