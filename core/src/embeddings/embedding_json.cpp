// JSON conversions for the embeddings API: type specs, type listings, search options.
#include "learnloop/embeddings/embedding_json.hpp"

#include <set>

#include "learnloop/core/json_state.hpp"

namespace learnloop {

namespace {

Status only_keys(const nlohmann::json& doc, const std::set<std::string>& allowed, const std::string& what) {
  if (!doc.is_object()) return invalid_argument(what + " must be an object");
  for (const auto& [key, value] : doc.items()) {
    if (!allowed.count(key)) {
      std::string names;
      for (const std::string& k : allowed) names += (names.empty() ? "" : ", ") + k;
      return invalid_argument(what + " has unknown key '" + key + "'; expected some of: " + names);
    }
  }
  return {};
}

}  // namespace

Result<EmbeddingTypeSpec> type_spec_from_json(const nlohmann::json& doc) {
  if (Status s = only_keys(doc, {"name", "dim", "metric", "m", "ef_construction", "ef_search", "exact_threshold"},
                           "type spec");
      !s.ok())
    return s.error();
  if (!doc.contains("name") || !doc["name"].is_string()) return invalid_argument("type spec needs a string \"name\"");
  EmbeddingTypeSpec spec;
  spec.name = doc["name"].get<std::string>();
  if (auto builtin = builtin_type_spec(spec.name))
    spec = *builtin;
  else if (!doc.contains("dim"))
    return invalid_argument("type '" + spec.name + "' needs \"dim\" (only built-in types have a default)");
  if (doc.contains("metric")) {
    if (!doc["metric"].is_string()) return invalid_argument("metric must be \"cosine\", \"ip\" or \"l2\"");
    Result<Metric> metric = parse_metric(doc["metric"].get<std::string>());
    if (!metric.ok()) return metric.error();
    spec.metric = metric.value();
  }
  for (auto [key, min, field] : {std::tuple<const char*, std::uint64_t, std::size_t*>{"dim", 1, &spec.dim},
                                 {"m", 2, &spec.hnsw.m},
                                 {"ef_construction", 1, &spec.hnsw.ef_construction},
                                 {"ef_search", 1, &spec.hnsw.ef_search},
                                 {"exact_threshold", 0, &spec.exact_threshold}}) {
    if (Status s = read_json_integer(doc, key, min, field); !s.ok()) return s.error();
  }
  if (Status s = validate_type_spec(spec); !s.ok()) return s.error();
  return spec;
}

nlohmann::json type_info_to_json(const EmbeddingTypeInfo& info) {
  return {{"name", info.spec.name},
          {"dim", info.spec.dim},
          {"metric", metric_name(info.spec.metric)},
          {"m", info.spec.hnsw.m},
          {"ef_construction", info.spec.hnsw.ef_construction},
          {"ef_search", info.spec.hnsw.ef_search},
          {"exact_threshold", info.spec.exact_threshold},
          {"count", info.count},
          {"deleted", info.deleted}};
}

Result<SearchOptions> search_options_from_json(const nlohmann::json& doc) {
  SearchOptions options;
  if (doc.is_null()) return options;
  if (Status s = only_keys(doc, {"k", "ef", "exact", "filter", "min_score"}, "search options"); !s.ok())
    return s.error();
  if (Status s = read_json_integer(doc, "k", 1, &options.k); !s.ok()) return s.error();
  if (doc.contains("ef")) {
    std::size_t ef = 0;
    if (Status s = read_json_integer(doc, "ef", 1, &ef); !s.ok()) return s.error();
    options.ef = ef;
  }
  if (doc.contains("exact")) {
    if (!doc["exact"].is_boolean())
      return invalid_argument("exact is " + doc["exact"].dump() + "; expected true or false");
    options.exact = doc["exact"].get<bool>();
  }
  if (doc.contains("filter")) options.filter = doc["filter"];
  if (doc.contains("min_score") && !doc["min_score"].is_null()) {
    if (!doc["min_score"].is_number())
      return invalid_argument("min_score is " + doc["min_score"].dump() + "; expected a number");
    options.min_score = doc["min_score"].get<float>();
  }
  return options;
}

}  // namespace learnloop
