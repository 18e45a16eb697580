// The Embind class behind the JS EmbeddingIndex (registered in bind_embeddings.cpp), shared so that
// other bindings (the store's loadEmbeddings) can hand a core index to JS without a copy through bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "learnloop/embeddings/embedding_store.hpp"

namespace learnloop::wasm {

/// Owns one core store (Embind needs a concrete, movable type), plus the scratch memory of the direct
/// search path: the TS wrapper writes the query into `query` and reads the hits from `hits` through the
/// module's heap views, so a search crosses the boundary with numbers, not JS objects.
struct JsEmbeddingStore {
  EmbeddingStore store;             ///< the core index
  std::vector<float> query;         ///< scratch query of the direct search path
  std::vector<std::uint32_t> hits;  ///< scratch hits of the direct search path
};

}  // namespace learnloop::wasm
