// Bandit simulation: the golden reports and arm sequences (shared with node:test), and spec
// validation from JSON with the messages users see.
#include <gtest/gtest.h>

#include "golden.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/bandits/simulation.hpp"

namespace learnloop {
namespace {

TEST(Simulation, MatchesGoldenReports) {
  const auto golden = testing::load_golden("bandits/thompson_simulation.json");
  const double tol = golden["relative_tolerance"].get<double>();
  for (const auto& c : golden["cases"]) {
    auto spec = simulation_spec_from_json(c["spec"].dump());
    ASSERT_TRUE(spec.ok()) << spec.error().message;
    auto report = simulate_bandit(spec.value());
    ASSERT_TRUE(report.ok());
    const auto& expected = c["report"];
    EXPECT_EQ(report.value().pulls, expected["pulls"].get<std::vector<std::uint64_t>>());
    EXPECT_EQ(report.value().reward, expected["reward"].get<std::uint64_t>());
    EXPECT_TRUE(testing::close(report.value().regret, expected["regret"].get<double>(), tol));
  }
}

TEST(Simulation, SamplerReproducesGoldenArmSequence) {
  // A sampler seeded like the simulation and fed the recorded rewards must choose the recorded arms.
  const auto golden = testing::load_golden("bandits/thompson_simulation.json");
  for (const auto& c : golden["cases"]) {
    const auto arms = c["first_arms"].get<std::vector<std::size_t>>();
    const auto rewards = c["first_rewards"].get<std::vector<double>>();
    BanditConfig config;
    config.arms.resize(c["spec"]["probs"].size());
    for (std::size_t i = 0; i < config.arms.size(); ++i) config.arms[i] = std::to_string(i);
    config.seed = c["spec"]["seed"];
    auto policy = make_bandit(config).value();
    for (std::size_t i = 0; i < arms.size(); ++i) {
      ASSERT_EQ(policy->select().value().arm, arms[i]) << "round " << i;
      ASSERT_TRUE(policy->update(arms[i], rewards[i]).ok());
    }
  }
}

TEST(Simulation, ReportJsonHasTheDocumentedShape) {
  auto report = simulate_bandit({"thompson", {0.5}, 10, 1});
  ASSERT_TRUE(report.ok());
  const std::string json = simulation_report_to_json(report.value());
  EXPECT_EQ(json.rfind(R"({"policy":"thompson","rounds":10,"seed":1,"pulls":[10],"reward":)", 0), 0u) << json;
  EXPECT_NE(json.find(R"("regret":0.0})"), std::string::npos) << json;
}

TEST(Simulation, SpecValidationSaysWhatIsExpected) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"probs":[0.1,1.5],"rounds":5})", "probs[1] is 1.5; expected a probability in [0, 1]"},
      {R"({"probs":[0.1],"rounds":0})", "rounds is 0; expected an integer in [1, 2^53-1]"},
      {R"({"probs":[0.1],"rounds":2.5})", "rounds is 2.5; expected an integer in [1, 2^53-1]"},
      {R"({"probs":[0.1],"rounds":-4})", "rounds is -4; expected an integer in [1, 2^53-1]"},
      {R"({"probs":[0.1]})", "rounds is missing; expected an integer >= 1"},
      {R"({"probs":[],"rounds":3})", "probs is empty; expected at least one arm probability in [0, 1]"},
      {R"({"probs":"0.1","rounds":3})", "probs must be an array of probabilities in [0, 1]"},
      {R"({"probs":[0.1,"x"],"rounds":3})", "probs[1] is \"x\"; expected a number in [0, 1]"},
      {R"({"policy":"greedy","probs":[0.1],"rounds":3})",
       "unknown policy 'greedy'; expected one of: thompson, ucb1, epsilon-greedy, linucb, lints"},
      {R"({"policy":"linucb","probs":[0.1],"rounds":3})", "linucb needs a context: dim is 0; expected dim >= 1"},
      {R"({"policy":"epsilon-greedy","probs":[0.1],"rounds":3,"epsilon":2})",
       "epsilon is 2; expected a number in [0, 1]"},
      {R"({"probs":[0.1],"rounds":3,"seed":9007199254740992})",
       "seed is 9007199254740992; expected an integer in [0, 2^53-1]"},
  };
  for (const Case& c : cases) {
    auto spec = simulation_spec_from_json(c.json);
    ASSERT_FALSE(spec.ok()) << c.json;
    EXPECT_EQ(spec.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(spec.error().message, c.message) << c.json;
  }
  auto not_json = simulation_spec_from_json("[1,");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().code, ErrorCode::kParseError);
}

// Records every progress call.
struct RecordingProgress : ProgressSink {
  std::vector<std::uint64_t> done;
  void on_progress(const std::string&, std::uint64_t d, std::uint64_t total) override {
    done.push_back(d);
    EXPECT_EQ(total, 1000u);
  }
};

TEST(Simulation, ReportsProgressAboutAHundredTimesEndingAtTotal) {
  RecordingProgress progress;
  ASSERT_TRUE(simulate_bandit({"thompson", {0.1, 0.2}, 1000, 1}, &progress).ok());
  EXPECT_EQ(progress.done.size(), 100u);
  EXPECT_EQ(progress.done.back(), 1000u);
}

}  // namespace
}  // namespace learnloop
