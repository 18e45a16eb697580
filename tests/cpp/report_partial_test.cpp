// The learning report's and the daily snapshot's mergeable partial: a window split into shards by
// decision id, each shard's partial saved, loaded and merged in shard order, gives the report and the
// snapshot of the single-process run (which goes through one partial); load() refuses bad bytes.
//
// Tolerance: counts, top-k lists, keys and every text are exact; sums merge up to float association
// (last bits), and the report prints rates rounded to 6 places, lifts, shares and the correlation to 4, money
// and watch percentages to 2. A mean that sits exactly on a rounding half-point (rates on a grid, as in the
// grid windows here) can round the other way after merging: the comparison allows one unit in the last printed
// place of a number and counts the numbers that differ at all (0 for windows with continuous rates).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "learnloop/analytics/learning_report.hpp"
#include "learnloop/analytics/report_partial.hpp"
#include "learnloop/core/shard.hpp"

namespace learnloop {
namespace {

constexpr DayNumber kDate = 20400;
constexpr int kDays = 30;

// A window of `n` outcome rows in decision id byte order (as the store reads it), with repeated rates (ties),
// rows under 100 impressions, unknown fields, hours past 23, and retention rows for some ids and some unknown ids.
ReportInputs random_window(std::size_t n, std::uint64_t seed, bool grid_rates = false) {
  std::mt19937_64 rng(seed);
  ReportInputs in;
  in.date = kDate;
  in.from = kDate - kDays + 1;
  std::set<std::string> ids;
  while (ids.size() < n) {
    std::string id = "c";
    const int len = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < len; ++i) id += "0123456789abcdef"[rng() % 16];
    ids.insert(id);
  }
  const char* types[] = {"story_thread", "tip", "meme", "question", "poll", ""};
  const char* hooks[] = {"question", "stat", "story", ""};
  const char* platforms[] = {"tiktok", "youtube", "x", ""};
  const auto uniform = [&rng]() { return static_cast<double>(rng() % 1000000) / 1000000.0; };
  for (const std::string& id : ids) {
    OutcomeRow r;
    r.decision_id = in.outcomes.pool().copy(id);
    r.collected_day = in.from + static_cast<DayNumber>(rng() % kDays);
    r.impressions = static_cast<double>(rng() % 2000);
    // On a grid: 80 distinct rates, many ties; else continuous.
    r.engagement_rate = grid_rates ? static_cast<double>(rng() % 80) / 1000.0 : uniform() * 0.08;
    r.engagements = std::round(r.impressions * r.engagement_rate);
    r.followers_gained = static_cast<double>(rng() % 4);
    r.revenue = rng() % 3 == 0 ? -1 : uniform() * 50;
    r.cost = rng() % 4 == 0 ? -1 : uniform() * 20;
    r.bandit_arm = in.outcomes.pool().intern(types[rng() % 6]);
    r.hook_type = in.outcomes.pool().intern(hooks[rng() % 4]);
    r.platform = in.outcomes.pool().intern(platforms[rng() % 4]);
    r.quality_score = rng() % 5 == 0 ? -1 : uniform();
    const int hour = static_cast<int>(rng() % 27) - 1;  // -1 (unknown) to 25
    r.posted_hour = hour;
    in.outcomes.push_back(r);
  }
  std::size_t i = 0;
  for (const std::string& id : ids) {
    if (i++ % 7 != 0) continue;
    RetentionRow t;
    t.content_id = id;
    t.avg_watch_percentage = uniform() * 100;
    t.completion_rate = uniform();
    t.drop_off_points = {std::round(uniform() * 10) / 10, 0.1};
    t.measured_day = in.from + static_cast<DayNumber>(rng() % kDays);
    t.hook_type = hooks[rng() % 4];
    in.retention.push_back(t);
  }
  for (int k = 0; k < 4; ++k) {  // retention of content with no outcome in the window
    RetentionRow t;
    t.content_id = "zz" + std::to_string(k);
    t.avg_watch_percentage = 40 + k;
    t.completion_rate = 0.2;
    t.measured_day = kDate;
    in.retention.push_back(t);
  }
  in.bandits = {{"content", "arms"}};
  in.models = nullptr;
  return in;
}

// The window's rows split into `shards` by decision id, each shard's partial through bytes, merged in shard order.
ReportPartial sharded_partial(const ReportInputs& in, std::uint32_t shards) {
  std::vector<std::string> saved;
  for (std::uint32_t s = 0; s < shards; ++s) {
    ReportPartial p(in.date, in.from, in.retention);
    for (const OutcomeRow& r : in.outcomes) {
      if (in_shard(r.decision_id, ShardSpec{s, shards})) p.add(r);
    }
    ByteWriter out;
    p.save(out);
    saved.push_back(out.bytes());
  }
  std::vector<ReportPartial> loaded;
  for (const std::string& bytes : saved) {
    ByteReader reader(bytes.data(), bytes.size());
    Result<ReportPartial> p = ReportPartial::load(reader);
    EXPECT_TRUE(p.ok()) << p.error().message;
    loaded.push_back(std::move(p).value());
  }
  ReportPartial merged = loaded.front();
  for (std::size_t s = 1; s < loaded.size(); ++s) {
    const Status st = merged.merge(loaded[s]);
    EXPECT_TRUE(st.ok()) << st.error().message;
  }
  return merged;
}

// One unit in the last place the report prints a number with, by its key.
double last_printed_place(const std::string& key) {
  if (key.find("engagement_rate") != std::string::npos) return 1e-6;
  for (const char* two : {"cost", "revenue", "total_cost", "total_revenue", "avg_watch_percentage", "avg_retention"})
    if (key == two) return 1e-2;
  return 1e-4;
}

// Equal JSON, numbers within one unit of their last printed place; counts the numbers that differ at all.
void expect_same(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, const std::string& path,
                 const std::string& key, int* differing) {
  if (a.is_number_float() || b.is_number_float()) {
    ASSERT_TRUE(a.is_number() && b.is_number()) << path << ": " << a << " vs " << b;
    const double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::fabs(x - y), 1.01 * last_printed_place(key)) << path << ": " << x << " vs " << y;
    if (x != y) {
      ++*differing;
      std::printf("  %s: %.17g vs %.17g\n", path.c_str(), x, y);
    }
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << path << ": " << a << " vs " << b;
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    auto ib = b.begin();
    for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
      ASSERT_EQ(ia.key(), ib.key()) << path;
      expect_same(ia.value(), ib.value(), path + "." + ia.key(), ia.key(), differing);
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path << ": " << a << " vs " << b;
    for (std::size_t i = 0; i < a.size(); ++i)
      expect_same(a[i], b[i], path + "[" + std::to_string(i) + "]", key, differing);
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

// The sharded run's report and snapshot against the single-process ones; returns how many numbers differ.
int compare_sharded(const ReportInputs& in, std::uint32_t shards) {
  const nlohmann::ordered_json single = produce_learning_report(in);
  const nlohmann::ordered_json single_snapshot = snapshot_to_json(build_daily_snapshot(in, single));
  const ReportPartial merged = sharded_partial(in, shards);
  EXPECT_EQ(merged.rows(), in.outcomes.size());
  Result<nlohmann::ordered_json> report = merged.report(in.retention, in.bandits, in.models);
  EXPECT_TRUE(report.ok());
  if (!report.ok()) return -1;
  Result<DailySnapshot> snapshot = merged.snapshot(in.retention, report.value());
  EXPECT_TRUE(snapshot.ok());
  if (!snapshot.ok()) return -1;
  int differing = 0;
  expect_same(single, report.value(), "report", "", &differing);
  expect_same(single_snapshot, snapshot_to_json(snapshot.value()), "snapshot", "", &differing);
  return differing;
}

TEST(ReportPartial, ShardedReportAndSnapshotEqualTheSingleProcessOnes) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const ReportInputs in = random_window(3000, seed);
    for (std::uint32_t shards : {2u, 3u}) {
      const int differing = compare_sharded(in, shards);
      EXPECT_EQ(differing, 0) << "seed " << seed << ", " << shards << " shards";
    }
    // Rates on a grid: ties everywhere, and means on rounding half-points (within one unit of the last place).
    const ReportInputs grid = random_window(3000, seed, true);
    for (std::uint32_t shards : {2u, 3u}) {
      const int differing = compare_sharded(grid, shards);
      std::printf("grid window, seed %llu, %u shards: %d numbers differ\n", static_cast<unsigned long long>(seed),
                  shards, differing);
    }
    const nlohmann::ordered_json report = produce_learning_report(in);
    EXPECT_EQ(report["status"], "ok");
    EXPECT_EQ(report["best_performers"].size(), 5u);
    EXPECT_FALSE(report["retention"].is_null());
  }
}

TEST(ReportPartial, EmptyWindowMergesToNoData) {
  ReportInputs in;
  in.date = kDate;
  in.from = kDate - 6;
  for (std::uint32_t shards : {2u, 3u}) EXPECT_EQ(compare_sharded(in, shards), 0);
  EXPECT_EQ(produce_learning_report(in)["status"], "no_data");
  const ReportPartial merged = sharded_partial(in, 2);
  EXPECT_EQ(merged.report({}, nullptr, nullptr).value()["status"], "no_data");
  EXPECT_EQ(merged.snapshot({}, nullptr).value().total_content_analyzed, 0);
}

TEST(ReportPartial, OneRowLandsInOneShardAndMergesToTheSameReport) {
  ReportInputs in = random_window(1, 9);
  in.outcomes.front().collected_day = kDate;
  in.outcomes.front().impressions = 500;
  for (std::uint32_t shards : {2u, 3u}) EXPECT_EQ(compare_sharded(in, shards), 0);
  const nlohmann::ordered_json report = produce_learning_report(in);
  EXPECT_EQ(report["summary"]["content_analyzed"], 1);
  EXPECT_EQ(report["best_performers"].size(), 1u);
  EXPECT_EQ(report["best_performers"], report["worst_performers"]);
}

TEST(ReportPartial, TiesAtTheTopFiveBoundaryAcrossShardsKeepWindowOrder) {
  // Eight rows share the fifth-highest rate; which of them make the best 5 depends only on decision id order.
  ReportInputs in;
  in.date = kDate;
  in.from = kDate - 6;
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back("t" + std::to_string(i));  // "t0" < "t1" < "t10" < ...: byte order
  std::sort(ids.begin(), ids.end());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    OutcomeRow r;
    r.decision_id = in.outcomes.pool().copy(ids[i]);
    r.collected_day = kDate;
    r.impressions = 1000;
    r.engagement_rate = i % 5 == 0 ? 0.05 : i < 4 ? 0.09 : 0.01;  // 3 above the tie, then 8 at 0.05
    r.bandit_arm = "tip";
    r.platform = "x";
    in.outcomes.push_back(r);
  }
  std::set<std::uint32_t> shards_of_tied;
  for (std::size_t i = 0; i < ids.size(); i += 5) shards_of_tied.insert(shard_of(ids[i], 3));
  ASSERT_GT(shards_of_tied.size(), 1u) << "the tied rows should fall in several shards";
  for (std::uint32_t shards : {2u, 3u}) EXPECT_EQ(compare_sharded(in, shards), 0);
  const nlohmann::ordered_json report = produce_learning_report(in);
  std::vector<std::string> best;
  for (const auto& p : report["best_performers"]) best.push_back(p["decision_id"]);
  // ids[1..3] have 0.09 (ids[0] is tied at 0.05), then the first tied row in window order: ids[0].
  EXPECT_EQ(best, (std::vector<std::string>{ids[1], ids[2], ids[3], ids[0], ids[5]}));
  std::vector<std::string> worst;
  for (const auto& p : report["worst_performers"]) worst.push_back(p["decision_id"]);
  // Lowest first; ties in reverse window order (the report's order since the partial sorts).
  EXPECT_EQ(worst, (std::vector<std::string>{ids[39], ids[38], ids[37], ids[36], ids[34]}));
  const DailySnapshot snapshot = build_daily_snapshot(in, report);
  EXPECT_EQ(snapshot.best_content_ids, nlohmann::json({ids[1], ids[2], ids[3]}));
}

TEST(ReportPartial, GroupsBelowTheMinimumDriveNoRecommendationWhenMerged) {
  // Two content types of 4 posts each (below kMinGroup = 5), one far better: no "post more" recommendation.
  ReportInputs in;
  in.date = kDate;
  in.from = kDate - 6;
  for (int i = 0; i < 8; ++i) {
    OutcomeRow r;
    r.decision_id = in.outcomes.pool().copy("g" + std::to_string(i));
    r.collected_day = kDate - 1;
    r.impressions = 1000;
    r.bandit_arm = i < 4 ? "tip" : "meme";
    r.engagement_rate = i < 4 ? 0.10 + 0.001 * i : 0.01 + 0.001 * i;
    r.platform = "x";
    r.posted_hour = 9 + i % 2;
    in.outcomes.push_back(r);
  }
  for (std::uint32_t shards : {2u, 3u}) EXPECT_EQ(compare_sharded(in, shards), 0);
  const nlohmann::ordered_json report = produce_learning_report(in);
  EXPECT_EQ(report["engagement"]["by_content_type"].size(), 2u);
  EXPECT_TRUE(report["recommendations"]["content"].empty()) << report["recommendations"];
  EXPECT_EQ(report["findings"]["content_type"]["status"], "not_enough_data");
}

TEST(ReportPartial, SavedBytesReadBackToTheSameBytes) {
  const ReportInputs in = random_window(500, 4);
  ReportPartial p(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) p.add(r);
  ByteWriter out;
  p.save(out);
  ByteReader reader(out.bytes().data(), out.bytes().size());
  Result<ReportPartial> loaded = ReportPartial::load(reader);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  ByteWriter again;
  loaded.value().save(again);
  EXPECT_EQ(again.bytes(), out.bytes());
}

Result<ReportPartial> load_bytes(const std::string& bytes) {
  ByteReader reader(bytes.data(), bytes.size());
  return ReportPartial::load(reader);
}

TEST(ReportPartial, LoadRefusesTruncatedBytesAtEveryLength) {
  const ReportInputs in = random_window(200, 5);
  ReportPartial p(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) p.add(r);
  ByteWriter out;
  p.save(out);
  const std::string& bytes = out.bytes();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    Result<ReportPartial> loaded = load_bytes(bytes.substr(0, n));
    ASSERT_FALSE(loaded.ok()) << "a prefix of " << n << " of " << bytes.size() << " bytes was accepted";
    EXPECT_EQ(loaded.error().message.rfind("report partial: ", 0), 0u) << loaded.error().message;
  }
  EXPECT_NE(load_bytes(bytes.substr(0, bytes.size() - 3)).error().message.find("truncated"), std::string::npos);
  Result<ReportPartial> trailing = load_bytes(bytes + "xy");
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.error().message.find("2 bytes after the end"), std::string::npos) << trailing.error().message;
}

TEST(ReportPartial, LoadRefusesGarbageOtherVersionsAndInconsistentFigures) {
  Result<ReportPartial> garbage = load_bytes("this is not a partial at all, just text");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("not a report partial"), std::string::npos) << garbage.error().message;

  ReportPartial p(kDate, kDate - 6);
  ByteWriter out;
  p.save(out);
  std::string bytes = out.bytes();
  std::string other_version = bytes;
  other_version[4] = 9;
  Result<ReportPartial> version = load_bytes(other_version);
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(version.error().message.find("format version 9"), std::string::npos) << version.error().message;

  // Rows (at offset 24) set to 0 under a costed count of 1: inconsistent.
  ReportInputs in = random_window(50, 6);
  ReportPartial full(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) full.add(r);
  ByteWriter full_out;
  full.save(full_out);
  std::string zero_rows = full_out.bytes();
  for (int i = 0; i < 8; ++i) zero_rows[24 + static_cast<std::size_t>(i)] = 0;
  Result<ReportPartial> inconsistent = load_bytes(zero_rows);
  ASSERT_FALSE(inconsistent.ok());
  EXPECT_NE(inconsistent.error().message.find("more costed rows"), std::string::npos) << inconsistent.error().message;

  // A group count far beyond the bytes left is refused before anything is allocated.
  std::string huge = bytes;
  const std::size_t groups_at = 4 + 4 + 8 + 8 + 8 + 4 * 8 + 8 + 8 + 4 * 8 + 8 + 5 * 8;
  huge[groups_at + 3] = 0x7f;
  Result<ReportPartial> huge_count = load_bytes(huge);
  ASSERT_FALSE(huge_count.ok());
  EXPECT_NE(huge_count.error().message.find("content type groups count"), std::string::npos)
      << huge_count.error().message;
}

TEST(ReportPartial, MergeAndFinishRefuseAnotherWindowOrOtherRetentionRows) {
  const ReportInputs in = random_window(100, 7);
  ReportPartial a(in.date, in.from, in.retention);
  const ReportPartial other_day(in.date + 1, in.from + 1, in.retention);
  const Status day = a.merge(other_day);
  ASSERT_FALSE(day.ok());
  EXPECT_NE(day.error().message.find("cannot merge the window"), std::string::npos) << day.error().message;
  const ReportPartial no_retention(in.date, in.from);
  const Status retention = a.merge(no_retention);
  ASSERT_FALSE(retention.ok());
  EXPECT_NE(retention.error().message.find("different retention rows"), std::string::npos);
  Result<nlohmann::ordered_json> report = a.report({}, nullptr, nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("not the ones the partial was made with"), std::string::npos);
}

// Timing and size at scale (LEARNLOOP_REPORT_PARTIAL_BENCH_ROWS=1000000): report + snapshot through one partial,
// and sharded 2 and 3 ways, with the partial's bytes and the number of report figures that differ.
TEST(ReportPartial, ScaleBenchWhenAsked) {
  const char* rows = std::getenv("LEARNLOOP_REPORT_PARTIAL_BENCH_ROWS");
  if (!rows) GTEST_SKIP() << "set LEARNLOOP_REPORT_PARTIAL_BENCH_ROWS to run";
  const ReportInputs in = random_window(static_cast<std::size_t>(std::stoull(rows)), 11);
  const auto t0 = std::chrono::steady_clock::now();
  const nlohmann::ordered_json report = produce_learning_report(in);
  const DailySnapshot snapshot = build_daily_snapshot(in, report);
  const auto t1 = std::chrono::steady_clock::now();
  std::printf("single: %.1f ms for report + snapshot over %zu rows\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count(), in.outcomes.size());
  for (std::uint32_t shards : {2u, 3u}) {
    ReportPartial p(in.date, in.from, in.retention);
    for (const OutcomeRow& r : in.outcomes) {
      if (in_shard(r.decision_id, ShardSpec{0, shards})) p.add(r);
    }
    ByteWriter out;
    p.save(out);
    std::printf("shard 0/%u: %zu bytes\n", shards, out.bytes().size());
    std::printf("%u shards: %d numbers differ from the single-process report and snapshot\n", shards,
                compare_sharded(in, shards));
  }
}

}  // namespace
}  // namespace learnloop
