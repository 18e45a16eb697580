// Parity of the whole learning job at size, natively: tests/golden/pipelines/learn_parity.json's cases
// (10k and 100k outcomes generated from a seed with integer arithmetic, ingested as CSV text) are learned
// and the JSON text of each run, and the digest of the meta-learning scores it stored, must hash to the
// golden values, which tests/js/learn_parity.test.mjs checks in wasm: the native CLI and the npm package
// store the same run, bit for bit.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/thread_task_pair.hpp"
#include "golden.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/ingest.hpp"
#include "store_support.hpp"
#include "task_pair_support.hpp"

namespace learnloop {
namespace {

struct ParityCsv {
  std::string content;
  std::string outcomes;
};

// The golden file's generator (see its "generator" text); integers only.
ParityCsv parity_csv(std::size_t n, std::uint32_t seed) {
  static const char* const kTypes[] = {"educational_thread", "story_thread",   "meme_single",
                                       "factual_single",     "opinion_single", "question_reply"};
  static const char* const kPlatforms[] = {"twitter", "linkedin", "instagram", "tiktok"};
  std::uint32_t state = seed;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  ParityCsv out;
  out.content = "decision_id,platform,decision_type,bandit_arm,hook_type,quality_score,cost,posted_at\n";
  out.outcomes = "decision_id,impressions,likes,retweets,replies,followers_gained,collected_at\n";
  std::vector<std::uint32_t> hours(n);
  char line[256];
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t t = i % 6;
    const std::string type = kTypes[t];
    hours[i] = 6 + next() % 18;
    const std::uint32_t q = 300 + next() % 600;
    const std::uint32_t cost = 10 + next() % 40;
    std::snprintf(line, sizeof line, "p%zu,%s,%s,%s,story,0.%u,%u,2026-11-%02zuT%02u:00:00Z\n", i, kPlatforms[i % 4],
                  type.substr(type.find('_') + 1).c_str(), type.c_str(), q, cost, 16 + i % 7, hours[i]);
    out.content += line;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t t = i % 6;
    const std::uint64_t impressions = 200 + next() % 5000;
    const std::uint64_t rate = 20 + 4 * (5 - t) + (hours[i] >= 12 && hours[i] <= 15 ? 10 : 0);
    const std::uint64_t factor = 600 + next() % 800;
    const std::uint64_t engaged = impressions * rate * factor / 1000000;
    const std::uint64_t likes = 7 * engaged / 10;
    const std::uint64_t retweets = 6 * (engaged - likes) / 10;
    const std::uint64_t replies = engaged - likes - retweets;
    std::uint64_t followers = 0;
    if (next() % 100 < 15) followers = 1 + next() % 4;
    std::snprintf(line, sizeof line, "p%zu,%llu,%llu,%llu,%llu,%llu,2026-11-%02zuT20:00:00Z\n", i,
                  static_cast<unsigned long long>(impressions), static_cast<unsigned long long>(likes),
                  static_cast<unsigned long long>(retweets), static_cast<unsigned long long>(replies),
                  static_cast<unsigned long long>(followers), 16 + i % 7);
    out.outcomes += line;
  }
  return out;
}

std::string fnv1a64_hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// The golden file's digest of a value (its "meta_scores_digest"): numbers as the 16 hex digits of their IEEE-754 bits,
// null as N, text as itself, arrays and objects with each element (objects: key=element) followed by ';'.
std::string digest(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "N";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) {
    const double d = v.get<double>();
    std::uint64_t bits = 0;
    std::memcpy(&bits, &d, sizeof bits);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
    return hex;
  }
  std::string out = v.is_array() ? "[" : "{";
  for (const auto& [key, element] : v.items()) out += (v.is_array() ? "" : key + "=") + digest(element) + ";";
  return out + (v.is_array() ? "]" : "}");
}

// Learns golden case `name` (its steps' pairs of tasks through `tasks`, null: in turn), checks the hash of the run's
// JSON text and of the meta scores it stored, and returns what the run stored (store_support::dump()).
std::string expect_golden_run(const std::string& name, TaskPair* tasks = nullptr) {
  const nlohmann::json golden = testing::load_golden("pipelines/learn_parity.json");
  for (const auto& c : golden["cases"]) {
    if (c["name"] != name) continue;
    auto db = store_support::open_fresh("learn-parity-" + name);
    const ParityCsv csv = parity_csv(c["outcomes"].get<std::size_t>(), c["seed"].get<std::uint32_t>());
    for (const auto& [table, text] :
         {std::pair<std::string, const std::string*>{"content_metadata", &csv.content}, {"outcomes", &csv.outcomes}}) {
      IngestOptions options;
      options.table = table;
      Result<IngestResult> r = ingest_text(*db, *text, options, nullptr);
      if (!r.ok()) {
        ADD_FAILURE() << name << " " << table << ": " << r.error().message;
        return "";
      }
    }
    LearnOptions options;
    options.date = golden["date"];
    options.today = options.date;
    options.tasks = tasks;
    Result<nlohmann::ordered_json> run = run_learning_job(*db, options, nullptr);
    if (!run.ok()) {
      ADD_FAILURE() << name << ": " << run.error().message;
      return "";
    }
    EXPECT_EQ(run.value()["status"], "ok") << name << ": " << run.value()["problems"].dump();
    const std::string text = run.value().dump();
    EXPECT_EQ(fnv1a64_hex(text), c["fnv1a64"].get<std::string>()) << name << ": " << text.substr(0, 2000);
    Result<nlohmann::ordered_json> scores = read_meta_scores(*db, golden["date"]);
    EXPECT_TRUE(scores.ok() && scores.value()["count"].get<std::size_t>() > 0) << name << ": no meta scores read";
    if (scores.ok()) {
      EXPECT_EQ(fnv1a64_hex(digest(scores.value()["scores"])), c["meta_scores_fnv1a64"].get<std::string>()) << name;
    }
    return store_support::dump(*db);
  }
  ADD_FAILURE() << "no golden case " << name;
  return "";
}

TEST(LearnParity, TheRunOf10kOutcomesHashesToTheGoldenValue) { expect_golden_run("learn_10k"); }

TEST(LearnParity, TheRunOf100kOutcomesHashesToTheGoldenValue) { expect_golden_run("learn_100k"); }

// The native CLI runs the job's independent steps on two threads (the window's next chunk read while the last is
// added, the halves of each Newton pass, a model's train and test metrics, the meta scores' next batch of rows built
// while the last is inserted); run on threads, or with each pair's tasks in reverse order, the 100k run answers and
// stores exactly what it does in turn.
TEST(LearnParity, TheRunOf100kOutcomesIsTheSameWithItsStepsSideBySide) {
  const std::string in_turn = expect_golden_run("learn_100k");
  // The run stored meta scores: their section of the dump is followed by a row, not by the next table.
  const std::string section = "[meta_learning_scores]\n";
  const std::size_t at = in_turn.find(section);
  ASSERT_NE(at, std::string::npos);
  ASSERT_NE(in_turn.substr(at + section.size(), 1), "[") << "no meta scores were stored";
  native::ThreadTaskPair threads;
  EXPECT_EQ(expect_golden_run("learn_100k", &threads), in_turn);
  task_pair_support::ReversedTaskPair reversed;
  EXPECT_EQ(expect_golden_run("learn_100k", &reversed), in_turn);
  // The window's chunks, every Newton pass (two blocks each: over 65,536 training rows), the logistic's metrics and
  // the meta scores' rows (a pair for each batch of 2,048 but the last).
  EXPECT_GE(reversed.pairs, 14) << "the run handed its steps over in pairs";
}

}  // namespace
}  // namespace learnloop
