// JSON forms of embedding type specs, type listings and search options, as the wasm bindings and
// the TypeScript layer pass them (snake_case keys). Unknown keys are errors. No I/O.
#pragma once

#include <nlohmann/json.hpp>

#include "learnloop/core/status.hpp"
#include "learnloop/embeddings/embedding_store.hpp"

namespace learnloop {

/// A spec from {"name", "dim", "metric"?, "m"?, "ef_construction"?, "ef_search"?, "exact_threshold"?};
/// a built-in name without "dim" takes the built-in dimension.
Result<EmbeddingTypeSpec> type_spec_from_json(const nlohmann::json& doc);

/// {"name","dim","metric","m","ef_construction","ef_search","exact_threshold","count","deleted"}.
nlohmann::json type_info_to_json(const EmbeddingTypeInfo& info);

/// Search options from {"k"?, "ef"?, "exact"?, "filter"?, "min_score"?} (k defaults to 10).
Result<SearchOptions> search_options_from_json(const nlohmann::json& doc);

}  // namespace learnloop
