// `learnloop search --db DB --type T` with learnloop's index (issue 20): the CLI searches the type's stored index
// snapshot when it is current for the rows, and builds the index from the rows and stores its snapshot when the
// snapshot is missing or the rows changed (added or deleted), saying which on stderr. Run on a SQLite file, on
// PostgreSQL 15 (bytea embeddings) and on PGlite with pgvector (--engine index). A snapshot swapped for one of
// other vectors under the same rows hash proves the CLI answers from it; that the swapped snapshot never answers
// once the rows change proves a stale one is not used.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "learnloop/embeddings/fvecs.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "learnloop/store/schema.hpp"
#include "postgres_support.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kSnapDim = 12;
constexpr std::size_t kSnapItems = 240;
constexpr std::size_t kSnapQueries = 4;
constexpr std::size_t kSnapK = 5;
const char* const kSnapType = "SNAP";

using Ids = std::vector<std::vector<std::string>>;

std::vector<float> snap_vector(Rng& rng) {
  std::vector<float> v(kSnapDim);
  for (float& x : v) x = static_cast<float>(rng.uniform() * 2 - 1);
  return v;
}

// The spec the CLI searches with when given only --type (cosine, default HNSW settings).
EmbeddingTypeSpec cli_spec() {
  EmbeddingTypeSpec spec;
  spec.name = kSnapType;
  return spec;
}

// kSnapItems random items "s000".."s239" with metadata {"n": i}.
EmbeddingStore snap_items() {
  EmbeddingStore store;
  EmbeddingTypeSpec spec = cli_spec();
  spec.dim = kSnapDim;
  EXPECT_TRUE(store.define_type(spec).ok());
  Rng rng(31, 0);
  for (std::size_t i = 0; i < kSnapItems; ++i) {
    const std::string digits = std::to_string(i);
    const std::string id = "s" + std::string(3 - digits.size(), '0') + digits;
    EXPECT_TRUE(store.store(kSnapType, id, snap_vector(rng), {{"n", i}}).ok());
  }
  return store;
}

// The ids of each query's hits in `search --json` output.
Ids ids_in(const CliOutput& out) {
  Ids ids;
  const nlohmann::json j = nlohmann::json::parse(out.out);
  for (const auto& r : j["results"]) ids.push_back(r["ids"].get<std::vector<std::string>>());
  return ids;
}

// The ids `index` answers for each query.
Ids ids_from(const EmbeddingStore& index, const std::vector<std::vector<float>>& queries) {
  Ids ids;
  SearchOptions options;
  options.k = kSnapK;
  for (const auto& q : queries) {
    std::vector<std::string> row;
    const Result<std::vector<SearchHit>> hits = index.search(kSnapType, q, options);  // kept: value() is a reference
    EXPECT_TRUE(hits.ok());
    if (hits.ok())
      for (const SearchHit& h : hits.value()) row.push_back(h.id);
    ids.push_back(row);
  }
  return ids;
}

// A fresh build from the table's rows, as the CLI makes one.
EmbeddingStore fresh_build(Database& db) {
  EmbeddingStore index;
  Result<std::size_t> loaded = load_embedding_rows(db, index, cli_spec());
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
  return index;
}

// The stored snapshot's rows hash ("" when there is none).
std::string stored_hash(Database& db) {
  auto rows = query_rows(db, "SELECT rows_hash FROM embedding_index_snapshots WHERE type = ?", {kSnapType});
  EXPECT_TRUE(rows.ok());
  return rows.ok() && !rows.value().empty() ? sql_text(rows.value()[0][0]) : "";
}

// Replaces the stored snapshot's bytes with an index of the same ids and settings whose vectors are negated, keeping
// its rows hash: an index that answers differently and passes every currency check. Returns it.
EmbeddingStore swap_snapshot(Database& db) {
  EmbeddingRows rows = read_embedding_rows(db, kSnapType).value();
  for (float& x : rows.vectors) x = -x;
  EmbeddingStore swapped;
  EXPECT_TRUE(store_embedding_rows(swapped, cli_spec(), rows).ok());
  const std::string bytes = swapped.to_bytes();
  Blob blob;
  blob.bytes.assign(bytes.begin(), bytes.end());
  Status s = run_statement(db, "UPDATE embedding_index_snapshots SET snapshot = ? WHERE type = ?",
                           {std::move(blob), std::string(kSnapType)});
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return swapped;
}

// A connection to the database under test (nullptr, and the test failed, when it cannot connect).
using Connect = std::function<std::unique_ptr<Database>()>;

// The whole story on one database: `target` for --db, `fresh` its first connection (to an emptied database),
// `connect` any later one, `extra` more search flags. No connection stays open while the CLI runs (PGlite's socket
// server serves one at a time).
void search_follows_the_snapshot(const std::string& target, const Connect& fresh, const Connect& connect,
                                 const std::vector<std::string>& extra) {
  EmbeddingStore items = snap_items();
  {
    std::unique_ptr<Database> db = fresh();
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(migrate_schema(*db).ok());
    ASSERT_TRUE(save_embedding_rows(*db, items, kSnapType, "").ok());
  }
  // Runs `work` on a connection of its own, closed after.
  auto on_db = [&](const std::function<void(Database&)>& work) {
    std::unique_ptr<Database> db = connect();
    ASSERT_NE(db, nullptr);
    work(*db);
  };

  Rng rng(77, 1);
  std::vector<std::vector<float>> queries;
  FloatRows rows;
  rows.dim = kSnapDim;
  for (std::size_t q = 0; q < kSnapQueries; ++q) {
    queries.push_back(snap_vector(rng));
    rows.values.insert(rows.values.end(), queries.back().begin(), queries.back().end());
    ++rows.rows;
  }
  const std::string queries_path = store_support::temp_db("search-snapshot-queries") + ".fvecs";
  {
    std::ofstream f(queries_path, std::ios::binary);
    const std::string bytes = to_fvecs(rows);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<std::string> args = {"search",    "--db",       target, "--type", kSnapType,
                                   "--queries", queries_path, "-k",   "5",      "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto search = [&]() {
    CliOutput out = pg_support::cli(args);
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return out;
  };
  // In the stderr note (on PostgreSQL 15 after the note on the missing vector extension).
  const std::string built = "built the index of type 'SNAP' from its ";
  const std::string loaded = "loaded the stored index snapshot of type 'SNAP' (";

  // No snapshot: built from the rows, and its snapshot stored under the rows' hash.
  CliOutput first = search();
  EXPECT_EQ(first.err.rfind("note: ", 0), 0u) << first.err;
  EXPECT_NE(first.err.find(built + "240 rows: no stored snapshot; stored its snapshot"), std::string::npos)
      << first.err;
  Ids expected;
  on_db([&](Database& db) {
    EXPECT_EQ(stored_hash(db), read_embedding_rows(db, kSnapType).value().hash);
    expected = ids_from(fresh_build(db), queries);
  });
  EXPECT_EQ(ids_in(first), expected);

  // Current: loaded, the same neighbours.
  CliOutput second = search();
  EXPECT_NE(second.err.find(loaded + "240 rows)"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find("built the index"), std::string::npos) << second.err;
  EXPECT_EQ(ids_in(second), expected);

  // The answers come from the snapshot: swapped for other vectors under the same hash, the CLI answers as it does.
  Ids swapped;
  on_db([&](Database& db) { swapped = ids_from(swap_snapshot(db), queries); });
  ASSERT_NE(swapped, expected);
  CliOutput from_swapped = search();
  EXPECT_NE(from_swapped.err.find(loaded), std::string::npos) << from_swapped.err;
  EXPECT_EQ(ids_in(from_swapped), swapped);

  // A row added: the swapped snapshot is stale and not used; the new item (equal to query 0) comes first.
  ASSERT_TRUE(items.store(kSnapType, "s999", queries[0], {{"n", 999}}).ok());
  on_db([&](Database& db) { ASSERT_TRUE(save_embedding_rows(db, items, kSnapType, "").ok()); });
  CliOutput added = search();
  EXPECT_NE(added.err.find(built + "241 rows: the embeddings rows changed since the stored snapshot was built"),
            std::string::npos)
      << added.err;
  Ids after_add;
  on_db([&](Database& db) {
    after_add = ids_from(fresh_build(db), queries);
    EXPECT_EQ(stored_hash(db), read_embedding_rows(db, kSnapType).value().hash);
  });
  EXPECT_EQ(ids_in(added), after_add);
  ASSERT_EQ(after_add.size(), kSnapQueries);
  EXPECT_EQ(after_add[0][0], "s999");

  // A row deleted (query 1's best hit): rebuilt again, and the deleted id is never answered.
  const std::string gone = after_add[1][0];
  ASSERT_TRUE(items.remove(kSnapType, gone).value());
  on_db([&](Database& db) { ASSERT_TRUE(save_embedding_rows(db, items, kSnapType, "").ok()); });
  CliOutput deleted = search();
  EXPECT_NE(deleted.err.find(built + "240 rows: the embeddings rows changed"), std::string::npos) << deleted.err;
  Ids after_delete;
  on_db([&](Database& db) { after_delete = ids_from(fresh_build(db), queries); });
  EXPECT_EQ(ids_in(deleted), after_delete);
  for (const auto& hits : ids_in(deleted))
    for (const std::string& id : hits) EXPECT_NE(id, gone);

  // And current again: loaded, the same neighbours as the build.
  CliOutput last = search();
  EXPECT_NE(last.err.find(loaded + "240 rows)"), std::string::npos) << last.err;
  EXPECT_EQ(ids_in(last), after_delete);
}

TEST(SearchSnapshot, SqliteSearchLoadsACurrentSnapshotAndRebuildsAStaleOne) {
  const std::string path = store_support::temp_db("search-snapshot");
  const Connect connect = [&]() -> std::unique_ptr<Database> {
    Result<std::unique_ptr<Database>> db = native::open_sqlite_database(path, true);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(db).value() : nullptr;
  };
  search_follows_the_snapshot(path, connect, connect, {});
}

TEST(SearchSnapshot, PostgresSearchLoadsACurrentSnapshotAndRebuildsAStaleOne) {
  LEARNLOOP_REQUIRE_POSTGRES();
  const std::string uri = pg_support::fresh_database("ll_search_snapshot");
  const Connect connect = [&]() { return pg_support::connect(uri); };
  search_follows_the_snapshot(uri, connect, connect, {});
}

TEST(SearchSnapshot, PgvectorEngineIndexLoadsACurrentSnapshotAndRebuildsAStaleOne) {
  LEARNLOOP_REQUIRE_PGVECTOR();
  const std::string uri = pg_support::pgvector_uri();
  search_follows_the_snapshot(
      uri,
      [&]() -> std::unique_ptr<Database> {
        // PGlite is one session shared by every connection: start from an emptied schema public.
        std::unique_ptr<Database> db = pg_support::connect(uri);
        if (db == nullptr) return nullptr;
        Status reset = db->exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
        EXPECT_TRUE(reset.ok()) << (reset.ok() ? "" : reset.error().message);
        return db;
      },
      [&]() { return pg_support::connect(uri); }, {"--engine", "index"});
}

}  // namespace
}  // namespace learnloop
