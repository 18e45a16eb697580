// Embeddings for a service's start (issue 18 item 13), on the native libsqlite3 backend: a save
// writes only the rows that changed (counted with SQLite's total_changes()), and a load takes the
// stored index snapshot when it is current (same rows, format version and settings), else rebuilds
// and says why; a loaded snapshot answers every search exactly as a fresh build from the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"
#include "learnloop/store/embedding_index_load.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using store_support::open_fresh;

constexpr std::size_t kDim = 16;

std::int64_t total_changes(Database& db) {
  return static_cast<std::int64_t>(sql_number(query_rows(db, "SELECT total_changes()").value()[0][0]));
}

EmbeddingTypeSpec small_spec() {
  EmbeddingTypeSpec spec;
  spec.name = "POSTS";
  spec.dim = kDim;
  spec.exact_threshold = 32;  // searches go through the HNSW graph
  return spec;
}

std::vector<float> random_vector(Rng& rng) {
  std::vector<float> v(kDim);
  for (float& x : v) x = static_cast<float>(sample_standard_normal(rng));
  return v;
}

EmbeddingStore random_index(std::size_t n, std::uint64_t seed) {
  EmbeddingStore index;
  EXPECT_TRUE(index.define_type(small_spec()).ok());
  Rng rng(seed);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string id = "post-" + std::to_string(i);
    EXPECT_TRUE(index.store("POSTS", id, random_vector(rng), {{"platform", i % 3 ? "tiktok" : "twitter"}}).ok());
  }
  return index;
}

void expect_summary(const EmbeddingSaveSummary& s, std::size_t inserted, std::size_t updated, std::size_t deleted,
                    std::size_t unchanged) {
  EXPECT_EQ(s.inserted, inserted);
  EXPECT_EQ(s.updated, updated);
  EXPECT_EQ(s.deleted, deleted);
  EXPECT_EQ(s.unchanged, unchanged);
}

TEST(EmbeddingSave, WritesOnlyTheRowsThatChanged) {
  auto db = open_fresh("embedding-save");
  EmbeddingStore index = random_index(300, 3);
  std::int64_t before = total_changes(*db);
  Result<EmbeddingSaveSummary> first = save_embedding_rows(*db, index, "POSTS", "2026-11-01T00:00:00Z");
  ASSERT_TRUE(first.ok()) << first.error().message;
  expect_summary(first.value(), 300, 0, 0, 0);
  EXPECT_EQ(total_changes(*db) - before, 300);

  // Unchanged: nothing written.
  before = total_changes(*db);
  Result<EmbeddingSaveSummary> same = save_embedding_rows(*db, index, "POSTS", "2026-11-02T00:00:00Z");
  ASSERT_TRUE(same.ok());
  expect_summary(same.value(), 0, 0, 0, 300);
  EXPECT_EQ(total_changes(*db) - before, 0);

  // One vector changed: one row written, with the new time; the others keep theirs.
  Rng rng(99);
  ASSERT_TRUE(index.update_vector("POSTS", "post-7", random_vector(rng)).ok());
  before = total_changes(*db);
  Result<EmbeddingSaveSummary> one = save_embedding_rows(*db, index, "POSTS", "2026-11-03T00:00:00Z");
  ASSERT_TRUE(one.ok());
  expect_summary(one.value(), 0, 1, 0, 299);
  EXPECT_EQ(total_changes(*db) - before, 1);
  auto times = query_rows(*db, "SELECT updated_at, count(*) FROM embeddings GROUP BY updated_at ORDER BY 1").value();
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(sql_text(times[1][0]), "2026-11-03T00:00:00Z");
  EXPECT_EQ(sql_number(times[1][1]), 1);

  // Metadata changed, one item deleted, one added: three rows.
  ASSERT_TRUE(index.update_metadata("POSTS", "post-8", {{"platform", "youtube"}}).ok());
  ASSERT_TRUE(index.remove("POSTS", "post-9").value());
  ASSERT_TRUE(index.store("POSTS", "post-new", random_vector(rng)).ok());
  before = total_changes(*db);
  Result<EmbeddingSaveSummary> three = save_embedding_rows(*db, index, "POSTS", "2026-11-04T00:00:00Z");
  ASSERT_TRUE(three.ok());
  expect_summary(three.value(), 1, 1, 1, 298);
  EXPECT_EQ(total_changes(*db) - before, 3);

  // The table now holds exactly the index's items.
  EmbeddingStore reloaded;
  EmbeddingTypeSpec spec = small_spec();
  ASSERT_EQ(load_embedding_rows(*db, reloaded, spec).value(), 300u);
  ASSERT_TRUE(index
                  .for_each_item("POSTS",
                                 [&](const std::string& id, const float* v, const nlohmann::json& meta) {
                                   Result<EmbeddingItem> item = reloaded.get("POSTS", id);
                                   ASSERT_TRUE(item.ok()) << id;
                                   EXPECT_EQ(item.value().vector, std::vector<float>(v, v + kDim)) << id;
                                   EXPECT_EQ(item.value().metadata, meta) << id;
                                 })
                  .ok());
  EXPECT_FALSE(reloaded.get("POSTS", "post-9").ok());
  // Other types' rows are left alone.
  EmbeddingStore other;
  EmbeddingTypeSpec other_spec = small_spec();
  other_spec.name = "OTHER";
  ASSERT_TRUE(other.define_type(other_spec).ok());
  ASSERT_TRUE(other.store("OTHER", "x", random_vector(rng)).ok());
  ASSERT_TRUE(save_embedding_rows(*db, other, "OTHER", "").ok());
  EXPECT_EQ(sql_number(query_rows(*db, "SELECT count(*) FROM embeddings").value()[0][0]), 301);
}

void expect_same_answers(const EmbeddingStore& a, const EmbeddingStore& b) {
  Rng rng(5);
  SearchOptions options;
  options.k = 10;
  for (int q = 0; q < 25; ++q) {
    const std::vector<float> query = random_vector(rng);
    const auto x = a.search("POSTS", query, options).value();
    const auto y = b.search("POSTS", query, options).value();
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].id, y[i].id);
      EXPECT_EQ(x[i].score, y[i].score);  // bit for bit
    }
  }
}

TEST(EmbeddingIndexLoad, ASnapshotIsStoredOnceAndThenLoadedAndAnswersAsAFreshBuild) {
  auto db = open_fresh("embedding-snapshot");
  EmbeddingStore index = random_index(500, 4);
  ASSERT_TRUE(save_embedding_rows(*db, index, "POSTS", "").ok());
  const EmbeddingTypeSpec spec = small_spec();

  struct Counting : ProgressSink {
    void on_progress(const std::string&, std::uint64_t done, std::uint64_t total) override {
      ++calls;
      last = done;
      EXPECT_EQ(total, 500u);
    }
    int calls = 0;
    std::uint64_t last = 0;
  } progress;
  Result<LoadedEmbeddingIndex> first = load_embedding_index(*db, spec, true, "2026-11-01T00:00:00Z", &progress);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first.value().load.from_snapshot);
  EXPECT_EQ(first.value().load.reason, "no stored snapshot");
  EXPECT_TRUE(first.value().load.snapshot_stored);
  EXPECT_EQ(first.value().load.rows, 500u);
  EXPECT_EQ(progress.calls, 2);  // batches of 256
  EXPECT_EQ(progress.last, 500u);

  Result<LoadedEmbeddingIndex> second = load_embedding_index(*db, spec, true, "");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second.value().load.from_snapshot);
  EXPECT_EQ(second.value().load.reason, "");
  EXPECT_EQ(second.value().load.rows_hash, first.value().load.rows_hash);

  // A fresh build from the same rows (one batch, no progress): the same graph, the same bytes, the same answers.
  EmbeddingStore fresh;
  ASSERT_TRUE(load_embedding_rows(*db, fresh, spec).ok());
  EXPECT_EQ(second.value().index.to_bytes(), fresh.to_bytes());
  expect_same_answers(second.value().index, fresh);

  Result<LoadedEmbeddingIndex> forced = load_embedding_index(*db, spec, false, "");
  ASSERT_TRUE(forced.ok());
  EXPECT_FALSE(forced.value().load.from_snapshot);
  EXPECT_NE(forced.value().load.reason.find("snapshot disabled"), std::string::npos);
}

TEST(EmbeddingIndexLoad, AStaleWrongVersionOrOtherSettingsSnapshotIsRebuiltSayingWhy) {
  auto db = open_fresh("embedding-snapshot-stale");
  EmbeddingStore index = random_index(200, 6);
  ASSERT_TRUE(save_embedding_rows(*db, index, "POSTS", "").ok());
  const EmbeddingTypeSpec spec = small_spec();
  ASSERT_TRUE(load_embedding_index(*db, spec, true, "").ok());

  // Rows changed since: rebuilt, and the new snapshot serves the next load.
  Rng rng(8);
  ASSERT_TRUE(index.update_vector("POSTS", "post-3", random_vector(rng)).ok());
  ASSERT_TRUE(save_embedding_rows(*db, index, "POSTS", "").ok());
  Result<LoadedEmbeddingIndex> stale = load_embedding_index(*db, spec, true, "");
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(stale.value().load.from_snapshot);
  EXPECT_NE(stale.value().load.reason.find("rows changed"), std::string::npos) << stale.value().load.reason;
  EXPECT_EQ(stale.value().index.get("POSTS", "post-3").value().vector, index.get("POSTS", "post-3").value().vector);
  EXPECT_TRUE(load_embedding_index(*db, spec, true, "").value().load.from_snapshot);

  // Another format version: the header's major version (bytes 8-9) set to 99.
  auto blob = std::get<Blob>(query_rows(*db, "SELECT snapshot FROM embedding_index_snapshots").value()[0][0]);
  blob.bytes[8] = 99;
  ASSERT_TRUE(run_statement(*db, "UPDATE embedding_index_snapshots SET snapshot = ?", {blob}).ok());
  Result<LoadedEmbeddingIndex> old = load_embedding_index(*db, spec, true, "");
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old.value().load.from_snapshot);
  EXPECT_NE(old.value().load.reason.find("format version 99"), std::string::npos) << old.value().load.reason;
  EXPECT_TRUE(load_embedding_index(*db, spec, true, "").value().load.from_snapshot);

  // Other settings asked for: rebuilt with them.
  EmbeddingTypeSpec ip = spec;
  ip.metric = Metric::kInnerProduct;
  Result<LoadedEmbeddingIndex> other = load_embedding_index(*db, ip, true, "");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other.value().load.from_snapshot);
  EXPECT_NE(other.value().load.reason.find("metric cosine (asked: ip)"), std::string::npos)
      << other.value().load.reason;
  EXPECT_EQ(other.value().index.types().at(0).spec.metric, Metric::kInnerProduct);

  // No rows: not_found, as before.
  EmbeddingTypeSpec missing = spec;
  missing.name = "MISSING";
  EXPECT_EQ(load_embedding_index(*db, missing, true, "").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace learnloop
