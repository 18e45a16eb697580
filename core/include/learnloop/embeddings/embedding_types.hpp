// Embedding types: each type (CLIP_VISUAL, TEXT_CAPTION, ... or one a user defines) has its own
// dimension, metric and index settings, and its own index. No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// How similarity is measured; every search result's score is "higher is more similar".
enum class Metric {
  kCosine,        ///< cosine similarity (vectors are stored unit-normalised; score in [-1, 1])
  kInnerProduct,  ///< inner product (score = dot product)
  kL2,            ///< Euclidean (score = minus the squared L2 distance)
};

/// "cosine", "ip" or "l2".
const char* metric_name(Metric metric);

/// Parses "cosine", "ip" or "l2".
Result<Metric> parse_metric(const std::string& name);

/// HNSW settings of one type's index.
struct HnswOptions {
  std::size_t m = 16;                 ///< graph degree (links per node above layer 0; 2M at layer 0), in [2, 256]
  std::size_t ef_construction = 200;  ///< candidate list size while inserting, >= 1
  std::size_t ef_search = 64;         ///< default candidate list size while searching, >= 1
};

/// Live items at or below which searches are exact (brute force) instead of HNSW.
constexpr std::size_t kDefaultExactThreshold = 4096;

/// One embedding type: a name, a dimension, a metric and index settings.
struct EmbeddingTypeSpec {
  std::string name;                                      ///< e.g. "CLIP_VISUAL" or any user name
  std::size_t dim = 0;                                   ///< vector length, in [1, 65536]
  Metric metric = Metric::kCosine;                       ///< similarity measure
  HnswOptions hnsw;                                      ///< index settings
  std::size_t exact_threshold = kDefaultExactThreshold;  ///< exact search up to this many live items
};

/// The built-in type names, in order: CLIP_VISUAL, TEXT_CAPTION, TEXT_TREND, BRAND_STYLE, AUDIO_FEATURE.
const std::vector<std::string>& builtin_embedding_types();

/// Default spec of a built-in type (cosine; dims 512, 384, 384, 512, 128), or nullopt for other names.
std::optional<EmbeddingTypeSpec> builtin_type_spec(const std::string& name);

/// Checks a spec's name, dimension and settings; the error names the bad field and its range.
Status validate_type_spec(const EmbeddingTypeSpec& spec);

}  // namespace learnloop
