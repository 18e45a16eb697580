// The decision API and the decisions log (issue 18 items 7-9): probabilities() and select_many() agree (chi-square,
// fixed seed), the floor and the allowed arms, UCB1's determinism, the state's version 2 (version 1 loads, 3 is
// refused), and off-policy evaluation on the decisions table recovering a second policy's true value (golden file
// shared with tests/js/decisions.test.mjs), with its refusals.
#include <gtest/gtest.h>

#include <cmath>

#include "golden.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/store/decisions.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

std::unique_ptr<Bandit> made(const BanditConfig& c) {
  Result<std::unique_ptr<Bandit>> b = make_bandit(c);
  EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error().message);
  return std::move(b).value();
}

BanditConfig three(const std::string& policy) {
  BanditConfig c;
  c.policy = policy;
  c.arms = {"a", "b", "c"};
  c.seed = 5;
  return c;
}

// Chi-square statistic of `counts` against `probs` x total (arms with probability 0 must have no picks).
double chi_square(const std::vector<double>& counts, const std::vector<double>& probs, double total) {
  double stat = 0;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] == 0) {
      EXPECT_EQ(counts[i], 0) << "arm " << i << " has probability 0 but was picked";
      continue;
    }
    const double expected = probs[i] * total;
    stat += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  return stat;
}

TEST(Decisions, SelectManyFollowsProbabilitiesForEveryContextFreePolicy) {
  for (const char* policy : {"thompson", "epsilon-greedy", "ucb1"}) {
    BanditConfig c = three(policy);
    c.floor = 0.05;
    auto b = made(c);
    ASSERT_TRUE(b->update_batch({0, 0, 1, 1, 2, 2, 2}, {1, 0, 1, 1, 0, 1, 0}).ok());
    const std::vector<double> p = b->probabilities().value();
    double sum = 0;
    for (double x : p) {
      EXPECT_GE(x, 0.05 - 1e-12) << policy;
      sum += x;
    }
    EXPECT_NEAR(sum, 1, 1e-12) << policy;
    EXPECT_EQ(b->probabilities().value(), p) << policy << ": the same state gives the same distribution";
    const std::size_t n = 20000;
    std::vector<Selection> picks = b->select_many(n).value();
    ASSERT_EQ(picks.size(), n);
    std::vector<double> counts(3, 0);
    for (const Selection& s : picks) {
      counts[s.arm] += 1;
      EXPECT_EQ(s.propensity, p[s.arm]);
    }
    // 2 degrees of freedom: P(chi2 > 13.8) = 0.001; the seed is fixed, so this cannot flake.
    EXPECT_LT(chi_square(counts, p, static_cast<double>(n)), 13.8) << policy;
  }
}

TEST(Decisions, Ucb1WithoutFloorIsDeterministicAndFloorSpreadsIt) {
  auto b = made(three("ucb1"));
  ASSERT_TRUE(b->update_batch({0, 1, 2, 1}, {0, 1, 0, 1}).ok());
  EXPECT_EQ(b->probabilities().value(), (std::vector<double>{0, 1, 0}));
  const std::vector<Selection> picks = b->select_many(50).value();
  for (const Selection& s : picks) {
    EXPECT_EQ(s.arm, 1u);
    EXPECT_EQ(s.propensity, 1.0);
  }
  ASSERT_TRUE(b->set_serving(0.1, {}).ok());
  const std::vector<double> p = b->probabilities().value();
  EXPECT_NEAR(p[0], 0.1, 1e-15);
  EXPECT_NEAR(p[1], 0.8, 1e-15);
  EXPECT_NEAR(p[2], 0.1, 1e-15);
}

TEST(Decisions, AllowedArmsRestrictTheDistribution) {
  BanditConfig c = three("thompson");
  c.allowed = {"a", "c"};
  auto b = made(c);
  std::vector<double> p = b->probabilities().value();
  EXPECT_EQ(p[1], 0);
  EXPECT_NEAR(p[0] + p[2], 1, 1e-12);
  p = b->probabilities({}, std::vector<std::string>{"c"}).value();
  EXPECT_EQ(p, (std::vector<double>{0, 0, 1}));
  const std::vector<Selection> picks = b->select_many(20, {}, std::vector<std::string>{"c"}).value();
  for (const Selection& s : picks) EXPECT_EQ(s.arm, 2u);
  EXPECT_EQ(b->probabilities({}, std::vector<std::string>{"b"}).error().message,
            "no arm is allowed: the call allows only 'b', which the bandit's own allowed arms exclude");
  EXPECT_EQ(b->probabilities({}, std::vector<std::string>{}).error().message,
            "allowed is empty; expected at least one arm (give no allowed set to allow every arm)");
  EXPECT_EQ(b->probabilities({}, std::vector<std::string>{"x", "a", "y"}).error().message,
            "allowed arms name unknown arms: 'x', 'y'; the arms are a, b, c");
}

TEST(Decisions, AFloorThatNoDistributionMeetsIsRefusedWithTheNumbers) {
  BanditConfig c = three("thompson");
  c.floor = 0.4;
  EXPECT_EQ(make_bandit(c).error().message,
            "floor 0.4 x 3 allowed arms = 1.2 > 1: no distribution gives every arm that much; expected floor <= 1 / 3 "
            "= 0.333333");
  c.allowed = {"a", "b"};
  EXPECT_TRUE(make_bandit(c).ok()) << "0.4 x 2 allowed arms = 0.8";
  auto b = made(three("ucb1"));
  EXPECT_EQ(b->set_serving(1.0, {}).error().message, "floor is 1; expected a probability in [0, 1)");
  EXPECT_EQ(b->select_many(kMaxSelectMany + 1).error().message, "n is 1000001; expected at most 1000000");
}

TEST(Decisions, StateVersion2KeepsServingSettingsVersion1LoadsAndVersion3IsRefused) {
  BanditConfig c = three("thompson");
  c.floor = 0.1;
  c.allowed = {"a", "b"};
  auto b = made(c);
  const std::string state = b->to_json();
  EXPECT_NE(state.find("\"version\":2"), std::string::npos);
  auto back = bandit_from_json(state).value();
  EXPECT_EQ(back->config().floor, 0.1);
  EXPECT_EQ(back->config().allowed, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(back->probabilities().value(), b->probabilities().value());

  nlohmann::json v1 = nlohmann::json::parse(state);
  v1["version"] = 1;
  v1["config"].erase("floor");
  v1["config"].erase("allowed");
  auto old = bandit_from_json(v1.dump());
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old.value()->config().floor, 0);
  EXPECT_TRUE(old.value()->config().allowed.empty());
  EXPECT_NE(old.value()->to_json().find("\"version\":2"), std::string::npos) << "saved again as version 2";

  nlohmann::json v3 = nlohmann::json::parse(state);
  v3["version"] = 3;
  Result<std::unique_ptr<Bandit>> newer = bandit_from_json(v3.dump());
  EXPECT_EQ(newer.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(newer.error().message.find("reads versions 1 to 2"), std::string::npos) << newer.error().message;
}

// The golden simulation: decisions from the floored Thompson policy with their outcomes, in `db`.
void log_golden_decisions(Database& db, const nlohmann::json& g) {
  const nlohmann::json& l = g["logging"];
  BanditConfig c;
  c.policy = l["policy"];
  c.arms = l["arms"].get<std::vector<std::string>>();
  c.seed = l["seed"];
  c.floor = l["floor"];
  auto b = made(c);
  ASSERT_TRUE(b->update_batch(l["warmup_arms"].get<std::vector<std::uint32_t>>(),
                              l["warmup_rewards"].get<std::vector<double>>())
                  .ok());
  const std::size_t n = g["n"];
  std::vector<Selection> picks = b->select_many(n).value();
  std::vector<ServedPick> served;
  std::vector<std::string> ids;
  nlohmann::json outcomes = nlohmann::json::array();
  const std::vector<double> rates = g["rates"];
  for (std::size_t i = 0; i < n; ++i) {
    served.push_back({c.arms[picks[i].arm], picks[i].propensity});
    ids.push_back("d" + std::to_string(i));
    if (i % 50 == 49) continue;
    const double x = static_cast<double>(i) * 0.6180339887498949 + 0.5;
    const bool success = x - std::floor(x) < rates[picks[i].arm];
    outcomes.push_back({{"decision_id", ids.back()},
                        {"impressions", g["outcome"]["impressions"]},
                        {"likes", success ? g["outcome"]["likes_success"] : g["outcome"]["likes_failure"]},
                        {"collected_at", g["outcome"]["collected_at"]}});
  }
  Result<std::vector<std::string>> logged =
      log_decisions(db, "content", "content@test", served, ids, {{"source", "golden"}}, g["decided_at"]);
  ASSERT_TRUE(logged.ok()) << logged.error().message;
  ASSERT_TRUE(write_metrics(db, "outcomes", outcomes).ok());
}

TEST(Decisions, OffPolicyEvaluationRecoversTheTargetsTrueValue) {
  const nlohmann::json g = testing::load_golden("bandits/decisions_ope.json");
  auto db = store_support::open_fresh("decisions_ope");
  log_golden_decisions(*db, g);
  Result<nlohmann::ordered_json> r = evaluate_logged_decisions(*db, "content", g["target"], g["success_threshold"]);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const nlohmann::ordered_json& out = r.value();
  const double truth = g["true_value"];
  EXPECT_EQ(out["decisions"], 3000);
  EXPECT_EQ(out["decisions_without_outcomes"], 60);
  EXPECT_EQ(out["n"], 2940);
  for (const char* estimator : {"ips", "snips", "dr"}) {
    EXPECT_LE(out[estimator]["ci95"][0].get<double>(), truth) << estimator << " " << out[estimator].dump();
    EXPECT_GE(out[estimator]["ci95"][1].get<double>(), truth) << estimator << " " << out[estimator].dump();
  }
  if (!g["expected"].is_null()) {  // the same numbers in wasm (tests/js/decisions.test.mjs)
    for (const char* estimator : {"ips", "snips", "dr"}) {
      EXPECT_TRUE(testing::close(out[estimator]["value"], g["expected"][estimator], g["tolerance"]))
          << estimator << " " << out[estimator]["value"] << " vs " << g["expected"][estimator];
    }
  }
  std::cout << "golden expected: {\"ips\": " << out["ips"]["value"] << ", \"snips\": " << out["snips"]["value"]
            << ", \"dr\": " << out["dr"]["value"] << "}\n";
}

TEST(Decisions, OffPolicyEvaluationRefusesWhatTheLogCannotShow) {
  const nlohmann::json g = testing::load_golden("bandits/decisions_ope.json");
  auto db = store_support::open_fresh("decisions_refusals");
  log_golden_decisions(*db, g);
  auto refused = [&](const nlohmann::json& target) {
    Result<nlohmann::ordered_json> r = evaluate_logged_decisions(*db, "content", target, 0.03);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(refused({{"probabilities", {{"a", 0.5}, {"zz", 0.5}}}}),
            "target names arms the content scope does not have: 'zz'");
  EXPECT_EQ(refused({{"probabilities", {{"a", 0.5}, {"b", 0.4}}}}), "target: the probabilities sum to 0.9; expected 1");
  // A deterministic logger: one decision served with propensity 1.
  ASSERT_TRUE(write_metrics(*db, "decisions",
                            {{{"decision_id", "det"},
                              {"scope", "content"},
                              {"arm", "a"},
                              {"propensity", 1},
                              {"policy_version", "ucb1@x"},
                              {"decided_at", "2026-01-03"}}})
                  .ok());
  ASSERT_TRUE(
      write_metrics(*db, "outcomes", {{{"decision_id", "det"}, {"impressions", 10}, {"collected_at", "2026-01-04"}}})
          .ok());
  EXPECT_NE(refused(g["target"]).find("decision 'det' was logged with propensity 1 for arm 'a'"), std::string::npos);
  ASSERT_TRUE(write_metrics(*db, "decisions",
                            {{{"decision_id", "zero"},
                              {"scope", "timing"},
                              {"arm", "h07"},
                              {"propensity", 0},
                              {"policy_version", "t@x"},
                              {"decided_at", "2026-01-03"}}})
                  .ok());
  Result<nlohmann::ordered_json> timing =
      evaluate_logged_decisions(*db, "timing", nlohmann::json{{"probabilities", {{"7", 1.0}}}}, 0.03);
  EXPECT_EQ(timing.error().message,
            "decision 'zero' (arm 'h07') was logged with propensity 0; expected a probability in (0, 1]: the log "
            "cannot be evaluated");
}

TEST(Decisions, AnArmTheLogNeverTriedIsNotIdentifiable) {
  auto db = store_support::open_fresh("decisions_untried");
  std::vector<ServedPick> picks = {{"a", 0.5}, {"a", 0.5}, {"b", 0.5}};
  ASSERT_TRUE(log_decisions(*db, "content", "v", picks, {"x", "y", "z"}, nullptr, "2026-01-01").ok());
  ASSERT_TRUE(write_metrics(*db, "outcomes",
                            {{{"decision_id", "x"}, {"impressions", 10}, {"collected_at", "2026-01-02"}},
                             {{"decision_id", "y"}, {"impressions", 10}, {"collected_at", "2026-01-02"}}})
                  .ok());
  Result<nlohmann::ordered_json> r =
      evaluate_logged_decisions(*db, "content", nlohmann::json{{"probabilities", {{"a", 0.5}, {"b", 0.5}}}}, 0.03);
  EXPECT_EQ(r.error().message,
            "the target puts 0.5 on arm 'b', which no logged decision with an outcome tried: its value is not "
            "identifiable from this log");
  EXPECT_EQ(log_decisions(*db, "content", "v", {{"a", 0}}, {}, nullptr, "2026-01-01").error().message,
            "pick 0 has propensity 0; expected a probability in (0, 1] (decisions are logged with exact propensities)");
}

}  // namespace
}  // namespace learnloop
