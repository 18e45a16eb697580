// Embeddings store: SIMD kernels against the scalar reference, exact and HNSW search against
// numpy's exact kNN (tests/golden/embeddings/knn.json, shared with node:test), filters, deletion
// and compaction, batch atomicity, the snapshot round trip and every kind of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>

#include "embeddings/kernels.hpp"
#include "golden.hpp"
#include "learnloop/embeddings/distance.hpp"
#include "learnloop/embeddings/embedding_json.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/embeddings/fvecs.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"

namespace learnloop {
namespace {

std::vector<float> random_vector(Rng& rng, std::size_t dim) {
  std::vector<float> v(dim);
  for (float& x : v) x = static_cast<float>(rng.uniform() * 2 - 1);
  return v;
}

// Clustered data with a low intrinsic dimension, like real embeddings: `n` rows of `dim` around
// 10 centres, each offset by a 4-dimensional latent vector through a fixed random projection.
std::vector<float> clustered(Rng& rng, std::size_t n, std::size_t dim) {
  Rng fixed(77);
  std::vector<std::vector<float>> centres, basis;
  for (int c = 0; c < 10; ++c) centres.push_back(random_vector(fixed, dim));
  for (int b = 0; b < 4; ++b) basis.push_back(random_vector(fixed, dim));
  std::vector<float> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<float> row = centres[rng.next_u64() % centres.size()];
    for (const auto& direction : basis) {
      const float w = static_cast<float>(0.5 * (rng.uniform() * 2 - 1));
      for (std::size_t d = 0; d < dim; ++d) row[d] += w * direction[d];
    }
    for (std::size_t d = 0; d < dim; ++d) out.push_back(row[d] + static_cast<float>(0.01 * (rng.uniform() * 2 - 1)));
  }
  return out;
}

std::vector<std::string> numbered_ids(std::size_t n, const std::string& prefix = "id-") {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i) ids.push_back(prefix + std::to_string(i));
  return ids;
}

EmbeddingTypeSpec spec_of(const std::string& name, std::size_t dim, Metric metric,
                          std::size_t exact_threshold = kDefaultExactThreshold) {
  EmbeddingTypeSpec spec;
  spec.name = name;
  spec.dim = dim;
  spec.metric = metric;
  spec.exact_threshold = exact_threshold;
  return spec;
}

TEST(EmbeddingKernels, SimdEqualsScalar) {
  Rng rng(3);
  for (std::size_t n : {1, 3, 15, 16, 17, 31, 32, 37, 100, 128, 384, 512, 1000}) {
    const auto a = random_vector(rng, n), b = random_vector(rng, n);
    const float dot = dot_product(a.data(), b.data(), n), dot_ref = dot_product_scalar(a.data(), b.data(), n);
    const float l2 = l2_squared(a.data(), b.data(), n), l2_ref = l2_squared_scalar(a.data(), b.data(), n);
    // Same summation order on every kernel: equal bits, which implies any float tolerance.
    EXPECT_EQ(std::memcmp(&dot, &dot_ref, 4), 0)
        << simd_kernel_name() << " n=" << n << ": " << dot << " vs " << dot_ref;
    EXPECT_EQ(std::memcmp(&l2, &l2_ref, 4), 0) << simd_kernel_name() << " n=" << n << ": " << l2 << " vs " << l2_ref;
    double exact = 0;
    for (std::size_t i = 0; i < n; ++i) exact += static_cast<double>(a[i]) * b[i];
    EXPECT_NEAR(dot, exact, 1e-4 * std::max(1.0, std::abs(exact)));
  }
}

// The graph search's batch kernels (touching or prefetching the batch first) return the single-pair bits.
TEST(EmbeddingKernels, BatchEqualsSinglePair) {
  Rng rng(4);
  for (std::size_t dim : {3, 16, 37, 128, 512}) {
    const std::size_t rows = 40, stride = dim * sizeof(float) + 12;  // rows need not start on a cache line
    std::vector<char> base(rows * stride + sizeof(float));
    for (std::size_t r = 0; r < rows; ++r) {
      const auto v = random_vector(rng, dim);
      std::memcpy(base.data() + r * stride, v.data(), dim * sizeof(float));
    }
    const auto query = random_vector(rng, dim);
    const std::vector<std::uint32_t> ids = {7, 0, 39, 7, 12, 3, 25, 18, 1};
    const std::pair<embeddings::BatchDistanceFn, embeddings::DistanceFn> kinds[] = {
        {embeddings::negative_dot_batch_fn(), embeddings::negative_dot_fn()},
        {embeddings::l2_squared_batch_fn(), embeddings::l2_squared_fn()}};
    for (const auto& [batch, single] : kinds) {
      std::vector<float> out(ids.size());
      batch(query.data(), base.data(), stride, ids.data(), ids.size(), dim, out.data());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const float want = single(query.data(), base.data() + ids[i] * stride, &dim);
        EXPECT_EQ(std::memcmp(&out[i], &want, 4), 0) << simd_kernel_name() << " dim=" << dim << " item " << i;
      }
    }
  }
}

struct Golden {
  nlohmann::json doc = testing::load_golden("embeddings/knn.json");
  EmbeddingStore store_for(const std::string& metric, std::size_t exact_threshold) const {
    EmbeddingStore store;
    EXPECT_TRUE(store.define_type(spec_of("golden", doc["dim"], parse_metric(metric).value(), exact_threshold)).ok());
    std::vector<nlohmann::json> metadata = doc["metadata"];
    std::vector<float> vectors;
    for (double x : doc["vectors"]) vectors.push_back(static_cast<float>(x));
    Status s = store.store_batch("golden", doc["ids"], vectors, metadata);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return store;
  }
};

void check_golden(bool exact) {
  Golden golden;
  const double tol = golden.doc["tolerance"];
  for (const char* metric : {"cosine", "ip", "l2"}) {
    // exact_threshold 0 sends every search through HNSW; ef 300 covers the whole set.
    EmbeddingStore store = golden.store_for(metric, exact ? kDefaultExactThreshold : 0);
    for (const auto& c : golden.doc["cases"]) {
      if (c["metric"] != metric) continue;
      SearchOptions options;
      options.k = golden.doc["k"];
      options.ef = 300;
      options.filter = c["filter"];
      std::vector<float> query;
      for (double x : c["query"]) query.push_back(static_cast<float>(x));
      auto hits = store.search("golden", query, options);
      ASSERT_TRUE(hits.ok()) << hits.error().message;
      ASSERT_EQ(hits.value().size(), c["ids"].size());
      for (std::size_t i = 0; i < hits.value().size(); ++i) {
        EXPECT_EQ(hits.value()[i].id, c["ids"][i].get<std::string>()) << metric << " rank " << i;
        EXPECT_TRUE(testing::close(hits.value()[i].score, c["scores"][i].get<double>(), tol))
            << metric << " rank " << i;
      }
    }
  }
}

TEST(EmbeddingStore, ExactSearchMatchesNumpy) { check_golden(true); }
TEST(EmbeddingStore, HnswSearchMatchesNumpyWithFullCandidateList) { check_golden(false); }

TEST(EmbeddingStore, HnswRecallAtTenIsHighAtDefaultSettings) {
  Rng rng(11);
  const std::size_t n = 3000, dim = 32;
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", dim, Metric::kL2, 1000)).ok());
  ASSERT_TRUE(store.store_batch("t", numbered_ids(n), clustered(rng, n, dim)).ok());
  double recall = 0;
  const int queries = 50;
  for (int q = 0; q < queries; ++q) {
    const auto query = clustered(rng, 1, dim);
    SearchOptions approx;
    SearchOptions exact;
    exact.exact = true;
    auto a = store.search("t", query, approx).value();
    auto e = store.search("t", query, exact).value();
    std::set<std::string> truth;
    for (const auto& h : e) truth.insert(h.id);
    for (const auto& h : a) recall += truth.count(h.id) ? 0.1 : 0;
  }
  EXPECT_GE(recall / queries, 0.95);
}

TEST(EmbeddingStore, SearchWithPrefetchOffReturnsTheSameHits) {
  Rng rng(12);
  const std::size_t n = 2000, dim = 48;
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", dim, Metric::kCosine, 0)).ok());
  ASSERT_TRUE(store.store_batch("t", numbered_ids(n), clustered(rng, n, dim)).ok());
  for (int q = 0; q < 20; ++q) {
    const auto query = clustered(rng, 1, dim);
    const auto with = store.search("t", query, SearchOptions{}).value();
    set_search_prefetch(false);
    const auto without = store.search("t", query, SearchOptions{}).value();
    set_search_prefetch(true);
    ASSERT_EQ(with.size(), 10u);
    ASSERT_EQ(without.size(), with.size());
    for (std::size_t i = 0; i < with.size(); ++i) {
      EXPECT_EQ(without[i].id, with[i].id) << "query " << q << " rank " << i;
      EXPECT_EQ(without[i].score, with[i].score) << "query " << q << " rank " << i;
    }
  }
}

TEST(EmbeddingStore, FilteredSearchReturnsOnlyMatchesAndTheBestOfThem) {
  Rng rng(5);
  const std::size_t n = 3000, dim = 16;
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", dim, Metric::kCosine, 100)).ok());
  std::vector<nlohmann::json> metadata;
  for (std::size_t i = 0; i < n; ++i) metadata.push_back({{"lang", i % 40 == 0 ? "fr" : "en"}, {"i", i}});
  ASSERT_TRUE(store.store_batch("t", numbered_ids(n), clustered(rng, n, dim), metadata).ok());
  for (const char* lang : {"en", "fr"}) {
    SearchOptions options;
    options.filter = {{"lang", lang}};
    const auto query = clustered(rng, 1, dim);
    auto hits = store.search("t", query, options).value();
    ASSERT_EQ(hits.size(), 10u);
    for (const auto& h : hits) EXPECT_EQ(h.metadata["lang"], lang);
    options.exact = true;
    auto truth = store.search("t", query, options).value();
    std::size_t shared = 0;
    for (const auto& h : hits)
      for (const auto& t : truth) shared += h.id == t.id;
    EXPECT_GE(shared, 9u) << lang;
  }
  SearchOptions none;
  none.filter = {{"lang", "de"}};
  EXPECT_TRUE(store.search("t", clustered(rng, 1, dim), none).value().empty());
}

TEST(EmbeddingStore, MinScoreDropsWeakResults) {
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", 2, Metric::kCosine)).ok());
  ASSERT_TRUE(store.store_batch("t", {"x", "y", "diag"}, {1, 0, 0, 1, 1, 1}).ok());
  SearchOptions options;
  options.min_score = 0.5f;
  auto hits = store.search("t", {1, 0}, options).value();
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, "x");
  EXPECT_FLOAT_EQ(hits[0].score, 1.0f);
  EXPECT_EQ(hits[1].id, "diag");
}

TEST(EmbeddingStore, DeletedItemsAreNeverReturnedAndCompactionKeepsTheRest) {
  Rng rng(9);
  const std::size_t n = 3000, dim = 24;
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", dim, Metric::kL2, 500)).ok());
  const auto vectors = clustered(rng, n, dim);
  ASSERT_TRUE(store.store_batch("t", numbered_ids(n), vectors).ok());
  for (std::size_t i = 0; i < n; i += 2) ASSERT_TRUE(store.remove("t", "id-" + std::to_string(i)).value());
  EXPECT_FALSE(store.remove("t", "id-0").value());
  EXPECT_EQ(store.count("t").value(), n / 2);
  EXPECT_LT(store.types()[0].deleted, n / 2);  // compaction ran on the way
  for (int q = 0; q < 20; ++q) {
    const std::vector<float> query(vectors.begin() + q * 2 * dim,
                                   vectors.begin() + (q * 2 + 1) * dim);  // a deleted item's vector
    SearchOptions options;
    options.k = 20;
    const auto hits = store.search("t", query, options).value();
    for (const auto& h : hits) EXPECT_EQ(std::stoi(h.id.substr(3)) % 2, 1) << h.id;
  }
  EXPECT_EQ(store.get("t", "id-4").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store.get("t", "id-5").ok());
}

TEST(EmbeddingStore, GetUpdateAndSearchById) {
  EmbeddingStore store;
  ASSERT_TRUE(store.store("AUDIO_FEATURE", "a", std::vector<float>(128, 1.0f), {{"kind", "song"}}).ok());
  std::vector<float> other(128, 1.0f);
  other[0] = -1;
  ASSERT_TRUE(store.store("AUDIO_FEATURE", "b", other).ok());
  auto item = store.get("AUDIO_FEATURE", "a").value();
  EXPECT_NEAR(item.vector[0], 1 / std::sqrt(128.0), 1e-7);  // cosine: stored normalised
  EXPECT_EQ(item.metadata["kind"], "song");
  ASSERT_TRUE(store.update_metadata("AUDIO_FEATURE", "a", {{"kind", "podcast"}}).ok());
  ASSERT_TRUE(store.update_vector("AUDIO_FEATURE", "a", other).ok());
  item = store.get("AUDIO_FEATURE", "a").value();
  EXPECT_EQ(item.metadata["kind"], "podcast");
  EXPECT_LT(item.vector[0], 0);
  auto hits = store.search_by_id("AUDIO_FEATURE", "a", SearchOptions{}).value();
  ASSERT_EQ(hits.size(), 1u);  // the item itself is excluded
  EXPECT_EQ(hits[0].id, "b");
  EXPECT_EQ(store.count("AUDIO_FEATURE").value(), 2u);
  EXPECT_EQ(store.count("CLIP_VISUAL").value(), 0u);
  ASSERT_EQ(store.types().size(), 1u);
  EXPECT_EQ(store.types()[0].spec.dim, 128u);
}

TEST(EmbeddingStore, SnapshotRoundTripKeepsResultsAndAcceptsMoreItems) {
  Rng rng(21);
  const std::size_t n = 2500, dim = 20;
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", dim, Metric::kInnerProduct, 100)).ok());
  std::vector<nlohmann::json> metadata(n, {{"tag", "x"}});
  ASSERT_TRUE(store.store_batch("t", numbered_ids(n), clustered(rng, n, dim), metadata).ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store.remove("t", "id-" + std::to_string(i)).value());
  const std::string bytes = store.to_bytes();
  auto read = EmbeddingStore::from_bytes(bytes);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EmbeddingStore loaded_store = std::move(read).value();
  struct {
    EmbeddingStore& v;
    EmbeddingStore& value() { return v; }
  } loaded{loaded_store};
  EXPECT_EQ(loaded.value().to_bytes(), bytes);
  const auto query = clustered(rng, 1, dim);
  auto before = store.search("t", query, SearchOptions{}).value();
  auto after = loaded.value().search("t", query, SearchOptions{}).value();
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].id, after[i].id);
    EXPECT_EQ(before[i].score, after[i].score);
    EXPECT_EQ(after[i].metadata["tag"], "x");
  }
  // Adding to a loaded index continues the same graph: same result as adding to the original.
  const auto more = clustered(rng, 300, dim);
  ASSERT_TRUE(store.store_batch("t", numbered_ids(300, "more-"), more).ok());
  ASSERT_TRUE(loaded.value().store_batch("t", numbered_ids(300, "more-"), more).ok());
  EXPECT_EQ(loaded.value().to_bytes(), store.to_bytes());
  EXPECT_EQ(loaded.value().count("t").value(), n - 10 + 300);
}

TEST(EmbeddingStore, SnapshotRefusesTruncatedCorruptAndNewerBytes) {
  EmbeddingStore store;
  ASSERT_TRUE(store.store_batch("TEXT_TREND", {"a", "b"}, std::vector<float>(2 * 384, 0.5f)).ok());
  const std::string bytes = store.to_bytes();
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    auto r = EmbeddingStore::from_bytes(bytes.substr(0, cut));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kParseError) << cut << ": " << r.error().message;
  }
  std::string flipped = bytes;
  flipped[bytes.size() - 7] ^= 0x10;
  auto corrupt = EmbeddingStore::from_bytes(flipped);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_NE(corrupt.error().message.find("checksum"), std::string::npos);
  std::string newer = bytes;
  newer[8] = 2;  // major version 2
  auto future = EmbeddingStore::from_bytes(newer);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.error().code, ErrorCode::kUnsupportedVersion);
  EXPECT_EQ(future.error().message, "embeddings snapshot has format version 2.0; this learnloop reads version 1.x");
  EXPECT_EQ(EmbeddingStore::from_bytes("{\"format\":1}").error().code, ErrorCode::kParseError);
}

TEST(EmbeddingStore, BadInputIsRefusedClearlyAndAFailedBatchChangesNothing) {
  EmbeddingStore store;
  ASSERT_TRUE(store.define_type(spec_of("t", 3, Metric::kCosine)).ok());
  ASSERT_TRUE(store.store("t", "keep", {1, 2, 3}, {{"v", 1}}).ok());
  const std::string before = store.to_bytes();
  auto message = [](const Status& s) { return s.ok() ? std::string("ok") : s.error().message; };
  EXPECT_EQ(message(store.store("t", "x", {1, 2})), "vector of 'x' has 2 values; type 't' expects 3");
  EXPECT_EQ(message(store.store("t", "x", {1, std::nanf(""), 3})),
            "vector of 'x' has nan at index 1; expected finite numbers");
  EXPECT_EQ(message(store.store("t", "x", {0, 0, 0})),
            "vector of 'x' is all zeros; cosine similarity needs a non-zero vector");
  EXPECT_EQ(message(store.store_batch("t", {"a", "b", "a"}, std::vector<float>(9, 1))),
            "id 'a' appears twice in the batch; ids in a batch must be unique");
  EXPECT_EQ(message(store.store_batch("t", {"a", "b"}, {1, 1, 1, 0, 0, 0})),
            "vector of 'b' is all zeros; cosine similarity needs a non-zero vector");
  EXPECT_EQ(message(store.store_batch("t", {"a", "b"}, {1, 1, 1})),
            "vectors has 3 values; 2 ids of type 't' need 6 (2 x 3)");
  EXPECT_EQ(message(store.store("t", "keep", {1, 1, 1}, 5)),
            "metadata of 'keep' is number; expected a JSON object or null");
  EXPECT_EQ(store.store("nope", "x", {1, 2, 3}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.to_bytes(), before);  // nothing above changed the store

  SearchOptions zero;
  zero.k = 0;
  EXPECT_EQ(store.search("t", {1, 1, 1}, zero).error().message, "k is 0; expected k >= 1");
  EXPECT_EQ(store.search("nope", {1, 1, 1}, SearchOptions{}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.search("t", {0, 0, 0}, SearchOptions{}).error().code, ErrorCode::kInvalidArgument);
  SearchOptions many;
  many.k = 50;
  EXPECT_EQ(store.search("t", {1, 1, 1}, many).value().size(), 1u);  // k above the live count: what exists
  SearchOptions bad_filter;
  bad_filter.filter = {1, 2};
  EXPECT_EQ(store.search("t", {1, 1, 1}, bad_filter).error().code, ErrorCode::kInvalidArgument);
  EmbeddingTypeSpec bad = spec_of("t2", 0, Metric::kL2);
  EXPECT_EQ(message(store.define_type(bad)), "type 't2': dim is 0; expected 1 to 65536");
  EXPECT_EQ(store.define_type(spec_of("t", 4, Metric::kCosine)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_metric("dot").error().message, "unknown metric 'dot'; expected cosine, ip or l2");
}

TEST(Fvecs, RoundTripAndClearErrors) {
  FloatRows rows{2, 3, {1, 2, 3, 4, 5, 6.5f}};
  const std::string bytes = to_fvecs(rows);
  ASSERT_EQ(bytes.size(), 2u * (4 + 12));
  auto parsed = parse_fvecs(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value().rows, 2u);
  EXPECT_EQ(parsed.value().values, rows.values);
  EXPECT_EQ(parse_fvecs(bytes.substr(0, 16)).value().rows, 1u);
  EXPECT_EQ(parse_fvecs(bytes.substr(0, 18)).error().message,
            "row 1 is truncated: 2 bytes where its dimension should be");
  EXPECT_EQ(parse_fvecs(bytes.substr(0, 20)).error().message,
            "row 1 is truncated: it needs 12 bytes of values, 0 are left");
  EXPECT_EQ(parse_fvecs(bytes.substr(0, 24)).error().message,
            "row 1 is truncated: it needs 12 bytes of values, 4 are left");
  EXPECT_EQ(parse_fvecs(bytes + to_fvecs(FloatRows{1, 2, {1, 2}})).error().message,
            "row 2 has dimension 2; row 0 has 3");
  EXPECT_EQ(parse_fvecs(to_fvecs(FloatRows{1, 1, {1}}).replace(0, 1, 1, '\0')).error().message,
            "row 0 says dimension 0; expected 1 to 65536 (is this an fvecs file?)");
  EXPECT_EQ(parse_fvecs("").error().code, ErrorCode::kParseError);
  EXPECT_EQ(parse_id_lines("a\r\nb\n").value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parse_id_lines("a\n\nb").error().message, "line 2 is empty; expected one id per line");
}

TEST(EmbeddingJson, SpecsAndOptionsAreCheckedByName) {
  auto spec = type_spec_from_json({{"name", "CLIP_VISUAL"}, {"metric", "ip"}, {"ef_search", 128}});
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec.value().dim, 512u);
  EXPECT_EQ(spec.value().metric, Metric::kInnerProduct);
  EXPECT_EQ(spec.value().hnsw.ef_search, 128u);
  EXPECT_EQ(type_spec_from_json({{"name", "mine"}}).error().message,
            "type 'mine' needs \"dim\" (only built-in types have a default)");
  EXPECT_EQ(type_spec_from_json({{"name", "mine"}, {"dim", 2.5}}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(type_spec_from_json({{"name", "mine"}, {"dim", 8}, {"M", 8}}).error().code, ErrorCode::kInvalidArgument);
  auto options =
      search_options_from_json({{"k", 3}, {"exact", true}, {"filter", {{"lang", "en"}}}, {"min_score", 0.5}});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options.value().k, 3u);
  EXPECT_TRUE(options.value().exact);
  EXPECT_EQ(*options.value().min_score, 0.5f);
  EXPECT_FALSE(search_options_from_json({{"k", 0}}).ok());
  EXPECT_FALSE(search_options_from_json({{"k", -1}}).ok());
  EXPECT_FALSE(search_options_from_json({{"top", 3}}).ok());
  EXPECT_FALSE(search_options_from_json({{"exact", 1}}).ok());
}

}  // namespace
}  // namespace learnloop
