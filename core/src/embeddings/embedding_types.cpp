// Metric names, the built-in embedding types and spec validation.
#include "learnloop/embeddings/embedding_types.hpp"

#include "learnloop/text/utf8.hpp"

namespace learnloop {

const char* metric_name(Metric metric) {
  switch (metric) {
    case Metric::kCosine:
      return "cosine";
    case Metric::kInnerProduct:
      return "ip";
    case Metric::kL2:
      return "l2";
  }
  return "cosine";
}

Result<Metric> parse_metric(const std::string& name) {
  if (name == "cosine") return Metric::kCosine;
  if (name == "ip") return Metric::kInnerProduct;
  if (name == "l2") return Metric::kL2;
  return invalid_argument("unknown metric '" + name + "'; expected cosine, ip or l2");
}

const std::vector<std::string>& builtin_embedding_types() {
  static const std::vector<std::string> kNames = {"CLIP_VISUAL", "TEXT_CAPTION", "TEXT_TREND", "BRAND_STYLE",
                                                  "AUDIO_FEATURE"};
  return kNames;
}

std::optional<EmbeddingTypeSpec> builtin_type_spec(const std::string& name) {
  static const std::size_t kDims[] = {512, 384, 384, 512, 128};
  const auto& names = builtin_embedding_types();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      EmbeddingTypeSpec spec;
      spec.name = name;
      spec.dim = kDims[i];
      return spec;
    }
  }
  return std::nullopt;
}

Status validate_type_spec(const EmbeddingTypeSpec& spec) {
  if (spec.name.empty() || spec.name.size() > 200)
    return invalid_argument("embedding type name must have 1 to 200 characters");
  if (!is_valid_utf8(spec.name)) return invalid_argument("an embedding type name is not valid UTF-8");
  if (spec.dim < 1 || spec.dim > 65536)
    return invalid_argument("type '" + spec.name + "': dim is " + std::to_string(spec.dim) + "; expected 1 to 65536");
  if (spec.hnsw.m < 2 || spec.hnsw.m > 256)
    return invalid_argument("type '" + spec.name + "': m is " + std::to_string(spec.hnsw.m) + "; expected 2 to 256");
  if (spec.hnsw.ef_construction < 1 || spec.hnsw.ef_construction > 100000)
    return invalid_argument("type '" + spec.name + "': ef_construction is " +
                            std::to_string(spec.hnsw.ef_construction) + "; expected 1 to 100000");
  if (spec.hnsw.ef_search < 1 || spec.hnsw.ef_search > 100000)
    return invalid_argument("type '" + spec.name + "': ef_search is " + std::to_string(spec.hnsw.ef_search) +
                            "; expected 1 to 100000");
  return {};
}

}  // namespace learnloop
