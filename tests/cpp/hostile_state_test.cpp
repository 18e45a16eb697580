// Hostile use of saved and live state (issue 16): merging a bandit with itself is refused (it
// doubled every count) and leaves the bandit as it was, for every policy.
#include <gtest/gtest.h>

#include "learnloop/bandits/bandit.hpp"

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

}  // namespace
}  // namespace learnloop
