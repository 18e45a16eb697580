// Similarity search: exact (brute force) for small types or on request, else HNSW. With a metadata
// filter, HNSW over-fetches and widens (x4 per round) until k matching items are found, and falls
// back to exact search over the matching items once the fetch nears an eighth of the type, so
// results always satisfy the filter and are the best k of the matching items within HNSW's recall.
#include <algorithm>
#include <cmath>
#include <exception>

#include "learnloop/embeddings/embedding_store.hpp"
#include "type_index.hpp"

namespace learnloop {

using embeddings::Candidate;
using embeddings::TypeIndex;

namespace {

// True when every key of `filter` (an object, or null for no filter) equals the item's value.
bool matches(const nlohmann::json& metadata, const nlohmann::json& filter) {
  if (filter.is_null()) return true;
  if (!metadata.is_object()) return false;
  for (const auto& [key, value] : filter.items()) {
    auto it = metadata.find(key);
    if (it == metadata.end() || *it != value) return false;
  }
  return true;
}

Status check_options(const SearchOptions& options) {
  if (options.k < 1) return invalid_argument("k is 0; expected k >= 1");
  if (options.ef && *options.ef < 1) return invalid_argument("ef is 0; expected ef >= 1");
  if (!options.filter.is_null() && !options.filter.is_object())
    return invalid_argument("filter is " + std::string(options.filter.type_name()) +
                            "; expected an object of metadata values, e.g. {\"lang\": \"en\"}");
  if (options.min_score && std::isnan(*options.min_score))
    return invalid_argument("min_score is NaN; expected a number");
  return {};
}

}  // namespace

Result<std::vector<SearchHit>> EmbeddingStore::run_search(const TypeIndex& index, const float* query,
                                                          const SearchOptions& options,
                                                          std::optional<std::uint32_t> exclude) const {
  const std::size_t live = index.live();
  const std::size_t candidates = live - (exclude ? 1 : 0);
  std::vector<Candidate> found;
  if (candidates > 0) {
    const std::size_t k = std::min(options.k, candidates);
    auto accept = [&](std::uint32_t slot) { return slot != exclude && matches(index.metadata(slot), options.filter); };
    try {
      if (options.exact || live <= index.spec().exact_threshold) {
        found = index.search_exact(query, k, accept);
      } else {
        const std::size_t ef = options.ef.value_or(index.spec().hnsw.ef_search);
        std::size_t fetch = options.filter.is_null() ? k + (exclude ? 1 : 0) : std::max<std::size_t>(2 * k, k + 32);
        for (;;) {
          const std::vector<Candidate> got = index.search_graph(query, fetch, std::max(ef, fetch));
          found.clear();
          for (const Candidate& c : got) {
            if (found.size() < k && accept(c.second)) found.push_back(c);
          }
          if (found.size() >= k || got.size() >= live) break;
          if (fetch * 8 >= live || got.size() < fetch) {
            found = index.search_exact(query, k, accept);
            break;
          }
          fetch *= 4;
        }
      }
    } catch (const std::exception& e) {
      return Error{ErrorCode::kInternal, std::string("embeddings search failure: ") + e.what()};
    }
  }
  std::vector<SearchHit> hits;
  hits.reserve(found.size());
  for (const Candidate& c : found) {
    const float score = -c.first;
    if (options.min_score && score < *options.min_score) break;
    hits.push_back({index.id(c.second), score, index.metadata(c.second)});
  }
  return hits;
}

Result<std::vector<SearchHit>> EmbeddingStore::search(const std::string& type, const std::vector<float>& query,
                                                      const SearchOptions& options) const {
  if (Status s = check_options(options); !s.ok()) return s.error();
  Result<const TypeIndex*> index = index_for_read(type);
  if (!index.ok()) return index.error();
  Result<std::vector<float>> q = prepare_vector(index.value()->spec(), query.data(), query.size(), "query");
  if (!q.ok()) return q.error();
  return run_search(*index.value(), q.value().data(), options, std::nullopt);
}

Result<std::vector<SearchHit>> EmbeddingStore::search_by_id(const std::string& type, const std::string& id,
                                                            const SearchOptions& options) const {
  if (Status s = check_options(options); !s.ok()) return s.error();
  Result<const TypeIndex*> index = index_for_read(type);
  if (!index.ok()) return index.error();
  auto slot = index.value()->find(id);
  if (!slot) return Error{ErrorCode::kNotFound, "no item '" + id + "' of type '" + type + "' to search from"};
  const float* v = index.value()->vector(*slot);
  const std::vector<float> query(v, v + index.value()->spec().dim);
  return run_search(*index.value(), query.data(), options, slot);
}

}  // namespace learnloop
