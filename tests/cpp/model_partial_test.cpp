// The learning job's predictors as a mergeable partial (issue 17, sharded run): one partial fed every
// row fits what fit_models() fits (same statuses, reasons, rows, spec, dropped columns; the logistic
// bit for bit; the ridge, solved from X'X and X'y, within a stated tolerance), and N shards' partials
// saved, loaded and merged in shard order fit the same within the stated tolerance; load() refuses cut
// or garbled bytes, saying what is wrong. LEARNLOOP_MODEL_PARTIAL_BENCH=N (rows) also measures the
// partial's size and finish() time against fit_models at N rows.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "learnloop/core/fnv1a.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/predictors/split.hpp"
#include "pipelines/job_parts.hpp"
#include "pipelines/model_partial.hpp"

namespace learnloop {
namespace {

// Ridge (centred at the end from raw X'X and X'y sums instead of fit_ridge's two passes) against fit_models, and
// anything that went through shards (sums added in shard order, records in shard order): coefficients and intercept
// within this much of the largest coefficient magnitude, metrics within this much relative. Measured on the cases
// below (<= 3000 rows): 8.6e-13 (one partial's ridge), 8.0e-13 (2 and 3 shards); the logistic of one partial is the
// same document bit for bit.
constexpr double kRidgeTolerance = 1e-9;
constexpr double kShardTolerance = 1e-9;
// At 1M rows (the bench) the ridge's coefficients move more: measured 1.0e-7 (one partial and 2 shards) while the
// metrics agree to ~1e-13. The content-type one-hots sum to the intercept on every usable row, so only alpha = 1 pins
// that direction and the centring of raw sums (rounding ~ eps x counts) shows in it; fit_models itself moves 5.4e-10
// when its rows are reversed.
constexpr double kRidgeToleranceAt1M = 1e-6;

// A deterministic number in [0, 1) from a key.
double unit(std::uint64_t key) {
  std::uint64_t h = fnv1a_add(kFnv1aOffset64, &key, sizeof key);
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

struct RowShape {
  std::size_t platforms = 4;  // 1: a one-platform account
  std::size_t formats = 4;    // 1: one decision type
  bool followers = true;      // some content gains followers
  std::size_t types = 5;      // content types
};

// A window of n rows in decision-id order with realistic columns: rates driven by type, quality, platform and hour
// plus noise, follows by a logistic of the same, some rows without metadata, empty categories, -0 quality.
OutcomeRows window(std::size_t n, const RowShape& shape, std::uint64_t seed = 1) {
  const char* types[] = {"educational_thread", "story_thread", "meme_single", "question_reply", "case_study", "poll"};
  const char* formats[] = {"thread", "single", "reply", ""};
  const char* platforms[] = {"twitter", "linkedin", "tiktok", "instagram", ""};
  OutcomeRows rows;
  rows.resize(n);
  char id[32];
  for (std::size_t i = 0; i < n; ++i) {
    OutcomeRow& r = rows[i];
    std::snprintf(id, sizeof id, "c%09zu", i);
    r.decision_id = rows.pool().copy(id);
    const std::uint64_t k = seed * 1000003ULL + i * 8;
    const std::size_t type = static_cast<std::size_t>(unit(k) * static_cast<double>(shape.types));
    r.bandit_arm = unit(k + 1) < 0.02 ? "" : types[type];  // no type: not usable
    r.decision_type = formats[static_cast<std::size_t>(unit(k + 2) * static_cast<double>(shape.formats))];
    r.platform = platforms[static_cast<std::size_t>(unit(k + 3) * static_cast<double>(shape.platforms))];
    r.quality_score = unit(k + 4) < 0.01 ? -0.0 : std::round(unit(k + 5) * 1000) / 1000;
    if (unit(k + 6) < 0.02) r.quality_score = -1;  // unknown quality: not usable
    r.posted_hour = static_cast<int>(unit(k + 7) * 24);
    const double hour_effect = 0.004 * std::sin(static_cast<double>(r.posted_hour) / 3.8);
    const double rate = 0.01 + 0.004 * static_cast<double>(type) + 0.03 * r.quality_score + hour_effect +
                        0.002 * static_cast<double>(r.platform.size() % 3) + 0.01 * (unit(k + 9) - 0.5);
    r.engagement_rate = std::max(0.0, rate) + 0.0;
    const double z =
        -2 + 3 * r.quality_score + 0.3 * static_cast<double>(type) - 0.2 * static_cast<double>(r.platform.size() % 4);
    r.followers_gained = shape.followers && unit(k + 10) < 1 / (1 + std::exp(-z)) ? 3 : 0;
  }
  return rows;
}

// The rows of one shard, in window order.
OutcomeRows shard_rows(const OutcomeRows& rows, ShardSpec shard) {
  OutcomeRows out = OutcomeRows::sharing_pool(rows);
  for (const OutcomeRow& r : rows)
    if (in_shard(r.decision_id, shard)) out.push_back(r);
  return out;
}

job::ModelFits one_partial(const std::vector<OutcomeRow>& rows, DayNumber date) {
  job::ModelPartial partial(date);
  for (const OutcomeRow& r : rows) partial.add(r);
  return partial.finish();
}

// A partial's bytes.
std::string bytes_of(const job::ModelPartial& partial) {
  ByteWriter out;
  partial.save(out);
  return out.bytes();
}

// A partial read back from bytes.
Result<job::ModelPartial> load(const std::string& bytes) {
  ByteReader in(bytes.data(), bytes.size());
  return job::ModelPartial::load(in);
}

// N shards, each partial saved to bytes and loaded back, merged in shard order.
job::ModelFits sharded(const OutcomeRows& rows, DayNumber date, std::uint32_t shards) {
  job::ModelPartial merged(date);
  for (std::uint32_t s = 0; s < shards; ++s) {
    job::ModelPartial partial(date);
    for (const OutcomeRow& r : shard_rows(rows, {s, shards})) partial.add(r);
    Result<job::ModelPartial> loaded = load(bytes_of(partial));
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    if (!loaded.ok()) return {};
    EXPECT_TRUE(merged.merge(std::move(loaded).value()).ok());
  }
  return merged.finish();
}

// Largest |a - b| over the coefficients and intercept, relative to the largest coefficient magnitude.
double coefficient_gap(const LinearModel& a, const LinearModel& b) {
  double scale = std::abs(a.intercept);
  for (double c : a.coefficients) scale = std::max(scale, std::abs(c));
  double gap = std::abs(a.intercept - b.intercept);
  for (std::size_t i = 0; i < a.coefficients.size() && i < b.coefficients.size(); ++i)
    gap = std::max(gap, std::abs(a.coefficients[i] - b.coefficients[i]));
  return gap / scale;
}

// Largest relative gap between two metrics objects ({name: number or null}).
double metrics_gap(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
  double gap = 0;
  for (const auto& [name, value] : a.items()) {
    if (!value.is_number()) {
      EXPECT_EQ(value, b[name]) << name;
      continue;
    }
    const double x = value.get<double>();
    const double y = b[name].get<double>();
    gap = std::max(gap, std::abs(x - y) / std::max(1e-300, std::max(std::abs(x), std::abs(y))));
  }
  return gap;
}

// Same statuses, reasons, row counts, model ids, features and dropped columns; spec categories equal and its means
// within `tolerance`; coefficients and metrics within `tolerance` (0: the same document bit for bit).
void expect_same_fits(const job::ModelFits& want, const job::ModelFits& got, double ridge_tolerance,
                      double logistic_tolerance, const std::string& what, double* worst = nullptr) {
  ASSERT_EQ(want.summary.size(), got.summary.size()) << what << "\n" << got.summary.dump();
  for (const auto& [name, entry] : want.summary.items()) {
    const nlohmann::ordered_json& other = got.summary[name];
    EXPECT_EQ(entry["status"], other["status"]) << what << " " << name << "\n" << other.dump();
    if (entry["status"] != "trained") {
      EXPECT_EQ(entry["reason"], other["reason"]) << what << " " << name;
      continue;
    }
    for (const char* key : {"model_id", "kind", "train_rows", "test_rows"})
      EXPECT_EQ(entry[key], other[key]) << what << " " << name << " " << key;
    EXPECT_EQ(entry.contains("dropped"), other.contains("dropped")) << what << " " << name;
    if (entry.contains("dropped")) {
      EXPECT_EQ(entry["dropped"], other["dropped"]) << what << " " << name;
    }
  }
  ASSERT_EQ(want.fitted.size(), got.fitted.size()) << what;
  for (std::size_t i = 0; i < want.fitted.size(); ++i) {
    const LinearModel& a = want.fitted[i].model;
    const LinearModel& b = got.fitted[i].model;
    const double tolerance = a.kind == "ridge" ? ridge_tolerance : logistic_tolerance;
    EXPECT_EQ(want.fitted[i].train_rows, got.fitted[i].train_rows);
    EXPECT_EQ(a.features, b.features) << what;
    EXPECT_EQ(a.dropped, b.dropped) << what;
    if (tolerance == 0) {
      EXPECT_EQ(model_to_json(a), model_to_json(b)) << what << " " << a.kind;
      continue;
    }
    // The spec: categories exactly, means within tolerance.
    for (std::size_t c = 0; c < a.feature_spec["columns"].size(); ++c) {
      const auto& x = a.feature_spec["columns"][c];
      const auto& y = b.feature_spec["columns"][c];
      EXPECT_EQ(x.value("categories", nlohmann::ordered_json()), y.value("categories", nlohmann::ordered_json()));
      if (x.contains("mean")) {
        EXPECT_NEAR(x["mean"].get<double>(), y["mean"].get<double>(), tolerance * std::abs(x["mean"].get<double>()));
      }
    }
    const double coefficients = coefficient_gap(a, b);
    EXPECT_LE(coefficients, tolerance) << what << " " << a.kind;
    double metrics = 0;
    for (const char* split : {"train", "test"}) {
      EXPECT_EQ(a.metrics.contains(split), b.metrics.contains(split)) << what << " " << split;
      if (a.metrics.contains(split)) metrics = std::max(metrics, metrics_gap(a.metrics[split], b.metrics[split]));
    }
    EXPECT_LE(metrics, tolerance) << what << " " << a.kind << " metrics";
    if (worst) *worst = std::max({*worst, coefficients, metrics});
  }
}

struct Case {
  std::string name;
  OutcomeRows rows;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"several platforms, 3000 rows", window(3000, {})});
  out.push_back({"several platforms, 401 rows", window(401, {}, 7)});
  out.push_back({"one-platform account", window(600, {1, 4, true, 5}, 3)});
  out.push_back({"one platform, one format", window(500, {1, 1, true, 3}, 4)});
  out.push_back({"nobody followed", window(300, {4, 4, false, 5}, 5)});
  out.push_back({"few rows", window(18, {}, 6)});
  // 21 usable rows whose content types are all different: more features than training rows.
  OutcomeRows wide = window(21, {}, 8);
  for (std::size_t i = 0; i < wide.size(); ++i) {
    wide[i].bandit_arm = wide.pool().copy("type" + std::to_string(i));
    wide[i].quality_score = 0.5;
  }
  out.push_back({"more features than rows", wide});
  return out;
}

// Rows of `source` on the given side of the split for `date`, usable, until `count`.
OutcomeRows on_side(const OutcomeRows& source, DayNumber date, bool test_side, std::size_t count) {
  OutcomeRows out = OutcomeRows::sharing_pool(source);
  for (const OutcomeRow& r : source) {
    if (out.size() == count) break;
    if (job::usable_for_models(r) && job::held_out_for_models(r, date) == test_side) out.push_back(r);
  }
  return out;
}

constexpr DayNumber kDate = 20780;

TEST(ModelPartial, OnePartialFitsWhatFitModelsFits) {
  double worst_ridge = 0;
  for (const Case& c : cases()) {
    const job::ModelFits want = job::fit_models(c.rows, kDate);
    const job::ModelFits got = one_partial(c.rows, kDate);
    // The logistic runs the same passes over the same rows in the same order: the same document bit for bit.
    expect_same_fits(want, got, kRidgeTolerance, 0, c.name, &worst_ridge);
  }
  std::cout << "[ model partial ] ridge from X'X vs fit_models, largest gap: " << worst_ridge << "\n";
}

TEST(ModelPartial, EdgeCasesGiveFitModelsStatusesAndReasons) {
  const OutcomeRows source = window(2000, {}, 11);
  // Every usable row on the test side: both fits fail saying so.
  const OutcomeRows all_test = on_side(source, kDate, true, 30);
  // Only one follower, on the test side: the logistic's training side has a single class.
  OutcomeRows one_class = on_side(source, kDate, false, 60);
  for (OutcomeRow& r : one_class) r.followers_gained = 0;
  const OutcomeRows test_rows = on_side(source, kDate, true, 1);
  one_class.push_back(test_rows[0]);
  one_class.back().followers_gained = 5;
  std::sort(one_class.begin(), one_class.end(),
            [](const OutcomeRow& a, const OutcomeRow& b) { return a.decision_id < b.decision_id; });
  // A non-finite rate on a training row and an infinite quality.
  OutcomeRows bad_rate = on_side(source, kDate, false, 40);
  bad_rate[7].engagement_rate = std::nan("");
  OutcomeRows bad_quality = on_side(source, kDate, false, 40);
  bad_quality[3].quality_score = INFINITY;
  // One training row: fewer rows than features.
  OutcomeRows one_train = on_side(source, kDate, true, 25);
  one_train.push_back(on_side(source, kDate, false, 1)[0]);
  for (const auto& [name, rows] :
       std::vector<std::pair<std::string, const OutcomeRows*>>{{"all test", &all_test},
                                                               {"one class in training", &one_class},
                                                               {"nan rate", &bad_rate},
                                                               {"inf quality", &bad_quality},
                                                               {"one training row", &one_train}}) {
    const job::ModelFits want = job::fit_models(*rows, kDate);
    const job::ModelFits got = one_partial(*rows, kDate);
    expect_same_fits(want, got, kRidgeTolerance, 0, name);
    bool failed = false;
    for (const auto& [plan, entry] : want.summary.items()) failed = failed || entry["status"] == "failed";
    EXPECT_TRUE(failed) << name << ": the case should make a fit fail\n" << want.summary.dump();
  }
  // An empty partial: both skipped.
  expect_same_fits(job::fit_models({}, kDate), job::ModelPartial(kDate).finish(), 0, 0, "no rows");
}

TEST(ModelPartial, ShardsSavedLoadedAndMergedFitTheSame) {
  double worst = 0;
  for (const Case& c : cases()) {
    const job::ModelFits want = job::fit_models(c.rows, kDate);
    for (std::uint32_t shards : {2u, 3u}) {
      const job::ModelFits got = sharded(c.rows, kDate, shards);
      expect_same_fits(want, got, kShardTolerance, kShardTolerance, c.name + " in " + std::to_string(shards), &worst);
    }
  }
  const OutcomeRows all_test = on_side(window(2000, {}, 11), kDate, true, 30);
  expect_same_fits(job::fit_models(all_test, kDate), sharded(all_test, kDate, 3), 0, 0, "all test in 3");
  std::cout << "[ model partial ] 2 and 3 shards vs fit_models, largest gap: " << worst << "\n";
}

// A partial over `rows`.
job::ModelPartial partial_of(const OutcomeRows& rows) {
  job::ModelPartial partial(kDate);
  for (const OutcomeRow& r : rows) partial.add(r);
  return partial;
}

TEST(ModelPartial, SavedBytesLoadBackToTheSameBytes) {
  const job::ModelPartial partial = partial_of(window(500, {}));
  const std::string bytes = bytes_of(partial);
  Result<job::ModelPartial> loaded = load(bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(bytes, bytes_of(loaded.value()));
  expect_same_fits(partial.finish(), loaded.value().finish(), 0, 0, "loaded");
}

TEST(ModelPartial, LoadRefusesCutAndGarbledBytes) {
  const std::string bytes = bytes_of(partial_of(window(120, {})));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    Result<job::ModelPartial> loaded = load(bytes.substr(0, cut));
    ASSERT_FALSE(loaded.ok()) << "cut at " << cut;
    EXPECT_EQ(loaded.error().message.rfind("model partial: ", 0), 0u) << loaded.error().message;
  }
  EXPECT_NE(load(bytes.substr(0, 100)).error().message.find("cut short"), std::string::npos);
  EXPECT_NE(load(bytes + "x").error().message.find("1 bytes follow the end"), std::string::npos);
  std::string garbage(bytes.size(), '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>(unit(i) * 256);
  EXPECT_NE(load(garbage).error().message.find("not a model partial"), std::string::npos);
  std::string newer = bytes;
  newer[4] = 2;
  EXPECT_NE(load(newer).error().message.find("format version 2"), std::string::npos);
  // A training record naming a category beyond its dictionary: the last record's platform index.
  std::string bad_index = bytes;
  bad_index[bad_index.size() - 2 - 2] = static_cast<char>(0x7f);
  bad_index[bad_index.size() - 2 - 1] = 0;
  EXPECT_NE(load(bad_index).error().message.find("beyond its dictionary"), std::string::npos)
      << load(bad_index).error().message;
  // Flipping any one byte is refused or loads a partial that saves back to those bytes (a float changed).
  for (std::size_t i = 0; i < bytes.size(); i += 7) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    Result<job::ModelPartial> loaded = load(flipped);
    if (!loaded.ok()) continue;
    EXPECT_EQ(bytes_of(loaded.value()), flipped) << "byte " << i;
  }
}

TEST(ModelPartial, MergingWhileReadingIsMergingTheLoadedPartial) {
  const OutcomeRows rows = window(900, {}, 5);
  std::vector<std::string> shard_bytes;
  for (std::uint32_t s = 0; s < 3; ++s) {
    job::ModelPartial partial(kDate);
    for (const OutcomeRow& r : shard_rows(rows, {s, 3})) partial.add(r);
    shard_bytes.push_back(bytes_of(partial));
  }
  job::ModelPartial loaded_then_merged(kDate), merged_as_read(kDate);
  for (const std::string& b : shard_bytes) {
    ASSERT_TRUE(loaded_then_merged.merge(load(b).value()).ok());
    ByteReader in(b.data(), b.size());
    ASSERT_TRUE(merged_as_read.merge_load(in).ok());
  }
  EXPECT_EQ(bytes_of(merged_as_read), bytes_of(loaded_then_merged));
  // Cut bytes are refused as load() refuses them.
  const std::string& b = shard_bytes[1];
  for (std::size_t cut = 0; cut < b.size(); cut += 13) {
    job::ModelPartial into(kDate);
    ByteReader in(b.data(), cut);
    const Status s = into.merge_load(in);
    ASSERT_FALSE(s.ok()) << "cut at " << cut;
    EXPECT_EQ(s.error().message.rfind("model partial: ", 0), 0u) << s.error().message;
  }
  job::ModelPartial other_day(kDate + 1);
  ByteReader in(b.data(), b.size());
  EXPECT_NE(other_day.merge_load(in).error().message.find("cannot merge"), std::string::npos);
}

TEST(ModelPartial, MergeRefusesAnotherDay) {
  job::ModelPartial a(kDate);
  job::ModelPartial b(kDate + 1);
  const Status s = a.merge(std::move(b));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cannot merge"), std::string::npos) << s.error().message;
}

// Resident and peak memory of this process in kB (Linux /proc; 0 elsewhere).
std::size_t memory_kb(const char* field) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  std::size_t kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr)
    if (std::strncmp(line, field, std::strlen(field)) == 0) kb = std::strtoull(line + std::strlen(field), nullptr, 10);
  std::fclose(f);
  return kb;
}

// LEARNLOOP_MODEL_PARTIAL_BENCH=1000000: the partial's memory and bytes per row, and finish() against fit_models on
// the same rows (the partial first, so the peak it reaches is its own), plus 2 shards saved, loaded and merged.
TEST(ModelPartial, Bench) {
  const char* env = std::getenv("LEARNLOOP_MODEL_PARTIAL_BENCH");
  if (env == nullptr) GTEST_SKIP() << "set LEARNLOOP_MODEL_PARTIAL_BENCH=rows to measure";
  const std::size_t n = std::strtoull(env, nullptr, 10);
  const OutcomeRows rows = window(n, {});
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  const std::size_t rss0 = memory_kb("VmRSS:");
  auto t0 = Clock::now();
  job::ModelPartial partial(kDate);
  for (const OutcomeRow& r : rows) partial.add(r);
  auto t1 = Clock::now();
  const std::size_t rss1 = memory_kb("VmRSS:");
  const job::ModelFits got = partial.finish();
  auto t2 = Clock::now();
  const std::size_t peak_finish = memory_kb("VmHWM:");
  ByteWriter out;
  partial.save(out);
  auto t3 = Clock::now();
  ByteReader in(out.bytes().data(), out.bytes().size());
  Result<job::ModelPartial> loaded = job::ModelPartial::load(in);
  auto t4 = Clock::now();
  ASSERT_TRUE(loaded.ok());
  auto t5 = Clock::now();
  const job::ModelFits want = job::fit_models(rows, kDate);
  auto t6 = Clock::now();
  const std::size_t peak_fit_models = memory_kb("VmHWM:");
  double worst = 0;
  expect_same_fits(want, got, kRidgeToleranceAt1M, 0, "bench", &worst);
  const job::ModelFits two = sharded(rows, kDate, 2);
  double worst_sharded = 0;
  expect_same_fits(want, two, kRidgeToleranceAt1M, kShardTolerance, "bench 2 shards", &worst_sharded);
  const double per_row = 1024.0 / static_cast<double>(n);
  std::cout << "[ model partial ] rows " << n << ", usable " << partial.usable_rows() << "\n"
            << "  fit_models " << seconds(t5, t6) << " s; partial add " << seconds(t0, t1) << " s, finish "
            << seconds(t1, t2) << " s, save " << seconds(t2, t3) << " s, load " << seconds(t3, t4) << " s\n"
            << "  partial resident after add " << static_cast<double>(rss1 - rss0) * per_row
            << " bytes/row; peak during finish " << static_cast<double>(peak_finish - rss0) * per_row
            << " bytes/row above the rows; fit_models peak " << static_cast<double>(peak_fit_models - rss0) * per_row
            << " bytes/row above the rows (after the partial's, so a lower bound)\n"
            << "  saved bytes " << out.bytes().size() << " (" << static_cast<double>(out.bytes().size()) / n
            << " per row); logistic iterations " << got.fitted.back().model.iterations << "\n"
            << "  largest gap one partial " << worst << ", 2 shards " << worst_sharded << "\n";
}

}  // namespace
}  // namespace learnloop
