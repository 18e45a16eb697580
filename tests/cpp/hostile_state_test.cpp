// Hostile use of saved and live state (issue 16): merging a bandit with itself is refused (it
// doubled every count) and leaves the bandit as it was, for every policy; a learn state file is
// validated whole (without "through" every outcome was counted twice, without "content" that
// bandit's history was dropped) and a refused state file is left as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/file_host.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/cli/cli.hpp"

namespace learnloop {
namespace {

TEST(HostileState, MergingABanditWithItselfIsRefused) {
  for (const std::string policy : {"thompson", "ucb1", "epsilon-greedy", "linucb", "lints"}) {
    BanditConfig c;
    c.policy = policy;
    c.arms = {"a", "b"};
    c.dim = (policy == "linucb" || policy == "lints") ? 2 : 0;
    auto made = make_bandit(c);
    ASSERT_TRUE(made.ok()) << policy;
    Bandit& b = *made.value();
    const std::vector<double> ctx = c.dim ? std::vector<double>{1.0, 0.5} : std::vector<double>{};
    for (int i = 0; i < 7; ++i) ASSERT_TRUE(b.update(i % 2, 1.0, ctx).ok());
    const std::string before = b.to_json();
    const Status s = b.merge(b);
    ASSERT_FALSE(s.ok()) << policy;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find("with itself"), std::string::npos) << s.error().message;
    EXPECT_EQ(b.to_json(), before) << policy;
    EXPECT_EQ(b.stats(0).pulls + b.stats(1).pulls, 7) << policy;
    // A copy still merges: the counts double on purpose.
    auto copy = bandit_from_json(before);
    ASSERT_TRUE(copy.ok());
    ASSERT_TRUE(b.merge(*copy.value()).ok()) << policy;
    EXPECT_EQ(b.stats(0).pulls + b.stats(1).pulls, 14) << policy;
  }
}

std::string read(const std::string& path) {
  std::ostringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

TEST(HostileState, ALearnStateIsValidatedWhole) {
  const std::string records = std::string(LEARNLOOP_GOLDEN_DIR) + "/store/records.jsonl";
  const std::string state = (std::filesystem::temp_directory_path() / "learnloop-hostile-state.json").string();
  std::filesystem::remove(state);
  native::FileHost host(stderr);
  const auto learn = [&](const std::string& date) {
    return run_cli({"learn", "--records", records, "--state", state, "--date", date, "--json"}, host);
  };
  const CliOutput first = learn("2026-03-12");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const nlohmann::json saved = nlohmann::json::parse(read(state));
  ASSERT_FALSE(saved["content"].is_null());
  for (const std::string key : {"through", "content", "timing"}) {
    nlohmann::json partial = saved;
    partial.erase(key);
    std::ofstream(state) << partial.dump();
    const CliOutput out = learn("2026-03-14");
    EXPECT_EQ(out.exit_code, 2) << key;
    EXPECT_NE(out.err.find("state." + key + " is missing"), std::string::npos) << out.err;
    EXPECT_EQ(nlohmann::json::parse(read(state)), partial) << "a refused state file is left as it was";
  }
  nlohmann::json no_date = saved;
  no_date["through"] = "";
  std::ofstream(state) << no_date.dump();
  const CliOutput out = learn("2026-03-14");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("counted again"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace learnloop
