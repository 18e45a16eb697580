// The learning job's bandits as a shard partial: rows split into shards by decision id, each shard's partial saved
// and loaded through bytes, merged in shard order and finished on the previous state, give the state update_bandits()
// gives on all the rows in one process: the same arms in the same order, counts exactly, reward sums within 1e-12.
#include <gtest/gtest.h>

#include "json_near.hpp"
#include "learnloop/core/shard.hpp"
#include "pipelines/job_bandit_partial.hpp"

namespace learnloop {
namespace {

OutcomeRows new_rows(std::size_t n, std::size_t first) {
  const char* arms[] = {"story_thread", "meme_single", "", "educational_thread", "question_reply"};
  OutcomeRows rows;
  rows.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    OutcomeRow& r = rows[i];
    const std::size_t k = first + i;
    r.decision_id = rows.pool().copy("c" + std::to_string(100000 + k));
    // A late arm appears only after some rows: a stored bandit appends it in window order.
    r.bandit_arm = k > first + n / 2 && k % 9 == 0 ? "late_arm" : arms[k % 5];
    r.posted_hour = k % 13 == 0 ? -1 : static_cast<int>((k * 5) % 24);
    r.engagement_rate = static_cast<double>((k * 37) % 100) / 1000.0 + (k % 17 == 0 ? 2.0 : 0.0);  // some clamped
  }
  return rows;
}

std::vector<const OutcomeRow*> pointers(const OutcomeRows& rows) {
  std::vector<const OutcomeRow*> out;
  for (const OutcomeRow& r : rows) out.push_back(&r);
  return out;
}

// The state from shards: each shard's rows in window order, saved and loaded, merged in shard order.
job::BanditState sharded(const job::BanditState& previous, const OutcomeRows& rows, std::uint32_t shards,
                         DayNumber date) {
  std::optional<job::BanditPartial> merged;
  for (std::uint32_t s = 0; s < shards; ++s) {
    Result<job::BanditPartial> p = job::BanditPartial::start(previous, 0.03, {}, {});
    EXPECT_TRUE(p.ok()) << p.error().message;
    for (const OutcomeRow& r : rows) {
      if (in_shard(r.decision_id, ShardSpec{s, shards})) {
        EXPECT_TRUE(p.value().add(r).ok());
      }
    }
    ByteWriter out;
    p.value().save(out);
    ByteReader in(out.bytes().data(), out.bytes().size());
    Result<job::BanditPartial> loaded = job::BanditPartial::load(in);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    if (!merged) {
      merged.emplace(std::move(loaded).value());
    } else {
      EXPECT_TRUE(merged->merge(loaded.value()).ok());
    }
  }
  Result<job::BanditState> state = merged->finish(previous, date, {}, {});
  EXPECT_TRUE(state.ok()) << state.error().message;
  return state.value();
}

TEST(BanditPartial, ShardsMergeToTheOneProcessStateOnAFirstRunAndOnAStoredState) {
  const DayNumber day1 = parse_date("2026-11-21").value();
  const OutcomeRows first = new_rows(400, 0);
  Result<job::BanditState> one = job::update_bandits({}, pointers(first), 0.03, day1);
  ASSERT_TRUE(one.ok()) << one.error().message;
  for (std::uint32_t shards : {1u, 2u, 3u}) {
    const job::BanditState got = sharded({}, first, shards, day1);
    EXPECT_EQ(got.through, one.value().through);
    json_near::expect_json_near(got.content, one.value().content, 1e-12);
    json_near::expect_json_near(got.timing, one.value().timing, 1e-12);
  }
  // The next day starts from the stored state and brings a new arm, appended in window order.
  const OutcomeRows second = new_rows(300, 400);
  Result<job::BanditState> two = job::update_bandits(one.value(), pointers(second), 0.03, day1 + 1);
  ASSERT_TRUE(two.ok()) << two.error().message;
  ASSERT_NE(two.value().content.dump().find("late_arm"), std::string::npos);
  for (std::uint32_t shards : {1u, 2u, 3u}) {
    const job::BanditState got = sharded(one.value(), second, shards, day1 + 1);
    json_near::expect_json_near(got.content, two.value().content, 1e-12);
    json_near::expect_json_near(got.timing, two.value().timing, 1e-12);
  }
}

TEST(BanditPartial, RefusesForgettingWhichDependsOnTheOrderOfEveryReward) {
  JobBanditOptions discount;
  discount.discount = 0.9;
  Result<job::BanditPartial> p = job::BanditPartial::start({}, 0.03, discount, {});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("learn this date in one process"), std::string::npos) << p.error().message;
  JobBanditOptions window;
  window.window = 50;
  EXPECT_FALSE(job::BanditPartial::start({}, 0.03, {}, window).ok());
}

// One process keeps a forgetting bandit's rewards in window order and replays them: the state update_bandits() gives,
// bit for bit, on a first run and on the stored state of the day before (a late arm appended in window order).
TEST(BanditPartial, InOrderForgettingReplaysTheRewardsAsOneProcessDoes) {
  JobBanditOptions content, timing;
  content.discount = 0.9;
  timing.window = 40;
  const DayNumber day1 = parse_date("2026-11-21").value();
  const auto in_order = [&](const job::BanditState& previous, const OutcomeRows& rows, DayNumber date) {
    Result<job::BanditPartial> p = job::BanditPartial::start(previous, 0.03, content, timing, true);
    EXPECT_TRUE(p.ok()) << p.error().message;
    for (const OutcomeRow& r : rows) EXPECT_TRUE(p.value().add(r).ok());
    EXPECT_EQ(p.value().rows(), rows.size());
    // Such a partial is finished where it was made: merging it is refused.
    Result<job::BanditPartial> other = job::BanditPartial::start(previous, 0.03, content, timing, true);
    EXPECT_FALSE(p.value().merge(other.value()).ok());
    Result<job::BanditState> state = p.value().finish(previous, date, content, timing);
    EXPECT_TRUE(state.ok()) << state.error().message;
    return state.value();
  };
  const OutcomeRows first = new_rows(400, 0);
  Result<job::BanditState> one = job::update_bandits({}, pointers(first), 0.03, day1, content, timing);
  ASSERT_TRUE(one.ok()) << one.error().message;
  const job::BanditState got_one = in_order({}, first, day1);
  EXPECT_EQ(got_one.content.dump(), one.value().content.dump());
  EXPECT_EQ(got_one.timing.dump(), one.value().timing.dump());
  EXPECT_EQ(got_one.through, one.value().through);
  const OutcomeRows second = new_rows(300, 400);
  Result<job::BanditState> two = job::update_bandits(one.value(), pointers(second), 0.03, day1 + 1, content, timing);
  ASSERT_TRUE(two.ok()) << two.error().message;
  ASSERT_NE(two.value().content.dump().find("late_arm"), std::string::npos);
  const job::BanditState got_two = in_order(one.value(), second, day1 + 1);
  EXPECT_EQ(got_two.content.dump(), two.value().content.dump());
  EXPECT_EQ(got_two.timing.dump(), two.value().timing.dump());
  // Forgetting is what makes the order matter: the same rows reversed give another state.
  OutcomeRows reversed;
  for (std::size_t i = first.size(); i-- > 0;) {
    OutcomeRow r = first[i];
    r.decision_id = reversed.pool().copy(std::string(r.decision_id));
    r.bandit_arm = reversed.pool().copy(std::string(r.bandit_arm));
    reversed.push_back(r);
  }
  EXPECT_NE(in_order({}, reversed, day1).content.dump(), one.value().content.dump());
}

TEST(BanditPartial, LoadRefusesTruncatedBytes) {
  Result<job::BanditPartial> p = job::BanditPartial::start({}, 0.03, {}, {});
  ASSERT_TRUE(p.ok());
  const OutcomeRows rows = new_rows(50, 0);
  for (const OutcomeRow& r : rows) ASSERT_TRUE(p.value().add(r).ok());
  ByteWriter out;
  p.value().save(out);
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, out.bytes().size() / 2, out.bytes().size() - 1}) {
    ByteReader in(out.bytes().data(), cut);
    EXPECT_FALSE(job::BanditPartial::load(in).ok()) << cut;
  }
}

}  // namespace
}  // namespace learnloop
