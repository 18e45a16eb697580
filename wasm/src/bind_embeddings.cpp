// Embind: the embeddings store as one JS class. Vectors cross as Float32Arrays, snapshots as
// Uint8Arrays, metadata, type specs and search options as JSON text; every decision is the core's.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "js_embedding_store.hpp"
#include "js_result.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/embeddings/embedding_json.hpp"
#include "learnloop/embeddings/embedding_store.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

std::vector<float> floats(const val& array) { return emscripten::convertJSArrayToNumberVector<float>(array); }

val float32_array(const float* data, std::size_t n) {
  return val::global("Float32Array").new_(emscripten::typed_memory_view(n, data));
}

// Parsed JSON text; "" is null.
Result<nlohmann::json> json_arg(const std::string& text) {
  if (text.empty()) return nlohmann::json();
  return parse_json(text);
}

val create_store() { return val(JsEmbeddingStore{}); }

val store_from_bytes(val bytes) {
  std::string data(bytes["length"].as<std::size_t>(), '\0');
  val(emscripten::typed_memory_view(data.size(), reinterpret_cast<unsigned char*>(data.data())))
      .call<void>("set", bytes);
  Result<EmbeddingStore> store = EmbeddingStore::from_bytes(data);
  if (!store.ok()) return error_to_js(store.error());
  JsEmbeddingStore js;
  js.store = std::move(store).value();
  return val(std::move(js));
}

val define_type(JsEmbeddingStore& s, const std::string& spec_json) {
  Result<nlohmann::json> doc = parse_json(spec_json);
  if (!doc.ok()) return error_to_js(doc.error());
  Result<EmbeddingTypeSpec> spec = type_spec_from_json(doc.value());
  if (!spec.ok()) return error_to_js(spec.error());
  return status_to_js(s.store.define_type(spec.value()));
}

std::string types(const JsEmbeddingStore& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const EmbeddingTypeInfo& info : s.store.types()) out.push_back(type_info_to_json(info));
  return out.dump();
}

val store_one(JsEmbeddingStore& s, const std::string& type, const std::string& id, val vector,
              const std::string& metadata_json) {
  Result<nlohmann::json> metadata = json_arg(metadata_json);
  if (!metadata.ok()) return error_to_js(metadata.error());
  return status_to_js(s.store.store(type, id, floats(vector), metadata.value()));
}

val store_batch(JsEmbeddingStore& s, const std::string& type, val ids, val vectors, const std::string& metadata_json) {
  Result<nlohmann::json> metadata = json_arg(metadata_json);
  if (!metadata.ok()) return error_to_js(metadata.error());
  std::vector<nlohmann::json> list;
  if (metadata.value().is_array()) list = metadata.value().get<std::vector<nlohmann::json>>();
  return status_to_js(s.store.store_batch(type, emscripten::vecFromJSArray<std::string>(ids), floats(vectors), list));
}

// {ids: string[], scores: Float32Array, metadata: string[] ("" for none)}.
val hits_to_js(const std::vector<SearchHit>& hits) {
  val ids = val::array(), metadata = val::array();
  std::vector<float> scores;
  for (const SearchHit& h : hits) {
    ids.call<void>("push", h.id);
    metadata.call<void>("push", h.metadata.is_null() ? std::string() : h.metadata.dump());
    scores.push_back(h.score);
  }
  val out = val::object();
  out.set("ids", ids);
  out.set("scores", float32_array(scores.data(), scores.size()));
  out.set("metadata", metadata);
  return out;
}

val search(const JsEmbeddingStore& s, const std::string& type, val query, const std::string& options_json) {
  Result<nlohmann::json> doc = json_arg(options_json);
  if (!doc.ok()) return error_to_js(doc.error());
  Result<SearchOptions> options = search_options_from_json(doc.value());
  if (!options.ok()) return error_to_js(options.error());
  return result_to_js(s.store.search(type, floats(query), options.value()), hits_to_js);
}

// Address of room for an n-float query (valid until the next queryBuffer call).
double query_buffer(JsEmbeddingStore& s, double n) {
  s.query.resize(static_cast<std::size_t>(n));
  return static_cast<double>(reinterpret_cast<std::uintptr_t>(s.query.data()));
}

// Hits as one block of 32-bit words: [n, id_bytes, metadata_bytes, 0], n float32 scores, n uint32 end
// offsets of the ids in the byte area, then the ids' UTF-8 bytes back to back and, when any hit has
// metadata, a JSON array with one entry per hit (null for none).
void write_hits(const std::vector<SearchHit>& hits, std::vector<std::uint32_t>& block) {
  const std::size_t n = hits.size();
  std::string metadata;
  std::size_t id_bytes = 0;
  bool any_metadata = false;
  for (const SearchHit& h : hits) {
    id_bytes += h.id.size();
    any_metadata = any_metadata || !h.metadata.is_null();
  }
  if (any_metadata) {
    metadata = "[";
    for (std::size_t i = 0; i < n; ++i) metadata += (i ? "," : "") + hits[i].metadata.dump();
    metadata += "]";
  }
  const std::size_t bytes = id_bytes + metadata.size();
  block.assign(4 + 2 * n + (bytes + 3) / 4, 0);
  block[0] = static_cast<std::uint32_t>(n);
  block[1] = static_cast<std::uint32_t>(id_bytes);
  block[2] = static_cast<std::uint32_t>(metadata.size());
  auto* area = reinterpret_cast<char*>(block.data() + 4 + 2 * n);
  std::size_t end = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::memcpy(&block[4 + i], &hits[i].score, sizeof(float));
    std::copy(hits[i].id.begin(), hits[i].id.end(), area + end);  // length-prefixed bytes, no terminator
    end += hits[i].id.size();
    block[4 + n + i] = static_cast<std::uint32_t>(end);
  }
  std::copy(metadata.begin(), metadata.end(), area + end);
}

// Searches for the query in queryBuffer() with plain options (ef 0 and a NaN min_score mean none;
// filter is JSON text or ""); returns the address of the hits block (see write_hits) or an error record.
val search_buffer(JsEmbeddingStore& s, const std::string& type, double k, double ef, bool exact, double min_score,
                  const std::string& filter_json) {
  Result<nlohmann::json> filter = json_arg(filter_json);
  if (!filter.ok()) return error_to_js(filter.error());
  SearchOptions options;
  options.k = static_cast<std::size_t>(k);
  if (ef > 0) options.ef = static_cast<std::size_t>(ef);
  options.exact = exact;
  options.filter = std::move(filter).value();
  if (!std::isnan(min_score)) options.min_score = static_cast<float>(min_score);
  Result<std::vector<SearchHit>> hits = s.store.search(type, s.query, options);
  if (!hits.ok()) return error_to_js(hits.error());
  write_hits(hits.value(), s.hits);
  return val(static_cast<double>(reinterpret_cast<std::uintptr_t>(s.hits.data())));
}

val search_by_id(const JsEmbeddingStore& s, const std::string& type, const std::string& id,
                 const std::string& options_json) {
  Result<nlohmann::json> doc = json_arg(options_json);
  if (!doc.ok()) return error_to_js(doc.error());
  Result<SearchOptions> options = search_options_from_json(doc.value());
  if (!options.ok()) return error_to_js(options.error());
  return result_to_js(s.store.search_by_id(type, id, options.value()), hits_to_js);
}

val get(const JsEmbeddingStore& s, const std::string& type, const std::string& id) {
  return result_to_js(s.store.get(type, id), [](const EmbeddingItem& item) {
    val out = val::object();
    out.set("id", item.id);
    out.set("vector", float32_array(item.vector.data(), item.vector.size()));
    out.set("metadata", item.metadata.is_null() ? std::string() : item.metadata.dump());
    return out;
  });
}

val remove(JsEmbeddingStore& s, const std::string& type, const std::string& id) {
  return result_to_js(s.store.remove(type, id), [](bool removed) { return val(removed); });
}

val update_metadata(JsEmbeddingStore& s, const std::string& type, const std::string& id,
                    const std::string& metadata_json) {
  Result<nlohmann::json> metadata = json_arg(metadata_json);
  if (!metadata.ok()) return error_to_js(metadata.error());
  return status_to_js(s.store.update_metadata(type, id, metadata.value()));
}

val update_vector(JsEmbeddingStore& s, const std::string& type, const std::string& id, val vector) {
  return status_to_js(s.store.update_vector(type, id, floats(vector)));
}

val count(const JsEmbeddingStore& s, const std::string& type) {
  return result_to_js(s.store.count(type), [](std::size_t n) { return val(static_cast<double>(n)); });
}

// {ids: string[], vectors: Float32Array (n x dim), metadata: string[]}, for saving to a database.
val items(const JsEmbeddingStore& s, const std::string& type) {
  val ids = val::array(), metadata = val::array();
  std::vector<float> vectors;
  std::size_t dim = 0;
  for (const EmbeddingTypeInfo& info : s.store.types())
    if (info.spec.name == type) dim = info.spec.dim;
  Status status = s.store.for_each_item(type, [&](const std::string& id, const float* v, const nlohmann::json& meta) {
    ids.call<void>("push", id);
    metadata.call<void>("push", meta.is_null() ? std::string() : meta.dump());
    vectors.insert(vectors.end(), v, v + dim);
  });
  if (!status.ok()) return error_to_js(status.error());
  val out = val::object();
  out.set("ids", ids);
  out.set("vectors", float32_array(vectors.data(), vectors.size()));
  out.set("metadata", metadata);
  return out;
}

val to_bytes(const JsEmbeddingStore& s) {
  const std::string bytes = s.store.to_bytes();
  return val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
}

void compact(JsEmbeddingStore& s) { s.store.compact(); }
double memory_bytes(const JsEmbeddingStore& s) { return static_cast<double>(s.store.memory_bytes()); }

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_embeddings) {
  namespace w = learnloop::wasm;
  emscripten::class_<w::JsEmbeddingStore>("EmbeddingStore")
      .function("defineType", &w::define_type)
      .function("types", &w::types)
      .function("store", &w::store_one)
      .function("storeBatch", &w::store_batch)
      .function("search", &w::search)
      .function("searchById", &w::search_by_id)
      .function("queryBuffer", &w::query_buffer)
      .function("searchBuffer", &w::search_buffer)
      .function("get", &w::get)
      .function("remove", &w::remove)
      .function("updateMetadata", &w::update_metadata)
      .function("updateVector", &w::update_vector)
      .function("count", &w::count)
      .function("items", &w::items)
      .function("toBytes", &w::to_bytes)
      .function("compact", &w::compact)
      .function("memoryBytes", &w::memory_bytes);
  emscripten::function("createEmbeddingStore", &w::create_store);
  emscripten::function("embeddingStoreFromBytes", &w::store_from_bytes);
}
