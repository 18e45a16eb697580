// EmbeddingStore: types, checked writes (store, batch, update, delete) and reads. Every input is
// checked before anything changes, so a failed call leaves the store as it was.
#include "learnloop/embeddings/embedding_store.hpp"

#include <cmath>
#include <exception>
#include <unordered_set>

#include "learnloop/core/format.hpp"
#include "learnloop/core/json_depth.hpp"
#include "learnloop/embeddings/distance.hpp"
#include "learnloop/text/utf8.hpp"
#include "type_index.hpp"

namespace learnloop {

using embeddings::TypeIndex;

namespace {

Error not_found(const std::string& what) { return {ErrorCode::kNotFound, what}; }

Error internal_failure(const std::exception& e) {
  return {ErrorCode::kInternal, std::string("embeddings index failure: ") + e.what()};
}

Status check_metadata(const nlohmann::json& metadata, const std::string& id) {
  if (metadata.is_object()) return check_json_value_depth(metadata, "metadata of '" + id + "'");
  if (metadata.is_null()) return {};
  return invalid_argument("metadata of '" + id + "' is " + std::string(metadata.type_name()) +
                          "; expected a JSON object or null");
}

Status check_id(const std::string& id) {
  if (id.empty() || id.size() > 1024)
    return invalid_argument("ids must have 1 to 1024 characters; got an id of " + std::to_string(id.size()));
  if (!is_valid_utf8(id))
    return invalid_argument("an id is not valid UTF-8 (at byte " + std::to_string(invalid_utf8_offset(id)) +
                            "); expected UTF-8 text");
  return {};
}

std::string builtin_list() {
  std::string out;
  for (const std::string& name : builtin_embedding_types()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

Result<std::vector<float>> prepare_vector(const EmbeddingTypeSpec& spec, const float* vector, std::size_t size,
                                          const std::string& what, bool normalise) {
  if (size != spec.dim)
    return invalid_argument(what + " has " + std::to_string(size) + " values; type '" + spec.name + "' expects " +
                            std::to_string(spec.dim));
  for (std::size_t i = 0; i < size; ++i) {
    if (!std::isfinite(vector[i]))
      return invalid_argument(what + " has " + format_number(vector[i]) + " at index " + std::to_string(i) +
                              "; expected finite numbers");
  }
  std::vector<float> out(vector, vector + size);
  const float squared = dot_product(out.data(), out.data(), size);
  if (!std::isfinite(squared)) return invalid_argument(what + " is too large (its squared length overflows float32)");
  if (spec.metric == Metric::kCosine) {
    const float norm = std::sqrt(squared);
    if (!(norm > 0)) return invalid_argument(what + " is all zeros; cosine similarity needs a non-zero vector");
    // A stored vector (normalise false) is unit already, up to float rounding: dividing again would move its last
    // bits. One that is not (a row written to the table by other software) is normalised all the same.
    if (normalise || std::fabs(squared - 1.0f) > 1e-5f)
      for (float& x : out) x = x / norm;
  }
  return out;
}

EmbeddingStore::EmbeddingStore() = default;
EmbeddingStore::~EmbeddingStore() = default;
EmbeddingStore::EmbeddingStore(EmbeddingStore&&) noexcept = default;
EmbeddingStore& EmbeddingStore::operator=(EmbeddingStore&&) noexcept = default;

Status EmbeddingStore::define_type(const EmbeddingTypeSpec& spec) {
  if (Status s = validate_type_spec(spec); !s.ok()) return s;
  auto it = types_.find(spec.name);
  if (it != types_.end()) {
    const EmbeddingTypeSpec& old = it->second->spec();
    const bool same = old.dim == spec.dim && old.metric == spec.metric && old.hnsw.m == spec.hnsw.m &&
                      old.hnsw.ef_construction == spec.hnsw.ef_construction &&
                      old.hnsw.ef_search == spec.hnsw.ef_search && old.exact_threshold == spec.exact_threshold;
    if (same) return {};
    return invalid_argument("type '" + spec.name + "' is already defined with dim " + std::to_string(old.dim) +
                            " and metric " + metric_name(old.metric) + "; a type's settings cannot change");
  }
  try {
    types_[spec.name] = std::make_unique<TypeIndex>(spec);
  } catch (const std::exception& e) {
    return internal_failure(e);
  }
  return {};
}

std::vector<EmbeddingTypeInfo> EmbeddingStore::types() const {
  std::vector<EmbeddingTypeInfo> out;
  for (const auto& [name, index] : types_)
    out.push_back({index->spec(), index->live(), index->slots() - index->live()});
  return out;
}

Result<TypeIndex*> EmbeddingStore::index_for_write(const std::string& type) {
  auto it = types_.find(type);
  if (it != types_.end()) return it->second.get();
  if (auto spec = builtin_type_spec(type)) {
    if (Status s = define_type(*spec); !s.ok()) return s.error();
    return types_[type].get();
  }
  return not_found("unknown embedding type '" + type + "'; define it first (built-in types: " + builtin_list() + ")");
}

Result<const TypeIndex*> EmbeddingStore::index_for_read(const std::string& type) const {
  auto it = types_.find(type);
  if (it != types_.end()) return static_cast<const TypeIndex*>(it->second.get());
  if (builtin_type_spec(type)) return not_found("type '" + type + "' has no items yet");
  return not_found("unknown embedding type '" + type + "'; define it first (built-in types: " + builtin_list() + ")");
}

Status EmbeddingStore::store(const std::string& type, const std::string& id, const std::vector<float>& vector,
                             nlohmann::json metadata) {
  auto it = types_.find(type);
  const std::optional<EmbeddingTypeSpec> spec =
      it != types_.end() ? std::optional<EmbeddingTypeSpec>(it->second->spec()) : builtin_type_spec(type);
  // The single-vector message ("vector of 'x' has 2 values; ...") rather than the batch's.
  if (spec && vector.size() != spec->dim)
    return prepare_vector(*spec, vector.data(), vector.size(), "vector of '" + id + "'").error();
  return store_batch(type, {id}, vector, {std::move(metadata)});
}

Status EmbeddingStore::store_batch(const std::string& type, const std::vector<std::string>& ids,
                                   const std::vector<float>& vectors, const std::vector<nlohmann::json>& metadata,
                                   bool stored) {
  // A built-in type is only defined once the whole batch is known to be valid.
  std::optional<EmbeddingTypeSpec> spec;
  if (auto it = types_.find(type); it != types_.end())
    spec = it->second->spec();
  else
    spec = builtin_type_spec(type);
  if (!spec)
    return not_found("unknown embedding type '" + type + "'; define it first (built-in types: " + builtin_list() + ")");
  const std::size_t n = ids.size();
  if (vectors.size() != n * spec->dim)
    return invalid_argument("vectors has " + std::to_string(vectors.size()) + " values; " + std::to_string(n) +
                            " ids of type '" + type + "' need " + std::to_string(n * spec->dim) + " (" +
                            std::to_string(n) + " x " + std::to_string(spec->dim) + ")");
  if (!metadata.empty() && metadata.size() != n)
    return invalid_argument("metadata has " + std::to_string(metadata.size()) + " entries for " + std::to_string(n) +
                            " ids; expected none or one per id");
  // Every item is checked before anything changes; rows are prepared again (same bits) while
  // inserting, so a batch never holds a second copy of all its vectors.
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    if (Status s = check_id(ids[i]); !s.ok()) return s;
    if (!seen.insert(ids[i]).second)
      return invalid_argument("id '" + ids[i] + "' appears twice in the batch; ids in a batch must be unique");
    if (!metadata.empty()) {
      if (Status s = check_metadata(metadata[i], ids[i]); !s.ok()) return s;
    }
    Result<std::vector<float>> v =
        prepare_vector(*spec, vectors.data() + i * spec->dim, spec->dim, "vector of '" + ids[i] + "'", !stored);
    if (!v.ok()) return v.error();
  }
  Result<TypeIndex*> index = index_for_write(type);
  if (!index.ok()) return index.error();
  try {
    if (n > 1) index.value()->reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (auto slot = index.value()->find(ids[i])) index.value()->remove(*slot);
      const std::vector<float> row =
          prepare_vector(*spec, vectors.data() + i * spec->dim, spec->dim, ids[i], !stored).value();
      index.value()->add(ids[i], row.data(), metadata.empty() ? nlohmann::json() : metadata[i]);
    }
  } catch (const std::exception& e) {
    return internal_failure(e);
  }
  return {};
}

Result<EmbeddingItem> EmbeddingStore::get(const std::string& type, const std::string& id) const {
  Result<const TypeIndex*> index = index_for_read(type);
  if (!index.ok()) return index.error();
  auto slot = index.value()->find(id);
  if (!slot) return not_found("no item '" + id + "' of type '" + type + "'");
  const float* v = index.value()->vector(*slot);
  return EmbeddingItem{id, std::vector<float>(v, v + index.value()->spec().dim), index.value()->metadata(*slot)};
}

Result<bool> EmbeddingStore::remove(const std::string& type, const std::string& id) {
  auto it = types_.find(type);
  if (it == types_.end()) {
    if (builtin_type_spec(type)) return false;
    return index_for_read(type).error();
  }
  auto slot = it->second->find(id);
  if (!slot) return false;
  try {
    it->second->remove(*slot);
  } catch (const std::exception& e) {
    return internal_failure(e);
  }
  return true;
}

Status EmbeddingStore::update_metadata(const std::string& type, const std::string& id, nlohmann::json metadata) {
  if (Status s = check_metadata(metadata, id); !s.ok()) return s;
  auto it = types_.find(type);
  if (it == types_.end()) return index_for_read(type).error();
  auto slot = it->second->find(id);
  if (!slot) return not_found("no item '" + id + "' of type '" + type + "'");
  it->second->set_metadata(*slot, std::move(metadata));
  return {};
}

Status EmbeddingStore::update_vector(const std::string& type, const std::string& id, const std::vector<float>& vector) {
  auto it = types_.find(type);
  if (it == types_.end()) return index_for_read(type).error();
  auto slot = it->second->find(id);
  if (!slot) return not_found("no item '" + id + "' of type '" + type + "'");
  return store(type, id, vector, it->second->metadata(*slot));
}

Result<std::size_t> EmbeddingStore::count(const std::string& type) const {
  auto it = types_.find(type);
  if (it != types_.end()) return it->second->live();
  if (builtin_type_spec(type)) return std::size_t{0};
  return index_for_read(type).error();
}

Status EmbeddingStore::for_each_item(
    const std::string& type,
    const std::function<void(const std::string&, const float*, const nlohmann::json&)>& visit) const {
  auto it = types_.find(type);
  if (it == types_.end()) return builtin_type_spec(type) ? Status() : Status(index_for_read(type).error());
  const TypeIndex& index = *it->second;
  for (std::uint32_t slot = 0; slot < index.slots(); ++slot) {
    if (index.is_live(slot)) visit(index.id(slot), index.vector(slot), index.metadata(slot));
  }
  return {};
}

void EmbeddingStore::compact() {
  for (auto& [name, index] : types_) index->compact();
}

std::size_t EmbeddingStore::memory_bytes() const {
  std::size_t bytes = 0;
  for (const auto& [name, index] : types_) bytes += index->memory_bytes();
  return bytes;
}

}  // namespace learnloop
