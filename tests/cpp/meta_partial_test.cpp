// The meta scores' mergeable partial: a window split into 2 or 3 shards by decision id, each shard's
// partial saved and loaded through bytes and merged in shard order, scores the same items with the same
// written JSON as the single-process compute_meta_scores (engagement percentile, retention, quality and
// brand alignment exactly; the timing sums, and so timing, virality and overall, to float association:
// within 1e-9, exact when the sums are); a day without items; load() refusing truncated and garbage bytes.
// LEARNLOOP_META_PARTIAL_BENCH=1 times both paths at 1M rows and prints the partial's bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/analytics/meta_partial.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/random/rng.hpp"

namespace learnloop {
namespace {

constexpr DayNumber kDay = 20000;

// A whole number in [lo, hi].
int pick(Rng& rng, int lo, int hi) {
  return lo + static_cast<int>(rng.next_u64() % static_cast<std::uint64_t>(hi - lo + 1));
}

struct Window {
  OutcomeRows rows;
  std::vector<RetentionRow> retention;
  CaptionEmbeddings captions;
};

// `n` rows over 7 days ending kDay, in decision id order. `rate_steps` > 0 draws rates from that many steps of 1/64
// (ties, and sums exact in any order); 0 draws any rate.
Window make_window(std::size_t n, std::uint64_t seed, int rate_steps, bool retention, bool captions) {
  Window w;
  Rng rng(seed);
  const char* platforms[] = {"x", "linkedin", "", "threads"};
  const char* types[] = {"tip", "story_thread", "poll"};
  const char* hooks[] = {"question", "story", ""};
  for (std::size_t i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "d%07zu", i);
    OutcomeRow r;
    r.decision_id = w.rows.pool().copy(id);
    r.collected_day = kDay - static_cast<DayNumber>(pick(rng, 0, 6));
    r.collected_at = w.rows.pool().copy("2024-10-05T10:00:00Z");
    r.impressions = static_cast<double>(pick(rng, 0, 5000));
    r.engagement_rate = rate_steps > 0 ? static_cast<double>(pick(rng, 0, rate_steps)) / 64 : rng.uniform() / 7;
    r.platform = w.rows.pool().intern(platforms[static_cast<std::size_t>(pick(rng, 0, 3))]);
    r.bandit_arm = w.rows.pool().intern(types[static_cast<std::size_t>(pick(rng, 0, 2))]);
    r.hook_type = w.rows.pool().intern(hooks[static_cast<std::size_t>(pick(rng, 0, 2))]);
    r.quality_score = rng.uniform() < 0.2 ? -1 : rng.uniform();
    r.posted_hour = static_cast<int>(pick(rng, -1, 23));
    w.rows.push_back(r);
    if (retention && rng.uniform() < 0.5) {
      RetentionRow t;
      t.content_id = id;
      t.avg_watch_percentage = 100 * rng.uniform();
      w.retention.push_back(t);
      if (rng.uniform() < 0.1) {  // a later measurement of the same content wins
        t.avg_watch_percentage = 100 * rng.uniform();
        w.retention.push_back(t);
      }
    }
    if (captions && rng.uniform() < 0.6) {
      std::vector<float> v(8);
      for (float& x : v) x = static_cast<float>(rng.uniform() - 0.3);
      if (rng.uniform() < 0.05) v.resize(rng.uniform() < 0.5 ? 0 : 5);  // empty, or another dimension
      w.captions.emplace_back(id, v);
    }
  }
  return w;
}

std::vector<std::string> caption_ids(const CaptionEmbeddings& captions) {
  std::vector<std::string> ids;
  for (const auto& c : captions) ids.push_back(c.first);
  return ids;
}

// The distinct rates of the rows collected on `day` (what read_day_rates() reads from a database).
std::vector<double> day_rates(const Window& w, DayNumber day) {
  std::vector<double> rates;
  for (const OutcomeRow& r : w.rows)
    if (r.collected_day == day) rates.push_back(r.engagement_rate);
  std::sort(rates.begin(), rates.end());
  rates.erase(std::unique(rates.begin(), rates.end()), rates.end());
  return rates;
}

// `shards` partials fed their rows in window order, each saved and loaded back, merged in shard order.
MetaPartial sharded(const Window& w, DayNumber day, std::uint32_t shards) {
  std::vector<MetaPartial> parts;
  for (std::uint32_t s = 0; s < shards; ++s) parts.emplace_back(day, day_rates(w, day), caption_ids(w.captions));
  for (const OutcomeRow& r : w.rows) parts[shard_of(r.decision_id, shards)].add(r);
  std::vector<MetaPartial> loaded;
  for (const MetaPartial& p : parts) {
    ByteWriter out;
    p.save(out);
    ByteReader in(out.bytes().data(), out.bytes().size());
    Result<MetaPartial> back = MetaPartial::load(in);
    EXPECT_TRUE(back.ok()) << back.error().message;
    loaded.push_back(std::move(back).value());
  }
  for (std::uint32_t s = 1; s < shards; ++s) EXPECT_TRUE(loaded[0].merge(std::move(loaded[s])).ok());
  return std::move(loaded[0]);
}

// Numbers within `tolerance` (0: the same text), everything else equal.
void expect_same_json(const nlohmann::json& a, const nlohmann::json& b, double tolerance, const std::string& where) {
  if (a.is_number() && b.is_number() && tolerance > 0) {
    EXPECT_NEAR(a.get<double>(), b.get<double>(), tolerance) << where;
  } else if (a.is_object() && b.is_object() && a.size() == b.size()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << where << "." << it.key();
      expect_same_json(*it, b[it.key()], tolerance, where + "." + it.key());
    }
  } else {
    EXPECT_EQ(a.dump(), b.dump()) << where;
  }
}

void expect_same_column(const std::optional<double>& a, const std::optional<double>& b, double tolerance,
                        const std::string& where) {
  ASSERT_EQ(a.has_value(), b.has_value()) << where;
  if (!a) return;
  if (tolerance > 0) {
    EXPECT_NEAR(*a, *b, tolerance) << where;
  } else {
    EXPECT_EQ(*a, *b) << where;
  }
}

// The merged scores against the single process's: `tolerance` for the figures built on the timing sums.
void expect_same_scores(const MetaScores& merged, const MetaScores& single, double tolerance) {
  ASSERT_EQ(merged.items.size(), single.items.size());
  EXPECT_EQ(merged.brand_alignment_method, single.brand_alignment_method);
  for (std::size_t i = 0; i < single.items.size(); ++i) {
    const MetaScore &m = merged.items[i], &s = single.items[i];
    const std::string id(s.item->decision_id);
    ASSERT_EQ(std::string(m.item->decision_id), id);
    const std::string mf = meta_factors_json(merged, i), sf = meta_factors_json(single, i);
    if (tolerance == 0) {
      EXPECT_EQ(mf, sf) << id;
    }
    expect_same_json(nlohmann::json::parse(mf), nlohmann::json::parse(sf), tolerance, id);
    // Exact whatever the sums: the percentile, the watch, the brand cosine.
    expect_same_column(m.engagement(), s.engagement(), 0, id + " engagement");
    expect_same_column(m.retention(), s.retention(), 0, id + " retention");
    expect_same_column(m.brand_alignment(), s.brand_alignment(), 0, id + " brand");
    expect_same_column(m.caption_cosine(), s.caption_cosine(), 0, id + " cosine");
    expect_same_column(m.virality(), s.virality(), tolerance, id + " virality");
    expect_same_column(m.overall(), s.overall(), tolerance, id + " overall");
    expect_same_column(m.timing(), s.timing(), tolerance, id + " timing");
    EXPECT_EQ(m.strengths(), s.strengths()) << id;
    EXPECT_EQ(m.weaknesses(), s.weaknesses()) << id;
  }
}

MetaScores single_process(const Window& w, DayNumber day) {
  return compute_meta_scores(w.rows, w.retention, w.captions,
                             [day](const OutcomeRow& r) { return r.collected_day == day; });
}

TEST(MetaPartial, ShardedScoresMatchTheSingleProcessWithAndWithoutCaptionsAndRetention) {
  for (const bool retention : {true, false}) {
    for (const bool captions : {true, false}) {
      const Window w = make_window(3000, 7 + (retention ? 1 : 0) + (captions ? 2 : 0), 0, retention, captions);
      const MetaScores single = single_process(w, kDay);
      ASSERT_GT(single.items.size(), 300u);
      EXPECT_EQ(single.brand_alignment_method.rfind(captions ? "caption centroid" : "none: 0 of 3000", 0), 0u)
          << single.brand_alignment_method;
      for (const std::uint32_t shards : {2u, 3u}) {
        SCOPED_TRACE("retention " + std::to_string(retention) + ", captions " + std::to_string(captions) + ", " +
                     std::to_string(shards) + " shards");
        MetaPartial merged = sharded(w, kDay, shards);
        EXPECT_EQ(merged.rows(), w.rows.size());
        expect_same_scores(merged.finish(w.retention, w.captions), single, 1e-9);
      }
    }
  }
}

TEST(MetaPartial, TiedRatesWithExactSumsGiveTheSameBytes) {
  // Rates in steps of 1/64: many ties (percentile mid-ranks, the brand ranking's tie order by decision id) and sums
  // that no order changes, so every written figure is the single process's byte for byte.
  const Window w = make_window(2000, 11, 8, true, true);
  const MetaScores single = single_process(w, kDay);
  for (const std::uint32_t shards : {2u, 3u}) {
    MetaPartial merged = sharded(w, kDay, shards);
    expect_same_scores(merged.finish(w.retention, w.captions), single, 0);
  }
}

TEST(MetaPartial, OnePartialFedEveryRowIsTheSingleProcessByteForByte) {
  const Window w = make_window(1500, 5, 0, true, true);
  MetaPartial one(kDay, day_rates(w, kDay), caption_ids(w.captions));
  for (const OutcomeRow& r : w.rows) one.add(r);
  ByteWriter out;
  one.save(out);
  ByteReader in(out.bytes().data(), out.bytes().size());
  Result<MetaPartial> back = MetaPartial::load(in);
  ASSERT_TRUE(back.ok()) << back.error().message;
  expect_same_scores(back.value().finish(w.retention, w.captions), single_process(w, kDay), 0);
  // The scores own their rows: they outlive the partial.
  MetaScores kept = MetaPartial(std::move(back).value()).finish(w.retention, w.captions);
  ASSERT_FALSE(kept.items.empty());
  EXPECT_EQ(std::string(kept.items[0].item->decision_id).substr(0, 1), "d");
}

TEST(MetaPartial, ADayWithoutItemsScoresNothingButKeepsTheWindow) {
  const Window w = make_window(800, 3, 0, true, true);
  const MetaScores single = single_process(w, kDay + 1);
  EXPECT_TRUE(single.items.empty());
  MetaPartial merged = sharded(w, kDay + 1, 3);
  EXPECT_EQ(merged.items(), 0u);
  EXPECT_EQ(merged.rows(), 800u);
  const MetaScores scores = merged.finish(w.retention, w.captions);
  EXPECT_TRUE(scores.items.empty());
  EXPECT_EQ(scores.brand_alignment_method, single.brand_alignment_method);
}

TEST(MetaPartial, AnEmptyShardMergesAsNothing) {
  const Window w = make_window(40, 9, 0, false, false);
  MetaPartial all(kDay, day_rates(w, kDay)), empty(kDay, day_rates(w, kDay));
  for (const OutcomeRow& r : w.rows) all.add(r);
  ASSERT_TRUE(all.merge(std::move(empty)).ok());
  MetaPartial none(kDay, day_rates(w, kDay));
  ASSERT_TRUE(none.merge(std::move(all)).ok());
  expect_same_scores(none.finish(w.retention, w.captions), single_process(w, kDay), 0);
}

std::string saved(const MetaPartial& p) {
  ByteWriter out;
  p.save(out);
  return out.bytes();
}

std::string load_error(const std::string& bytes) {
  ByteReader in(bytes.data(), bytes.size());
  Result<MetaPartial> p = MetaPartial::load(in);
  return p.ok() ? std::string("loaded") : p.error().message;
}

TEST(MetaPartial, LoadRefusesTruncatedAndGarbageBytesSayingWhatIsWrong) {
  const Window w = make_window(200, 13, 0, false, true);
  MetaPartial p(kDay, day_rates(w, kDay), caption_ids(w.captions));
  for (const OutcomeRow& r : w.rows) p.add(r);
  const std::string bytes = saved(p);
  ASSERT_EQ(load_error(bytes), "loaded");
  for (std::size_t cut = 0; cut < bytes.size(); cut += (cut < 64 ? 1 : 97)) {
    const std::string message = load_error(bytes.substr(0, cut));
    EXPECT_EQ(message.rfind("meta scores partial: ", 0), 0u) << cut << ": " << message;
    EXPECT_NE(message.find("truncated"), std::string::npos) << cut << ": " << message;
  }
  EXPECT_EQ(load_error(bytes + "x"), "meta scores partial: 1 unexpected bytes after the end");
  EXPECT_EQ(load_error(std::string(100, '\x5a')), "meta scores partial: not a meta scores partial (bad magic number)");
  std::string version = bytes;
  version[4] = 9;
  EXPECT_EQ(load_error(version), "meta scores partial: format version 9, this build reads version 2");
  std::string rows = bytes;  // a row count the rate counts do not add up to
  rows[16 + 7] = 0x7f;
  EXPECT_NE(load_error(rows).find("rate counts add up to 200 rows, not "), std::string::npos) << load_error(rows);
  std::string cuts = bytes;  // more day rates than the bytes hold
  cuts[24 + 7] = 0x7f;
  EXPECT_NE(load_error(cuts).find("day rates announced"), std::string::npos) << load_error(cuts);
}

TEST(MetaPartial, MergingWhileReadingIsMergingTheLoadedPartial) {
  const Window w = make_window(1200, 23, 0, true, true);
  std::vector<std::string> shard_bytes(3);
  {
    std::vector<MetaPartial> parts;
    for (int s = 0; s < 3; ++s) parts.emplace_back(kDay, day_rates(w, kDay), caption_ids(w.captions));
    for (const OutcomeRow& r : w.rows) parts[shard_of(r.decision_id, 3)].add(r);
    for (int s = 0; s < 3; ++s) shard_bytes[static_cast<std::size_t>(s)] = saved(parts[static_cast<std::size_t>(s)]);
  }
  MetaPartial loaded_then_merged(kDay, day_rates(w, kDay)), merged_as_read(kDay, day_rates(w, kDay));
  for (const std::string& b : shard_bytes) {
    ByteReader one(b.data(), b.size()), two(b.data(), b.size());
    ASSERT_TRUE(loaded_then_merged.merge(MetaPartial::load(one).value()).ok());
    ASSERT_TRUE(merged_as_read.merge_load(two).ok());
  }
  EXPECT_EQ(saved(merged_as_read), saved(loaded_then_merged));
  expect_same_scores(merged_as_read.finish(w.retention, w.captions), single_process(w, kDay), 1e-9);
  // Other day rates are refused as merge() refuses them; cut bytes as load() refuses them.
  std::vector<double> fewer = day_rates(w, kDay);
  fewer.pop_back();
  MetaPartial other_rates(kDay, fewer);
  ByteReader in(shard_bytes[0].data(), shard_bytes[0].size());
  const Status refused = other_rates.merge_load(in);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("run every shard again"), std::string::npos) << refused.error().message;
  for (std::size_t cut = 0; cut < shard_bytes[1].size(); cut += 29) {
    MetaPartial into(kDay, day_rates(w, kDay));
    ByteReader part(shard_bytes[1].data(), cut);
    const Status s = into.merge_load(part);
    ASSERT_FALSE(s.ok()) << "cut at " << cut;
    EXPECT_EQ(s.error().message.rfind("meta scores partial: ", 0), 0u) << s.error().message;
  }
}

TEST(MetaPartial, MergingAFinishedPartialLeavesItsScoresValid) {
  const Window w = make_window(600, 19, 0, true, true);
  MetaPartial one(kDay, day_rates(w, kDay), caption_ids(w.captions));
  for (const OutcomeRow& r : w.rows) one.add(r);
  const MetaScores scores = one.finish(w.retention, w.captions);  // points into one's items
  ASSERT_FALSE(scores.items.empty());
  const std::string factors = meta_factors_json(scores, 0);
  MetaPartial into(kDay, day_rates(w, kDay), caption_ids(w.captions));
  ASSERT_TRUE(into.merge(std::move(one)).ok());  // copies the shared items instead of draining them
  EXPECT_EQ(meta_factors_json(scores, 0), factors);
  expect_same_scores(into.finish(w.retention, w.captions), single_process(w, kDay), 0);
}

TEST(MetaPartial, PartialsCountedAgainstOtherDayRatesDoNotMergeAndAMissingRateIsAProblem) {
  const Window w = make_window(300, 17, 0, false, false);
  std::vector<double> rates = day_rates(w, kDay);
  ASSERT_GT(rates.size(), 3u);
  MetaPartial first(kDay, rates);
  const double dropped = rates[rates.size() / 2];
  rates.erase(rates.begin() + static_cast<std::ptrdiff_t>(rates.size() / 2));
  MetaPartial second(kDay, rates);
  for (const OutcomeRow& r : w.rows) {
    first.add(r);
    second.add(r);
  }
  EXPECT_EQ(first.problem(), "");
  EXPECT_NE(second.problem().find("not among the day's rates"), std::string::npos) << second.problem();
  EXPECT_NE(second.problem().find(format_number(dropped)), std::string::npos) << second.problem();
  const Status refused = first.merge(std::move(second));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("run every shard again"), std::string::npos) << refused.error().message;
  EXPECT_EQ(first.rows(), 300u);  // refused before anything was added
}

TEST(MetaPartial, MeasuresAMillionRowsWhenAsked) {
  if (std::getenv("LEARNLOOP_META_PARTIAL_BENCH") == nullptr) GTEST_SKIP() << "set LEARNLOOP_META_PARTIAL_BENCH=1";
  const Window w = make_window(1000000, 1, 0, true, true);
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  const auto t0 = Clock::now();
  const MetaScores single = single_process(w, kDay);
  const auto t1 = Clock::now();
  MetaPartial one(kDay, day_rates(w, kDay), caption_ids(w.captions));
  for (const OutcomeRow& r : w.rows) one.add(r);
  const auto t2 = Clock::now();
  const MetaScores through = one.finish(w.retention, w.captions);
  const auto t3 = Clock::now();
  const std::size_t bytes = saved(one).size();
  const auto t4 = Clock::now();
  MetaPartial merged = sharded(w, kDay, 2);
  const auto t5 = Clock::now();
  const MetaScores two = merged.finish(w.retention, w.captions);
  const auto t6 = Clock::now();
  std::printf(
      "meta scores at 1M rows (%zu scored, %zu captioned): compute_meta_scores %.0f ms; partial add %.0f ms + "
      "finish %.0f ms; saved partial %zu bytes (%.1f per row); 2 shards add+save+load+merge %.0f ms + finish "
      "%.0f ms\n",
      single.items.size(), one.captioned(), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), bytes,
      static_cast<double>(bytes) / 1e6, ms(t5 - t4), ms(t6 - t5));
  expect_same_scores(through, single, 0);
  expect_same_scores(two, single, 1e-9);
}

}  // namespace
}  // namespace learnloop
