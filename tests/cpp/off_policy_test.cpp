// Off-policy evaluation against hand-computed values, its validation messages, the CSV reader,
// and the `ope` command on a file (with line numbers in errors).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "cli/file_host.hpp"
#include "learnloop/bandits/off_policy.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop {
namespace {

LoggedDecisions small_log() {
  LoggedDecisions log;
  log.rewards = {1, 0, 1, 0};
  log.propensities = {0.5, 0.5, 0.25, 0.25};
  log.target_probs = {1, 0, 0.5, 0.5};
  log.actions = {"a", "b", "a", "b"};
  return log;
}

TEST(OffPolicy, MatchesHandComputedEstimates) {
  // w = [2, 0, 2, 2]; w r = [2, 0, 2, 0].
  const OpeReport r = evaluate_off_policy(small_log()).value();
  EXPECT_EQ(r.n, 4u);
  EXPECT_DOUBLE_EQ(r.ips.value, 1.0);
  EXPECT_DOUBLE_EQ(r.ips.std_error, std::sqrt(4.0 / 3.0 / 4.0));  // sample variance 4/3 of [2,0,2,0]
  EXPECT_DOUBLE_EQ(r.ips.ci95_low, 1.0 - 1.96 * r.ips.std_error);
  EXPECT_DOUBLE_EQ(r.snips.value, 4.0 / 6.0);
  // sqrt(sum w^2 (r - V)^2) / sum w with V = 2/3: 4*(1/9) + 4*(1/9)... = sqrt(4/9 + 4/9 + 4*4/9) / 6
  EXPECT_DOUBLE_EQ(r.snips.std_error, std::sqrt(4.0 / 9 + 4.0 / 9 + 16.0 / 9) / 6);
  EXPECT_DOUBLE_EQ(r.ess, 36.0 / 12.0);
  // q(a) = 1, q(b) = 0; estimated pi: a = 4/6, b = 2/6 -> direct = 2/3; corrections w (r - q) = [0, 0, 0, 0].
  EXPECT_DOUBLE_EQ(r.dr.value, 2.0 / 3.0);
  EXPECT_FALSE(r.dr_target_given);
  LoggedDecisions given = small_log();
  given.target_distribution = {{"a", 0.75}, {"b", 0.25}};
  const OpeReport g = evaluate_off_policy(given).value();
  EXPECT_TRUE(g.dr_target_given);
  EXPECT_DOUBLE_EQ(g.dr.value, 0.75);
  EXPECT_DOUBLE_EQ(g.dr.std_error, 0.0);
}

TEST(OffPolicy, RejectsBadLogsNamingTheRow) {
  LoggedDecisions log = small_log();
  log.propensities[2] = 0;
  EXPECT_EQ(evaluate_off_policy(log).error().message, "row 3: propensity is 0; expected a probability in (0, 1]");
  log = small_log();
  log.target_probs[1] = 1.5;
  EXPECT_EQ(evaluate_off_policy(log).error().message,
            "row 2: target probability is 1.5; expected a probability in [0, 1]");
  log.source_lines = {2, 3, 4, 5};
  EXPECT_EQ(evaluate_off_policy(log).error().message.rfind("line 3: ", 0), 0u);
  log = small_log();
  log.rewards.pop_back();
  EXPECT_NE(evaluate_off_policy(log).error().message.find("equal lengths"), std::string::npos);
  log = small_log();
  log.target_probs = {0, 0, 0, 0};
  EXPECT_NE(evaluate_off_policy(log).error().message.find("every target probability is 0"), std::string::npos);
  log = small_log();
  log.target_distribution = {{"a", 0.5}};
  EXPECT_EQ(evaluate_off_policy(log).error().message, "target distribution sums to 0.5; expected 1");
}

TEST(Csv, ParsesQuotesCrlfAndReportsRaggedLines) {
  auto t = parse_csv("a,b,\"c,d\"\r\n1,\"x \"\"y\"\"\",3\r\n\r\n4,5,6");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t.value().header, (std::vector<std::string>{"a", "b", "c,d"}));
  EXPECT_EQ(t.value().rows[0][1], "x \"y\"");
  EXPECT_EQ(t.value().line_numbers, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(t.value().numbers("c,d").value(), (std::vector<double>{3, 6}));
  EXPECT_EQ(t.value().numbers("b").error().message, "line 2: column 'b' has 'x \"y\"'; expected a number");
  EXPECT_EQ(t.value().column("z").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(parse_csv("a,b\n1\n").error().message, "line 2 has 1 fields; expected 2 like the header");
  EXPECT_FALSE(parse_csv("a\n\"open").ok());
  EXPECT_FALSE(parse_csv("").ok());
}

// The rules at the edges, with literal answers (parse_csv and the chunked reader share one grammar).
TEST(Csv, KeepsItsRulesAtTheEdges) {
  auto quotes = parse_csv("a,b\nx\"y,\"q\"r\n");  // a quote inside a field is text; text after a closing quote joins
  ASSERT_TRUE(quotes.ok()) << quotes.error().message;
  EXPECT_EQ(quotes.value().rows, (std::vector<std::vector<std::string>>{{"x\"y", "qr"}}));
  auto quoted_empty = parse_csv("a\n\n\"\"\n");  // a blank line is skipped, a quoted empty field is a row
  ASSERT_TRUE(quoted_empty.ok());
  EXPECT_EQ(quoted_empty.value().rows, (std::vector<std::vector<std::string>>{{""}}));
  EXPECT_EQ(quoted_empty.value().line_numbers, (std::vector<std::size_t>{3}));
  auto cr_only = parse_csv("a,b\r1,2\r3,4\r");
  ASSERT_TRUE(cr_only.ok());
  EXPECT_EQ(cr_only.value().line_numbers, (std::vector<std::size_t>{2, 3}));
  auto multiline = parse_csv("a,b\n\"multi\nline\",z\n5,6\n");
  ASSERT_TRUE(multiline.ok());
  EXPECT_EQ(multiline.value().rows[0][0], "multi\nline");
  EXPECT_EQ(multiline.value().line_numbers, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(parse_csv("a,b\n\"open,2\n").error().message, "line 2 has a quote that is never closed");
  EXPECT_EQ(parse_csv("\n\n").error().message, "the CSV text is empty; expected a header line");
}

TEST(OpeCommand, ReadsAFileAndPointsAtTheBadLine) {
  const std::string path = ::testing::TempDir() + "learnloop_ope_test.csv";
  {
    std::ofstream out(path);
    out << "action,reward,p,t\na,1,0.5,1\nb,0,0.5,0\na,1,0.25,0.5\nb,0,0.25,0.5\n";
  }
  native::FileHost host(stderr);
  CliOutput ok = run_cli({"ope", "--log", path, "--reward-col", "reward", "--propensity-col", "p", "--target-col", "t",
                          "--action-col", "action", "--json"},
                         host);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("{\"n\":4,\"ips\":{\"value\":1.0,", 0), 0u) << ok.out;
  {
    std::ofstream out(path);
    out << "action,reward,p,t\na,1,0.5,1\nb,0,0,0\n";
  }
  CliOutput bad =
      run_cli({"ope", "--log", path, "--reward-col", "reward", "--propensity-col", "p", "--target-col", "t"}, host);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "learnloop: error: " + path + ": line 3: propensity is 0; expected a probability in (0, 1]\n");
  CliOutput missing = run_cli(
      {"ope", "--log", path + ".nope", "--reward-col", "r", "--propensity-col", "p", "--target-col", "t"}, host);
  EXPECT_EQ(missing.err, "learnloop: error: cannot read '" + path + ".nope': no such file\n");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace learnloop
