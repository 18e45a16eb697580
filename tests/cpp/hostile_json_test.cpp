// Hostile JSON: documents nested 5,000 and 100,000 levels deep reach every JSON entry point of the CLI
// (ingest, simulate-budget, learn --state, virality, fit --spec, emq, index build --db, search) and of
// the core (metadata written, snapshot metadata read); each is refused with exit 2 and a message naming
// the file, line or item and the 64-level limit, instead of overflowing the stack.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hostile_support.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/predictors/linear_model.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

using hostile::run;
hostile::ScratchDir scratch("json");

// A 1-d embedding type named T.
EmbeddingTypeSpec one_dim_type() {
  EmbeddingTypeSpec spec;
  spec.name = "T";
  spec.dim = 1;
  return spec;
}

// `depth` nested arrays: [[[...]]].
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// An fvecs file holding one 1-d query.
std::string one_query() {
  const std::int32_t dim = 1;
  const float x = 1.0f;
  std::string bytes(8, '\0');
  std::memcpy(&bytes[0], &dim, 4);
  std::memcpy(&bytes[4], &x, 4);
  return scratch.file("q.fvecs", bytes);
}

std::string fresh_db(const std::string& name) {
  const std::string path = (scratch.path() / name).string();
  std::filesystem::remove(path);
  CliOutput init = run({"init", "--db", path});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  return path;
}

// Exit 2 and a message that names `where` and the depth limit.
void expect_too_deep(const CliOutput& out, const std::string& where) {
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("more than 64 levels deep"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find(where), std::string::npos) << out.err;
}

class DeepJson : public ::testing::TestWithParam<std::size_t> {};

TEST_P(DeepJson, JsonlIngestNamesTheLine) {
  const std::string db = fresh_db("ingest.db");
  const std::string path =
      scratch.file("deep.jsonl",
                   "{\"decision_id\":\"a\",\"impressions\":1,\"collected_at\":\"2026-01-01\"}\n"
                   "{\"decision_id\":\"p\",\"impressions\":1,\"collected_at\":\"2026-01-01\",\"likes\":" +
                       nested(GetParam()) + "}\n");
  expect_too_deep(run({"ingest", "--db", db, "--table", "outcomes", path}), "line 2");
}

TEST_P(DeepJson, AJsonlFileOfOneDeepLineNamesTheLine) {
  const std::string db = fresh_db("ingest-one.db");
  const std::string path =
      scratch.file("one.jsonl", "{\"decision_id\":\"p\",\"impressions\":1,\"collected_at\":\"2026-01-01\",\"likes\":" +
                                    nested(GetParam()) + "}\n");
  expect_too_deep(run({"ingest", "--db", db, "--table", "outcomes", path}), "line 1");
}

TEST_P(DeepJson, BudgetScenario) {
  const std::string path =
      scratch.file("scenario.json", "{\"base_budget\":100,\"scenarios\":" + nested(GetParam()) + "}");
  expect_too_deep(run({"simulate-budget", "--scenario", path}), path);
}

TEST_P(DeepJson, BanditStateOfLearn) {
  const std::string records = scratch.file(
      "records.jsonl",
      "{\"decision_id\":\"a\",\"bandit_arm\":\"x\",\"created_at\":\"2026-03-06\",\"impressions\":10,\"likes\":1,"
      "\"collected_at\":\"2026-03-06T06:00:00Z\"}\n");
  const std::string state =
      scratch.file("state.json", "{\"through\":\"2026-03-01\",\"content\":" + nested(GetParam()) + "}");
  expect_too_deep(run({"learn", "--records", records, "--state", state, "--date", "2026-03-06"}), state);
}

TEST_P(DeepJson, ViralityContent) {
  const std::string db = fresh_db("virality.db");
  const std::string path =
      scratch.file("content.json", "{\"platform\":\"tiktok\",\"hook_type\":" + nested(GetParam()) + "}");
  expect_too_deep(run({"virality", "--db", db, "--content", path, "--date", "2026-03-06"}), path);
}

TEST_P(DeepJson, FeatureSpec) {
  const std::string data = scratch.file("fit.csv", "x,y\n1,2\n2,4\n3,6\n4,8\n5,10\n");
  const std::string spec = scratch.file("spec.json", "{\"columns\":" + nested(GetParam()) + "}");
  expect_too_deep(run({"fit", "ridge", "--data", data, "--target", "y", "--spec", spec}), spec);
}

TEST_P(DeepJson, EmqEventsListTheLineAsMalformed) {
  // emq reports malformed lines in its result instead of failing the batch.
  const std::string path = scratch.file(
      "events.jsonl",
      "{\"event_name\":\"Purchase\"}\n{\"event_name\":\"Purchase\",\"user_data\":" + nested(GetParam()) + "}\n");
  const CliOutput out = run({"emq", "--events", path, "--json"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const nlohmann::json result = nlohmann::json::parse(out.out);
  EXPECT_NE(result.dump().find("more than 64 levels deep"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\"line\":2"), std::string::npos) << out.out;
}

TEST_P(DeepJson, EmbeddingsMetadataRowOfTheDatabase) {
  const std::string db = fresh_db("embeddings.db");
  {
    // A hostile file: json_valid() in the table's CHECK stops at SQLite's own depth limit, so bypass it.
    std::unique_ptr<Database> conn = native::open_sqlite_database(db, false).value();
    ASSERT_TRUE(conn->exec("PRAGMA ignore_check_constraints = ON").ok());
    Status s = conn->exec(
        "INSERT INTO embeddings (id, type, dim, vector, metadata) VALUES ('a', 'T', 1, X'0000803F', NULL), "
        "('b', 'T', 1, X'00000040', '" +
        nested(GetParam()) + "')");
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  const std::string out = (scratch.path() / "from-db.idx").string();
  const CliOutput built = run({"index", "build", "--db", db, "--type", "T", "--out", out});
  expect_too_deep(built, "embeddings row 'b'");
  expect_too_deep(run({"search", "--db", db, "--type", "T", "--queries", one_query()}), "row 'b'");
}

TEST_P(DeepJson, SnapshotMetadataOfSearch) {
  // A snapshot whose item metadata is rewritten in place (same length) to the deep text, checksum fixed.
  const std::string deep = nested(GetParam());
  const std::string placeholder = "{\"k\":\"" + std::string(deep.size() - 8, 'x') + "\"}";
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(one_dim_type()).ok());
  const std::vector<float> v{1.0f};
  ASSERT_TRUE(store.store("T", "a", v, nlohmann::json::parse(placeholder)).ok());
  std::string bytes = store.to_bytes();
  const std::size_t at = bytes.find(placeholder);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, placeholder.size(), deep);
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a of the payload, as snapshot.cpp writes it
  for (std::size_t i = 28; i < bytes.size(); ++i) {
    h ^= static_cast<unsigned char>(bytes[i]);
    h *= 0x100000001b3ull;
  }
  for (int b = 0; b < 8; ++b) bytes[20 + b] = static_cast<char>((h >> (8 * b)) & 0xff);
  const std::string index = scratch.file("deep.idx", bytes);
  expect_too_deep(run({"search", "--index", index, "--queries", one_query()}), "metadata of item 0");
  Result<EmbeddingStore> read = EmbeddingStore::from_bytes(bytes);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("more than 64 levels deep"), std::string::npos) << read.error().message;
}

INSTANTIATE_TEST_SUITE_P(Depths, DeepJson, ::testing::Values(5000, 100000));

TEST(JsonDepth, TheLimitItselfIsAccepted) {
  EXPECT_TRUE(parse_json(nested(kMaxJsonDepth)).ok());
  Result<nlohmann::json> over = parse_json(nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kParseError);
  EXPECT_NE(over.error().message.find("at byte 65"), std::string::npos) << over.error().message;
}

TEST(JsonNumbers, ANumberThatOverflowsIsAParseErrorNotATermination) {
  // Found by the budget_scenario and jsonl_ingest fuzz targets: nlohmann throws out_of_range, not parse_error.
  Result<nlohmann::json> parsed = parse_json("{\"base_budget\":3e2000}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
  EXPECT_NE(parsed.error().message.find("number overflow"), std::string::npos) << parsed.error().message;
  const std::string scenario = scratch.file("overflow.json", "{\"base_budget\":1e999,\"scenarios\":[]}");
  const CliOutput out = run({"simulate-budget", "--scenario", scenario});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("overflow.json: not valid JSON"), std::string::npos) << out.err;
}

TEST(JsonDepth, BracketsInsideStringsDoNotCount) {
  const std::string quoted = "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]";
  EXPECT_TRUE(parse_json(quoted).ok());
  EXPECT_TRUE(check_json_text_depth("\"\\\\\"" + nested(kMaxJsonDepth)).ok());
}

TEST(JsonDepth, MetadataDeeperThanTheLimitIsRefusedAtWrite) {
  nlohmann::json deep = nlohmann::json::object();
  for (std::size_t i = 1; i < kMaxJsonDepth; ++i) deep = nlohmann::json{{"k", std::move(deep)}};
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(one_dim_type()).ok());
  const std::vector<float> v{1.0f};
  EXPECT_TRUE(store.store("T", "ok", v, deep).ok());
  Status over = store.store("T", "deep", v, nlohmann::json{{"k", deep}});
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message.find("metadata of 'deep' nests"), std::string::npos) << over.error().message;
  EXPECT_FALSE(store.update_metadata("T", "ok", nlohmann::json{{"k", deep}}).ok());
  EXPECT_TRUE(EmbeddingStore::from_bytes(store.to_bytes()).ok());
}

// Found by the feature_spec fuzz target: a field of the wrong JSON type made nlohmann throw (a crash natively).
TEST(HostileJson, FeatureSpecFieldsOfTheWrongTypeAreErrors) {
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {R"({"columns":[{"name":"q","scale":"hour"}]})",
            "feature 'q' has \"scale\" \"hour\"; expected true or false"},
           {R"({"columns":[{"name":"q","kind":1}]})", "feature 'q' has \"kind\" 1; expected a kind name"},
           {R"({"columns":[{"name":"q","mean":"0"}]})", "feature 'q' has \"mean\" \"0\"; expected a number"},
           {R"({"columns":[{"name":"q","kind":"one_hot","categories":[1]}]})",
            "feature 'q' has a category 1; expected category names"},
           {R"({"columns":["q"],"fitted":"yes"})",
            "the feature spec has \"fitted\" \"yes\"; expected true or false"}}) {
    Result<FeatureSpec> spec = feature_spec_from_json(nlohmann::json::parse(text));
    ASSERT_FALSE(spec.ok()) << text;
    EXPECT_EQ(spec.error().message, message);
  }
}

// Found by the model_json fuzz target: a model document whose "version" (or a gbdt's "preset") is not text made
// nlohmann throw (a crash natively).
TEST(HostileJson, ModelTextFieldsOfTheWrongTypeAreErrors) {
  const std::string ridge = R"({"format":"learnloop.model","format_version":1,"kind":"ridge","version":0.5,)"
                            R"("features":[],"coefficients":[],"intercept":0})";
  Result<LinearModel> linear = model_from_json(ridge);
  ASSERT_FALSE(linear.ok());
  EXPECT_EQ(linear.error().message, "model version is 0.5; expected text");
  for (const char* field : {"version", "preset"}) {
    const std::string gbdt =
        std::string(R"({"format":"learnloop.model","format_version":1,"kind":"gbdt-regressor",")") + field +
        R"(":[1]})";
    Result<GbdtModel> tree = gbdt_from_json(gbdt);
    ASSERT_FALSE(tree.ok()) << field;
    EXPECT_EQ(tree.error().message, std::string("model ") + field + " is [1]; expected text");
  }
}

}  // namespace
}  // namespace learnloop
