// Results that overflow a double (issue 16): coefficients of 1e308 printed null predictions and a
// budget of 1e308 printed null figures, both with exit 0. Now both are errors (exit 2) naming the
// first value that is not finite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hostile_support.hpp"
#include "learnloop/store/database.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

using hostile::run;
hostile::ScratchDir scratch("numbers");

TEST(HostileNumbers, APredictionThatOverflowsIsAnError) {
  std::string rows = "x,y\n";
  for (int i = 1; i <= 60; ++i) rows += std::to_string(i) + "," + std::to_string(2 * i + i % 3) + "\n";
  const std::string data = scratch.file("fit.csv", rows);
  const std::string model = (scratch.path() / "model.json").string();
  const CliOutput fit = run({"fit", "ridge", "--data", data, "--target", "y", "--out", model});
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  std::ostringstream text;
  text << std::ifstream(model).rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str());
  doc["coefficients"] = {1e308};
  scratch.file("huge.json", doc.dump());
  const CliOutput out = run({"predict", "--model", (scratch.path() / "huge.json").string(), "--data", data, "--json"});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("predictions["), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("is infinite"), std::string::npos) << out.err;
}

TEST(HostileNumbers, ABudgetThatOverflowsIsAnError) {
  const std::string scenario =
      scratch.file("budget.json", R"({"base_budget":1e308,"baseline":{"revenue":1e308,"conversions":1e308},)"
                                  R"("scenarios":[{"name":"double","budget_change_percent":100}]})");
  const CliOutput out = run({"simulate-budget", "--scenario", scenario, "--iterations", "10", "--json"});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("result.scenarios[0]."), std::string::npos) << out.err;
  const CliOutput fine =
      run({"simulate-budget", "--scenario",
           scratch.file("fine.json", R"({"base_budget":1000,"baseline":{"revenue":3000,"conversions":40},)"
                                     R"("scenarios":[{"name":"double","budget_change_percent":100}]})"),
           "--iterations", "10", "--json"});
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  // Rounding to cents no longer overflows: 1e307 doubled is a finite answer, not an error.
  const CliOutput large =
      run({"simulate-budget", "--scenario",
           scratch.file("large.json", R"({"base_budget":1e307,"baseline":{"revenue":1e307,"conversions":1},)"
                                      R"("scenarios":[{"name":"double","budget_change_percent":100}]})"),
           "--iterations", "10", "--json"});
  EXPECT_EQ(large.exit_code, 0) << large.err;
  EXPECT_NE(large.out.find("\"spend\":2e+307"), std::string::npos) << large.out;
}

TEST(HostileNumbers, IntegersBeyondInt64AreRefusedNotWrapped) {
  const std::string db = (scratch.path() / "ints.db").string();
  std::filesystem::remove(db);
  ASSERT_EQ(run({"init", "--db", db}).exit_code, 0);
  // 2^64-1 was stored as -1 and 2^63 as -2^63; both are now bad rows naming the value.
  for (const std::string value : {"18446744073709551615", "9223372036854775808"}) {
    const std::string rows = scratch.file("big.jsonl", R"({"decision_id":"p","impressions":)" + value +
                                                           R"(,"collected_at":"2026-01-01"})"
                                                           "\n");
    const CliOutput out = run({"ingest", "--db", db, "--table", "outcomes", "--file", rows});
    EXPECT_EQ(out.exit_code, 2) << out.out;
    EXPECT_NE(out.err.find("column 'impressions': " + value + " is not an integer from -2^63 to 2^63-1"),
              std::string::npos)
        << out.err;
  }
  // 2^63-1 itself is an integer and is stored exactly.
  const std::string max = scratch.file("max.jsonl", R"({"decision_id":"p","impressions":9223372036854775807,)"
                                                    R"("collected_at":"2026-01-01"})"
                                                    "\n");
  const CliOutput ok = run({"ingest", "--db", db, "--table", "outcomes", "--file", max});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  std::unique_ptr<Database> conn = native::open_sqlite_database(db, false).value();
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(*conn, "SELECT impressions FROM outcomes");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows.value().size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(rows.value()[0][0]), 9223372036854775807LL);
}

}  // namespace
}  // namespace learnloop
