// pgvector on a real PostgreSQL with the extension (PGlite behind its socket server, scripts/pglite_socket_server.mjs)
// and the fallback on one without it (the PostgreSQL 15 test server): init stores embeddings as pgvector values
// and says so; rows round-trip bit for bit (also from a version-7 database's bytea); learnloop's HNSW finds
// pgvector's exact top 10 (recall >= 0.99 at the default ef); pgvector's HNSW and learnloop's index agree on
// filtered searches and after deletions; without the extension, search uses learnloop's index and says why.
// PGlite is one PostgreSQL session shared by every connection: each test starts from an emptied schema public.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <set>

#include "learnloop/embeddings/fvecs.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "learnloop/store/pgvector_search.hpp"
#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using namespace pg_support;  // NOLINT(google-build-using-namespace): the suite's shared fixtures

constexpr std::size_t kDim = 32;

// The pgvector server's database emptied (schema public dropped with everything in it, the extension too).
std::unique_ptr<Database> fresh_pgvector() {
  std::unique_ptr<Database> db = connect(pgvector_uri());
  if (db == nullptr) return nullptr;
  Status reset = db->exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
  EXPECT_TRUE(reset.ok()) << (reset.ok() ? "" : reset.error().message);
  return db;
}

// "v" and i in 5 digits.
std::string item_id(std::size_t i) {
  std::string digits = std::to_string(i);
  return "v" + std::string(digits.size() < 5 ? 5 - digits.size() : 0, '0') + digits;
}

// `count` centers in [-1, 1)^dim for clustered data (seeded apart from the points and queries).
std::vector<std::vector<float>> cluster_centers(std::size_t count, std::uint64_t seed, std::size_t dim) {
  Rng rng(seed, 2);
  std::vector<std::vector<float>> centers(count, std::vector<float>(dim));
  for (auto& c : centers)
    for (float& x : c) x = static_cast<float>(rng.uniform() * 2 - 1);
  return centers;
}

// Point i: uniform in [-1, 1)^dim, or with `clusters` > 0 its cluster's center plus uniform noise of +-0.35
// (the shape of real embeddings: topics with spread).
std::vector<float> point(Rng& rng, const std::vector<std::vector<float>>& centers, std::size_t i, std::size_t dim) {
  std::vector<float> v(dim);
  for (std::size_t d = 0; d < dim; ++d) {
    const double noise = rng.uniform() * 2 - 1;
    v[d] =
        centers.empty() ? static_cast<float>(noise) : static_cast<float>(centers[i % centers.size()][d] + 0.35 * noise);
  }
  return v;
}

// n random vectors of dim (see point()), ids "v00000"..., metadata {"group": i % 4, "even": i % 2 == 0}.
EmbeddingStore random_items(const std::string& type, std::size_t n, Metric metric, std::uint64_t seed,
                            std::size_t dim = kDim, std::size_t clusters = 0) {
  EmbeddingStore store;
  EmbeddingTypeSpec spec;
  spec.name = type;
  spec.dim = dim;
  spec.metric = metric;
  EXPECT_TRUE(store.define_type(spec).ok());
  Rng rng(seed, 0);
  const std::vector<std::vector<float>> centers = cluster_centers(clusters, seed, dim);
  std::vector<std::string> ids;
  std::vector<float> vectors;
  std::vector<nlohmann::json> metadata;
  for (std::size_t i = 0; i < n; ++i) {
    ids.push_back(item_id(i));
    const std::vector<float> v = point(rng, centers, i, dim);
    vectors.insert(vectors.end(), v.begin(), v.end());
    metadata.push_back({{"group", static_cast<int>(i % 4)}, {"even", i % 2 == 0}});
  }
  EXPECT_TRUE(store.store_batch(type, ids, vectors, metadata).ok());
  return store;
}

// n queries drawn like random_items' points (same centers for the same seed).
std::vector<std::vector<float>> random_queries(std::size_t n, std::uint64_t seed, std::size_t dim = kDim,
                                               std::size_t clusters = 0) {
  Rng rng(seed, 1);
  const std::vector<std::vector<float>> centers = cluster_centers(clusters, seed, dim);
  std::vector<std::vector<float>> out;
  for (std::size_t j = 0; j < n; ++j) out.push_back(point(rng, centers, j * 7 + 3, dim));
  return out;
}

std::vector<std::string> ids_of(const Result<std::vector<SearchHit>>& hits) {
  EXPECT_TRUE(hits.ok()) << (hits.ok() ? "" : hits.error().message);
  std::vector<std::string> out;
  if (hits.ok())
    for (const SearchHit& h : hits.value()) out.push_back(h.id);
  return out;
}

std::size_t overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::set<std::string> in_b(b.begin(), b.end());
  std::size_t n = 0;
  for (const std::string& id : a) n += in_b.count(id);
  return n;
}

// learnloop's index rebuilt from the type's rows (HNSW: more rows than the exact threshold, or it forced to 0).
EmbeddingStore index_from_rows(Database& db, const std::string& type, Metric metric) {
  EmbeddingStore index;
  EmbeddingTypeSpec spec;
  spec.name = type;
  spec.metric = metric;
  spec.exact_threshold = 0;
  Result<std::size_t> loaded = load_embedding_rows(db, index, spec);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
  return index;
}

TEST(Pgvector, InitStoresEmbeddingsAsPgvectorValuesAndSaysSo) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  ASSERT_NE(fresh_pgvector(), nullptr);
  CliOutput init = cli({"init", "--db", pgvector_uri(), "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const nlohmann::json j = nlohmann::json::parse(init.out);
  EXPECT_EQ(j["embeddings"], "pgvector");
  EXPECT_EQ(j["embeddings_note"], "");
  auto db = connect(pgvector_uri());
  ASSERT_NE(db, nullptr);
  Result<std::vector<ColumnInfo>> columns = table_columns(*db, "embeddings");
  ASSERT_TRUE(columns.ok());
  auto lite = store_support::open_fresh("pgvector-catalog");
  Result<std::vector<ColumnInfo>> expected = table_columns(*lite, "embeddings");
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(columns.value().size(), expected.value().size());
  for (std::size_t i = 0; i < columns.value().size(); ++i) {
    const ColumnInfo& c = columns.value()[i];
    EXPECT_EQ(c.name, expected.value()[i].name);
    // The one difference between the dialects: pgvector's `vector` where SQLite keeps float32 bytes.
    EXPECT_EQ(c.declared_type, c.name == "vector" ? "VECTOR" : expected.value()[i].declared_type) << c.name;
    EXPECT_EQ(c.required, expected.value()[i].required) << c.name;
  }
  // A vector whose length disagrees with dim is refused, as SQLite's CHECK refuses it.
  Status bad = run_statement(*db, "INSERT INTO embeddings (id, type, dim, vector) VALUES ('x', 'T', 3, ?)",
                             {std::string("[1,2]")});
  EXPECT_FALSE(bad.ok());
}

TEST(Pgvector, RowsRoundTripBitForBitAndHashAsOnSqlite) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  auto db = fresh_pgvector();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(migrate_schema(*db).ok());
  EmbeddingStore items = random_items("RT", 200, Metric::kL2, 7);
  // Values whose text is long or unusual: subnormal, tiny, huge, negative zero.
  ASSERT_TRUE(items.update_vector("RT", "v00000", std::vector<float>(kDim, 1.17549435e-38f / 3)).ok());
  std::vector<float> odd(kDim, -0.0f);
  odd[1] = 1.5e15f;
  odd[2] = 1.0f / 3;
  Status updated = items.update_vector("RT", "v00001", odd);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  Result<EmbeddingSaveSummary> saved = save_embedding_rows(*db, items, "RT", "2026-11-30T10:00:00Z");
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved.value().inserted, 200u);
  auto lite = store_support::open_fresh("pgvector-roundtrip");
  ASSERT_TRUE(save_embedding_rows(*lite, items, "RT", "2026-11-30T10:00:00Z").ok());
  Result<EmbeddingRows> pg_rows = read_embedding_rows(*db, "RT");
  Result<EmbeddingRows> lite_rows = read_embedding_rows(*lite, "RT");
  ASSERT_TRUE(pg_rows.ok()) << pg_rows.error().message;
  ASSERT_TRUE(lite_rows.ok());
  EXPECT_EQ(pg_rows.value().hash, lite_rows.value().hash);
  EXPECT_EQ(pg_rows.value().ids, lite_rows.value().ids);
  EXPECT_EQ(0, std::memcmp(pg_rows.value().vectors.data(), lite_rows.value().vectors.data(),
                           pg_rows.value().vectors.size() * sizeof(float)));
  // Saving the same index again writes nothing: the stored pgvector values compare equal to the index's floats.
  Result<EmbeddingSaveSummary> again = save_embedding_rows(*db, items, "RT", "2026-11-30T11:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().unchanged, 200u);
}

// The text of schema.sql's migrations 1..n (SQLite syntax), split as schema.cpp splits them.
std::vector<std::string> migrations_text() {
  std::vector<std::string> out;
  const std::string& sql = schema_sql();
  const std::string marker = "\n-- migration: ";
  std::size_t pos = sql.find(marker);
  while (pos != std::string::npos) {
    const std::size_t body = sql.find('\n', pos + 1);
    const std::size_t next = sql.find(marker, body);
    out.push_back(sql.substr(body, next == std::string::npos ? std::string::npos : next - body));
    pos = next;
  }
  return out;
}

TEST(Pgvector, MigrationEightConvertsAVersionSevenDatabasesBytea) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  auto db = fresh_pgvector();
  ASSERT_NE(db, nullptr);
  const std::vector<std::string> migrations = migrations_text();
  ASSERT_GE(migrations.size(), 8u);
  for (int v = 1; v <= 7; ++v) {
    Status s = db->exec(render_migration(Dialect::kPostgres, migrations[static_cast<std::size_t>(v - 1)], v));
    ASSERT_TRUE(s.ok()) << v << ": " << s.error().message;
  }
  ASSERT_TRUE(
      db->exec("CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (7)").ok());
  EmbeddingStore items = random_items("OLD", 50, Metric::kInnerProduct, 11);
  std::vector<float> tiny(kDim, 1e-45f);  // the smallest subnormal
  tiny[0] = -2.5e-40f;
  ASSERT_TRUE(items.update_vector("OLD", "v00003", tiny).ok());
  ASSERT_TRUE(save_embedding_rows(*db, items, "OLD", "").ok());  // bytea rows, as version 7 wrote them
  Result<EmbeddingRows> before = read_embedding_rows(*db, "OLD");
  ASSERT_TRUE(before.ok());
  Status migrated = migrate_schema(*db);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  Result<VectorStorage> storage = embedding_vector_storage(*db);
  ASSERT_TRUE(storage.ok());
  EXPECT_EQ(storage.value(), VectorStorage::kPgvector);
  Result<EmbeddingRows> after = read_embedding_rows(*db, "OLD");
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after.value().hash, before.value().hash);  // every float, bit for bit
}

// A database made at the latest version before the extension was installed keeps bytea; init converts it (once,
// every float bit for bit) and says so; a second init has nothing to convert.
TEST(Pgvector, InitConvertsALatestVersionByteaDatabase) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  auto db = fresh_pgvector();
  ASSERT_NE(db, nullptr);
  const std::vector<std::string> migrations = migrations_text();
  for (int v = 1; v <= latest_schema_version(); ++v) {  // rendered as for a server without the extension
    Status s = db->exec(render_migration(Dialect::kPostgres, migrations[static_cast<std::size_t>(v - 1)], v));
    ASSERT_TRUE(s.ok()) << v << ": " << s.error().message;
  }
  ASSERT_TRUE(db->exec("CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (" +
                       std::to_string(latest_schema_version()) + ")")
                  .ok());
  ASSERT_EQ(embedding_vector_storage(*db).value(), VectorStorage::kFloat32Bytes);
  ASSERT_TRUE(save_embedding_rows(*db, random_items("LATE", 40, Metric::kCosine, 5), "LATE", "").ok());
  Result<EmbeddingRows> before = read_embedding_rows(*db, "LATE");
  ASSERT_TRUE(before.ok());
  CliOutput init = cli({"init", "--db", pgvector_uri(), "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  nlohmann::json j = nlohmann::json::parse(init.out);
  EXPECT_EQ(j["embeddings"], "pgvector");
  EXPECT_EQ(j["embeddings_converted"], true);
  EXPECT_EQ(embedding_vector_storage(*db).value(), VectorStorage::kPgvector);
  Result<EmbeddingRows> after = read_embedding_rows(*db, "LATE");
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after.value().hash, before.value().hash);
  CliOutput again = cli({"init", "--db", pgvector_uri(), "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["embeddings_converted"], false);
}

// Recall@10 of learnloop's HNSW (default ef 64, M 16) against pgvector's exact cosine order: 5,000 vectors of
// `dim` (uniform, or around `clusters` centers), 100 queries drawn the same way.
double recall_at_ten(std::size_t dim, std::size_t clusters) {
  auto fresh = fresh_pgvector();
  if (fresh == nullptr || !migrate_schema(*fresh).ok()) {
    ADD_FAILURE() << "no fresh pgvector database";
    return 0;
  }
  Database& db = *fresh;
  const std::string type = "RECALL" + std::to_string(dim) + "_" + std::to_string(clusters);
  const std::size_t n = 5000, queries = 100;
  EmbeddingStore items = random_items(type, n, Metric::kCosine, 3, dim, clusters);
  EXPECT_TRUE(save_embedding_rows(db, items, type, "").ok());
  EmbeddingStore index = index_from_rows(db, type, Metric::kCosine);
  Result<std::unique_ptr<PgvectorSearcher>> exact = PgvectorSearcher::open(db, type, dim, Metric::kCosine, true, 64);
  EXPECT_TRUE(exact.ok()) << (exact.ok() ? "" : exact.error().message);
  if (!exact.ok()) return 0;
  SearchOptions options;
  std::size_t found = 0;
  for (const std::vector<float>& q : random_queries(queries, 3, dim, clusters)) {
    Result<std::vector<SearchHit>> truth = exact.value()->search(q, options);
    Result<std::vector<SearchHit>> approx = index.search(type, q, options);
    found += overlap(ids_of(approx), ids_of(truth));
    // Scores agree with pgvector's distances (float32 rounding apart).
    if (truth.ok() && approx.ok() && !approx.value().empty() && approx.value()[0].id == truth.value()[0].id) {
      EXPECT_NEAR(approx.value()[0].score, truth.value()[0].score, 1e-5);
    }
  }
  const double recall = static_cast<double>(found) / static_cast<double>(queries * options.k);
  std::printf("recall@10 of learnloop's HNSW against pgvector's exact order, %zu-d, %zu clusters: %.4f\n", dim,
              clusters, recall);
  return recall;
}

// Uniform random data is the hard case for HNSW: >= 0.99 holds at 16-d (0.985 measured at 32-d at the default ef).
TEST(Pgvector, LearnloopsHnswFindsPgvectorsExactTopTen) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  EXPECT_GE(recall_at_ten(16, 0), 0.99);
}

// Embeddings as models give them (topics with spread) in 128 dimensions, the size of the search benchmark.
TEST(Pgvector, LearnloopsHnswFindsPgvectorsExactTopTenOnClustered128d) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  EXPECT_GE(recall_at_ten(128, 50), 0.99);
}

// Both engines on one type with a filter and after deletions: every hit matches the filter, no deleted id comes
// back, k hits come back whenever k rows match, and the two agree with the exact answer.
TEST(Pgvector, PgvectorHnswAndTheIndexAgreeOnFiltersAndDeletions) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  auto db = fresh_pgvector();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(migrate_schema(*db).ok());
  for (Metric metric : {Metric::kL2, Metric::kInnerProduct}) {
    const std::string type = std::string("AGREE_") + metric_name(metric);
    EmbeddingStore items = random_items(type, 3000, metric, 5);
    ASSERT_TRUE(save_embedding_rows(*db, items, type, "").ok());
    Result<bool> made = ensure_pgvector_index(*db, type, kDim, metric, HnswOptions{});
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_TRUE(made.value());
    // Delete every third item of group 1, then save: the rows lose them.
    std::set<std::string> deleted;
    for (std::size_t i = 1; i < 3000; i += 12) {
      ASSERT_TRUE(items.remove(type, item_id(i)).ok());
      deleted.insert(item_id(i));
    }
    Result<EmbeddingSaveSummary> saved = save_embedding_rows(*db, items, type, "");
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved.value().deleted, deleted.size());
    EmbeddingStore index = index_from_rows(*db, type, metric);
    SearchOptions filtered;
    filtered.filter = {{"group", 1}};
    auto hnsw = PgvectorSearcher::open(*db, type, kDim, metric, false, 64);
    auto exact = PgvectorSearcher::open(*db, type, kDim, metric, true, 64);
    ASSERT_TRUE(hnsw.ok() && exact.ok());
    EXPECT_TRUE(hnsw.value()->iterative_scan());
    std::size_t pg_found = 0, index_found = 0, total = 0;
    for (const std::vector<float>& q : random_queries(30, 9)) {
      const auto truth = ids_of(exact.value()->search(q, filtered));
      const auto pg = ids_of(hnsw.value()->search(q, filtered));
      const auto ll = ids_of(index.search(type, q, filtered));
      ASSERT_EQ(truth.size(), 10u);
      EXPECT_EQ(pg.size(), 10u);  // hnsw.iterative_scan: a filtered HNSW scan still fills k
      EXPECT_EQ(ll.size(), 10u);
      for (const auto* answer : {&truth, &pg, &ll}) {
        for (const std::string& id : *answer) {
          EXPECT_EQ(deleted.count(id), 0u) << id << " was deleted";
          EXPECT_EQ(std::stoi(id.substr(1)) % 4, 1) << id << " is not in group 1";
        }
      }
      pg_found += overlap(pg, truth);
      index_found += overlap(ll, truth);
      total += truth.size();
    }
    std::printf("%s, filtered, after deletions: recall@10 pgvector HNSW %.3f, learnloop index %.3f\n",
                metric_name(metric), static_cast<double>(pg_found) / static_cast<double>(total),
                static_cast<double>(index_found) / static_cast<double>(total));
    EXPECT_GE(static_cast<double>(pg_found) / static_cast<double>(total), 0.95);
    EXPECT_GE(static_cast<double>(index_found) / static_cast<double>(total), 0.95);
  }
}

// The CLI on the pgvector server: the default engine is pgvector (it makes the HNSW index once and says so),
// --engine index rebuilds learnloop's index from the same rows, and both give the same exact answers.
TEST(Pgvector, SearchCommandAnswersFromEitherEngine) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  auto db = fresh_pgvector();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(migrate_schema(*db).ok());
  EmbeddingStore items = random_items("CLI", 300, Metric::kCosine, 13);
  ASSERT_TRUE(save_embedding_rows(*db, items, "CLI", "").ok());
  db.reset();
  const std::string queries = store_support::temp_db("pgvector-queries") + ".fvecs";
  FloatRows rows;
  rows.dim = kDim;
  for (const auto& q : random_queries(3, 13)) {
    rows.values.insert(rows.values.end(), q.begin(), q.end());
    ++rows.rows;
  }
  {
    std::ofstream f(queries, std::ios::binary);
    const std::string bytes = to_fvecs(rows);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  const std::vector<std::string> base = {"search",    "--db",  pgvector_uri(), "--type", "CLI",
                                         "--queries", queries, "-k",           "5",      "--json"};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    CliOutput out = cli(args);
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return out;
  };
  CliOutput first = run({});
  const nlohmann::json a = nlohmann::json::parse(first.out);
  EXPECT_EQ(a["engine"], "pgvector");
  EXPECT_NE(a["note"].get<std::string>().find("made the HNSW index"), std::string::npos) << a["note"];
  const nlohmann::json b = nlohmann::json::parse(run({}).out);
  EXPECT_EQ(b["note"], "");  // the index exists now
  const nlohmann::json exact_pg = nlohmann::json::parse(run({"--engine", "pgvector", "--exact"}).out);
  const nlohmann::json exact_index = nlohmann::json::parse(run({"--engine", "index", "--exact"}).out);
  EXPECT_EQ(exact_index["engine"], "index");
  ASSERT_EQ(exact_pg["results"].size(), 3u);
  for (std::size_t q = 0; q < 3; ++q) {
    EXPECT_EQ(exact_pg["results"][q]["ids"], exact_index["results"][q]["ids"]) << q;
    for (std::size_t i = 0; i < 5; ++i)
      EXPECT_NEAR(exact_pg["results"][q]["scores"][i].get<double>(),
                  exact_index["results"][q]["scores"][i].get<double>(), 1e-5);
  }
  const nlohmann::json filtered = nlohmann::json::parse(run({"--filter", R"({"even": true})"}).out);
  for (const auto& id : filtered["results"][0]["ids"]) EXPECT_EQ(std::stoi(id.get<std::string>().substr(1)) % 2, 0);
  CliOutput bad = cli({"search", "--db", pgvector_uri(), "--type", "CLI", "--queries", queries, "--engine", "faiss"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--engine must be pgvector or index"), std::string::npos);
}

// PostgreSQL 15 from Debian has no pgvector: init keeps bytea and says why; search answers from learnloop's index
// with a note; asking for pgvector is refused with the reason.
TEST(Pgvector, WithoutTheExtensionEmbeddingsStayByteaAndSearchUsesTheIndex) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = fresh_database("ll_no_vector");
  CliOutput init = cli({"init", "--db", uri, "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const nlohmann::json j = nlohmann::json::parse(init.out);
  EXPECT_EQ(j["embeddings"], "bytea");
  EXPECT_NE(j["embeddings_note"].get<std::string>().find("no vector extension"), std::string::npos) << j;
  auto db = connect(uri);
  ASSERT_NE(db, nullptr);
  EmbeddingStore items = random_items("FALLBACK", 100, Metric::kCosine, 17);
  ASSERT_TRUE(save_embedding_rows(*db, items, "FALLBACK", "").ok());
  db.reset();
  const std::string queries = store_support::temp_db("pg15-queries") + ".fvecs";
  FloatRows rows;
  rows.dim = kDim;
  rows.rows = 1;
  rows.values = random_queries(1, 17)[0];
  {
    std::ofstream f(queries, std::ios::binary);
    const std::string bytes = to_fvecs(rows);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  CliOutput search = cli({"search", "--db", uri, "--type", "FALLBACK", "--queries", queries, "-k", "3", "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const nlohmann::json s = nlohmann::json::parse(search.out);
  EXPECT_EQ(s["engine"], "index");
  EXPECT_NE(s["note"].get<std::string>().find("searched with learnloop's index"), std::string::npos) << s;
  EXPECT_NE(search.err.find("note: the server has no vector extension"), std::string::npos) << search.err;
  EXPECT_EQ(s["results"][0]["ids"].size(), 3u);
  CliOutput asked = cli({"search", "--db", uri, "--type", "FALLBACK", "--queries", queries, "--engine", "pgvector"});
  EXPECT_EQ(asked.exit_code, 2);
  EXPECT_NE(asked.err.find("no vector extension"), std::string::npos) << asked.err;
  EXPECT_EQ(asked.err.find("ll-test-secret"), std::string::npos);
}

}  // namespace
}  // namespace learnloop
