// The finding rule (clear_finding.hpp) and the report's one answer to "when to post"
// (when_to_post.hpp): a best group is named only when it beats the runner-up with probability
// >= 0.9, noise says "no clear difference", and the timing bandit's disagreement is explained.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/analytics/clear_finding.hpp"
#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/analytics/when_to_post.hpp"

namespace learnloop {
namespace {

GroupSums group(const std::string& key, const std::vector<double>& values) {
  GroupSums g;
  g.key = key;
  for (double v : values) g.add(v);
  return g;
}

TEST(ClearFinding, IdenticalGroupsAreACoinFlipAndTheChanceIsSymmetric) {
  const GroupSums a = group("a", {0.01, 0.03, 0.05, 0.02, 0.04}), b = group("b", {0.02, 0.05, 0.01, 0.04, 0.03});
  EXPECT_DOUBLE_EQ(chance_mean_beats(a, b), 0.5);
  const GroupSums c = group("c", {0.02, 0.06, 0.05, 0.03, 0.04});
  EXPECT_GT(chance_mean_beats(c, a), 0.5);
  EXPECT_NEAR(chance_mean_beats(c, a) + chance_mean_beats(a, c), 1.0, 1e-12);
}

TEST(ClearFinding, SmallGroupsDoNotCompeteAndOneGroupIsNotEnough) {
  const std::vector<GroupSums> groups = {group("big", {0.01, 0.02, 0.03, 0.04, 0.05}),
                                         group("tiny", {0.9, 0.9, 0.9, 0.9})};
  const Finding f = compare_best_two(groups);
  EXPECT_EQ(f.status, "not_enough_data");
  EXPECT_EQ(f.groups, 1u);
  EXPECT_EQ(finding_json(f)["best"], nullptr);
}

TEST(ClearFinding, AClearLeaderIsAFindingAndACloseOneIsNot) {
  const GroupSums low = group("low", {0.010, 0.012, 0.011, 0.013, 0.009, 0.010});
  const GroupSums high = group("high", {0.050, 0.052, 0.049, 0.051, 0.048, 0.050});
  const GroupSums near_high = group("near", {0.049, 0.053, 0.047, 0.052, 0.050, 0.049});
  const Finding clear = compare_best_two({low, high});
  EXPECT_EQ(clear.status, "clear");
  EXPECT_EQ(clear.best, "high");
  EXPECT_EQ(clear.runner_up, "low");
  EXPECT_GE(clear.chance, kClearFindingChance);
  const Finding close = compare_best_two({low, high, near_high});
  EXPECT_EQ(close.status, "no_clear_difference");
  EXPECT_LT(close.chance, kClearFindingChance);
  EXPECT_NE(finding_sentence(close, "groups", "").find("No clear difference"), std::string::npos);
}

// A window of posts at hours 9, 13 and 18; `lift` is added to the rate of every post at 13:00.
ReportInputs window_with_lift(double lift) {
  ReportInputs in;
  in.date = 20000;
  in.from = in.date - 6;
  const double base[] = {0.030, 0.034, 0.028, 0.036, 0.031, 0.033, 0.029, 0.035};
  for (int i = 0; i < 24; ++i) {
    OutcomeRow r;
    r.decision_id = in.outcomes.pool().copy("c" + std::to_string(i));
    r.posted_hour = i % 3 == 0 ? 9 : i % 3 == 1 ? 13 : 18;
    r.engagement_rate = base[(i / 3) % 8] + (r.posted_hour == 13 ? lift : 0);
    r.impressions = 1000;
    r.platform = "tiktok";
    r.bandit_arm = "story_thread";
    in.outcomes.push_back(r);
  }
  return in;
}

TEST(WhenToPost, AClearHourIsTheOneAnswerEverywhereInTheReport) {
  const nlohmann::ordered_json report = produce_learning_report(window_with_lift(0.02));
  const auto& when = report["when_to_post"];
  EXPECT_EQ(when["status"], "clear");
  EXPECT_EQ(when["best_hour"], 13);
  EXPECT_EQ(report["recommendations"]["timing"][0], when["answer"]);
  EXPECT_EQ(when["answer"].get<std::string>().rfind("Post at 13:00 UTC", 0), 0u) << when;
  EXPECT_EQ(report["findings"]["hour"]["best"], 13);
}

TEST(WhenToPost, HoursWithNoEffectSayNoClearDifferenceAndRecommendNoHour) {
  const nlohmann::ordered_json report = produce_learning_report(window_with_lift(0));
  const auto& when = report["when_to_post"];
  EXPECT_EQ(when["status"], "no_clear_difference");
  for (const auto& rec : report["recommendations"]["timing"]) {
    EXPECT_EQ(rec.get<std::string>().find("Post at"), std::string::npos) << rec;
    EXPECT_EQ(rec.get<std::string>().find("Avoid"), std::string::npos) << rec;
  }
  bool said = false;
  for (const auto& p : report["patterns"])
    said = said || p.get<std::string>().rfind("No clear difference between posting hours", 0) == 0;
  EXPECT_TRUE(said) << report["patterns"];
}

TEST(WhenToPost, TheTimingBanditsDisagreementIsSaidWithWhyTheAnswerWins) {
  Finding hours;
  hours.status = "clear";
  hours.best = "13:00";
  hours.runner_up = "18:00";
  hours.chance = 0.95;
  const nlohmann::ordered_json bandits = {{"timing", {{"best_hours", {{{"arm", "h15"}}, {{"arm", "h13"}}}}}}};
  const nlohmann::ordered_json when = when_to_post_json(hours, bandits);
  EXPECT_EQ(when["timing_bandit"]["best_hours"], nlohmann::ordered_json({15, 13}));
  EXPECT_FALSE(when["timing_bandit"]["agrees"].get<bool>());
  EXPECT_NE(when["timing_bandit"]["note"].get<std::string>().find("15:00 UTC first"), std::string::npos);
  const nlohmann::ordered_json agreeing = when_to_post_json(hours, {{"timing", {{"best_hours", {{{"arm", "h13"}}}}}}});
  EXPECT_TRUE(agreeing["timing_bandit"]["agrees"].get<bool>());
}

}  // namespace
}  // namespace learnloop
