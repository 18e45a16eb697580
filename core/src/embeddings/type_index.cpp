// One type's index over hnswlib 0.6.2. The graph uses learnloop's SIMD kernels through a custom
// SpaceInterface. hnswlib draws levels with std:: distributions (different in libstdc++ and
// libc++), so its own draw is switched off (mult_ = 0 gives level 0) and levels come from
// learnloop's Rng, passed explicitly when above 0. Serialisation is learnloop's own portable
// format (hnswlib's saveIndex writes size_t-wide fields to a file path, which differs between
// x86-64 and wasm32). This is the only file that includes hnswlib; it throws only std::bad_alloc.
#include "type_index.hpp"

// hnswlib's SSE prefetches read one link past the end of a list (a harmless read that
// AddressSanitizer reports), so sanitizer builds compile hnswlib without its x86 paths.
#if defined(__SANITIZE_ADDRESS__) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "graph_search.hpp"
#include "kernels.hpp"
#include "learnloop/core/det_math.hpp"
#include "learnloop/core/json_depth.hpp"

namespace learnloop::embeddings {

namespace {

constexpr int kMaxLevel = 30;
constexpr std::size_t kMinCapacity = 16;

using Hnsw = hnswlib::HierarchicalNSW<float>;

}  // namespace

// hnswlib space over learnloop's kernels; the dimension is the first (and only) parameter word. Outside the
// anonymous namespace because TypeIndex::Graph (external linkage) holds one.
class HnswKernelSpace : public hnswlib::SpaceInterface<float> {
 public:
  HnswKernelSpace(std::size_t dim, Metric metric)
      : dim_(dim), fn_(metric == Metric::kL2 ? l2_squared_fn() : negative_dot_fn()) {}
  size_t get_data_size() override { return dim_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return fn_; }
  void* get_dist_func_param() override { return &dim_; }

 private:
  std::size_t dim_;
  DistanceFn fn_;
};

struct TypeIndex::Graph {
  HnswKernelSpace space;
  BatchDistanceFn batch;  // the space's distance over many vectors, for search_hnsw()
  std::unique_ptr<Hnsw> hnsw;
  Graph(const EmbeddingTypeSpec& spec, std::size_t capacity)
      : space(spec.dim, spec.metric),
        batch(spec.metric == Metric::kL2 ? l2_squared_batch_fn() : negative_dot_batch_fn()) {
    hnsw = std::make_unique<Hnsw>(&space, std::max(capacity, kMinCapacity), spec.hnsw.m, spec.hnsw.ef_construction);
    hnsw->mult_ = 0;  // hnswlib's own level draw always gives 0; see the file comment
    hnsw->ef_ = spec.hnsw.ef_search;
  }
};

TypeIndex::TypeIndex(EmbeddingTypeSpec spec)
    : spec_(std::move(spec)), graph_(std::make_unique<Graph>(spec_, kMinCapacity)), rng_(0x5eed, 7) {}

TypeIndex::~TypeIndex() = default;

std::optional<std::uint32_t> TypeIndex::find(const std::string& id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

const float* TypeIndex::vector(std::uint32_t slot) const {
  return reinterpret_cast<const float*>(graph_->hnsw->getDataByInternalId(slot));
}

float TypeIndex::distance(const float* query, std::uint32_t slot) const {
  return graph_->hnsw->fstdistfunc_(query, graph_->hnsw->getDataByInternalId(slot), graph_->hnsw->dist_func_param_);
}

int TypeIndex::draw_level() {
  const double mult = 1.0 / dmath::log(static_cast<double>(spec_.hnsw.m));
  const double level = -dmath::log(rng_.uniform_open()) * mult;
  return level >= kMaxLevel ? kMaxLevel : static_cast<int>(level);
}

void TypeIndex::insert_into_graph(std::uint32_t slot, const float* vector, int level) {
  Hnsw& h = *graph_->hnsw;
  if (h.cur_element_count >= h.max_elements_) h.resizeIndex(h.max_elements_ * 2);
  h.addPoint(vector, static_cast<hnswlib::labeltype>(slot), level);
}

void TypeIndex::reserve(std::size_t more) {
  // Geometric growth, so many small batches stay linear overall.
  Hnsw& h = *graph_->hnsw;
  const std::size_t needed = h.cur_element_count + more;
  if (needed > h.max_elements_) h.resizeIndex(std::max(needed, 2 * h.max_elements_));
  if (ids_.size() + more > ids_.capacity()) {
    const std::size_t target = std::max(ids_.size() + more, 2 * ids_.capacity());
    ids_.reserve(target);
    metadata_.reserve(target);
    live_.reserve(target);
  }
}

void TypeIndex::add(const std::string& id, const float* vector, nlohmann::json metadata) {
  const auto slot = static_cast<std::uint32_t>(ids_.size());
  insert_into_graph(slot, vector, draw_level());
  ids_.push_back(id);
  metadata_.push_back(std::move(metadata));
  live_.push_back(1);
  by_id_[id] = slot;
}

void TypeIndex::remove(std::uint32_t slot) {
  graph_->hnsw->markDeletedInternal(slot);
  by_id_.erase(ids_[slot]);
  ids_[slot].clear();
  metadata_[slot] = nullptr;
  live_[slot] = 0;
  const std::size_t deleted = ids_.size() - by_id_.size();
  if (deleted >= 64 && deleted * 4 > ids_.size()) compact();
}

void TypeIndex::compact() {
  auto fresh = std::make_unique<Graph>(spec_, by_id_.size());
  std::vector<std::string> ids;
  std::vector<nlohmann::json> metadata;
  ids.reserve(by_id_.size());
  metadata.reserve(by_id_.size());
  std::swap(graph_, fresh);  // graph_ is the new graph; `fresh` holds the old vectors
  for (std::uint32_t old = 0; old < live_.size(); ++old) {
    if (!live_[old]) continue;
    const auto slot = static_cast<std::uint32_t>(ids.size());
    insert_into_graph(slot, reinterpret_cast<const float*>(fresh->hnsw->getDataByInternalId(old)), draw_level());
    ids.push_back(std::move(ids_[old]));
    metadata.push_back(std::move(metadata_[old]));
  }
  ids_ = std::move(ids);
  metadata_ = std::move(metadata);
  live_.assign(ids_.size(), 1);
  by_id_.clear();
  for (std::uint32_t slot = 0; slot < ids_.size(); ++slot) by_id_[ids_[slot]] = slot;
}

std::vector<Candidate> TypeIndex::search_graph(const float* query, std::size_t k, std::size_t ef) const {
  std::vector<Candidate> out = search_hnsw(*graph_->hnsw, graph_->batch, query, spec_.dim, k, ef);
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t TypeIndex::memory_bytes() const {
  const Hnsw& h = *graph_->hnsw;
  std::size_t bytes = h.max_elements_ * (h.size_data_per_element_ + sizeof(void*) + sizeof(int) + sizeof(std::mutex));
  for (std::size_t i = 0; i < h.cur_element_count; ++i)
    if (h.element_levels_[i] > 0)
      bytes += h.size_links_per_element_ * static_cast<std::size_t>(h.element_levels_[i]) + 1;
  for (std::size_t i = 0; i < ids_.size(); ++i)
    bytes += sizeof(std::string) + sizeof(nlohmann::json) + 1 + ids_[i].capacity();
  bytes += by_id_.size() * (sizeof(std::string) + 32);
  return bytes;
}

void TypeIndex::write(ByteWriter& out) const {
  const Hnsw& h = *graph_->hnsw;
  out.str(spec_.name);
  out.uint(spec_.dim, 4);
  out.uint(static_cast<std::uint64_t>(spec_.metric), 1);
  out.uint(spec_.hnsw.m, 4);
  out.uint(spec_.hnsw.ef_construction, 4);
  out.uint(spec_.hnsw.ef_search, 4);
  out.uint(spec_.exact_threshold, 8);
  for (std::uint64_t word : rng_.state()) out.uint(word, 8);
  out.uint(ids_.size(), 4);
  out.uint(static_cast<std::uint32_t>(h.maxlevel_), 4);
  out.uint(h.enterpoint_node_, 4);
  for (std::uint32_t slot = 0; slot < ids_.size(); ++slot) {
    out.uint(live_[slot], 1);
    out.str(ids_[slot]);
    out.str(metadata_[slot].is_null() ? std::string() : metadata_[slot].dump());
    const float* v = vector(slot);
    for (std::size_t i = 0; i < spec_.dim; ++i) out.f32(v[i]);
    const int levels = h.element_levels_[slot];
    out.uint(static_cast<std::uint32_t>(levels), 1);
    for (int level = 0; level <= levels; ++level) {
      const hnswlib::linklistsizeint* list = level == 0 ? h.get_linklist0(slot) : h.get_linklist(slot, level);
      const unsigned short count = h.getListCount(const_cast<hnswlib::linklistsizeint*>(list));
      out.uint(count, 2);
      const auto* links = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      for (unsigned short j = 0; j < count; ++j) out.uint(links[j], 4);
    }
  }
}

namespace {

Error corrupt(const std::string& type, const std::string& what) {
  return {ErrorCode::kParseError, "snapshot is corrupt: type '" + type + "': " + what};
}

// Takes `bytes` from the snapshot's memory budget, or refuses the type that asks for more than is left.
Status spend(std::uint64_t* budget, std::uint64_t bytes, const std::string& type) {
  if (bytes > *budget)
    return corrupt(type, "it would need more memory than a snapshot of its size can describe (" +
                             std::to_string(bytes) + " bytes, " + std::to_string(*budget) + " left)");
  *budget -= bytes;
  return {};
}

}  // namespace

Result<std::unique_ptr<TypeIndex>> TypeIndex::read(ByteReader& in, std::uint64_t* memory_budget) {
  EmbeddingTypeSpec spec;
  spec.name = in.str();
  spec.dim = static_cast<std::size_t>(in.uint(4));
  const std::uint64_t metric = in.uint(1);
  spec.hnsw.m = static_cast<std::size_t>(in.uint(4));
  spec.hnsw.ef_construction = static_cast<std::size_t>(in.uint(4));
  spec.hnsw.ef_search = static_cast<std::size_t>(in.uint(4));
  spec.exact_threshold = static_cast<std::size_t>(in.uint(8));
  std::array<std::uint64_t, 4> state{};
  for (auto& word : state) word = in.uint(8);
  if (in.failed()) return Error{ErrorCode::kParseError, "snapshot is truncated inside a type header"};
  if (metric > 2) return corrupt(spec.name, "unknown metric code " + std::to_string(metric));
  spec.metric = static_cast<Metric>(metric);
  if (Status s = validate_type_spec(spec); !s.ok()) return corrupt(spec.name, s.error().message);

  const std::uint32_t count = static_cast<std::uint32_t>(in.uint(4));
  const auto max_level = static_cast<std::int32_t>(static_cast<std::uint32_t>(in.uint(4)));
  const auto entry = static_cast<std::uint32_t>(in.uint(4));
  // Each slot needs at least its vector: refuse counts the remaining bytes cannot hold before allocating.
  if (in.failed() || count > in.remaining() / (spec.dim * 4 + 12))
    return Error{ErrorCode::kParseError,
                 "snapshot is truncated: type '" + spec.name + "' claims " + std::to_string(count) + " items"};
  if (count == 0 ? (max_level != -1 || entry != 0xffffffffu)
                 : (max_level < 0 || max_level > kMaxLevel || entry >= count))
    return corrupt(spec.name, "bad entry point");

  // hnswlib's level-0 block holds, per slot, a link count, 2m links, the vector and the label.
  const std::uint64_t level0_slot = 4 + 2 * std::uint64_t{spec.hnsw.m} * 4 + std::uint64_t{spec.dim} * 4 + 8;
  const std::uint64_t level0 = std::max<std::uint64_t>(count, kMinCapacity) * level0_slot;
  if (Status s = spend(memory_budget, level0, spec.name); !s.ok()) return s.error();

  auto index = std::make_unique<TypeIndex>(spec);
  index->graph_ = std::make_unique<Graph>(spec, count);
  index->rng_.set_state(state);
  Hnsw& h = *index->graph_->hnsw;
  std::vector<float> v(spec.dim);
  std::vector<std::uint32_t> deleted;
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    const bool live = in.uint(1) == 1;
    std::string id = in.str();
    std::string meta_text = in.str();
    for (float& x : v) x = in.f32();
    const int levels = static_cast<int>(in.uint(1));
    if (in.failed()) return Error{ErrorCode::kParseError, "snapshot is truncated inside type '" + spec.name + "'"};
    if (levels > max_level) return corrupt(spec.name, "item " + std::to_string(slot) + " is above the top level");
    nlohmann::json meta;
    if (!meta_text.empty()) {
      if (Status s = check_json_text_depth(meta_text); !s.ok())
        return corrupt(spec.name, "metadata of item " + std::to_string(slot) + ": " + s.error().message);
      meta = nlohmann::json::parse(meta_text, nullptr, false);
      if (meta.is_discarded()) return corrupt(spec.name, "metadata of item " + std::to_string(slot) + " is not JSON");
    }
    if (live && (id.empty() || index->by_id_.count(id)))
      return corrupt(spec.name, "empty or repeated id at item " + std::to_string(slot));
    for (float x : v)
      if (!std::isfinite(x)) return corrupt(spec.name, "item " + std::to_string(slot) + " has a non-finite value");

    char* element = h.data_level0_memory_ + slot * h.size_data_per_element_;
    std::memset(element, 0, h.size_data_per_element_);
    const hnswlib::labeltype label = slot;
    std::memcpy(h.getExternalLabeLp(slot), &label, sizeof label);
    std::memcpy(h.getDataByInternalId(slot), v.data(), h.data_size_);
    h.element_levels_[slot] = levels;
    h.linkLists_[slot] = nullptr;
    if (levels > 0) {
      if (Status s = spend(memory_budget, std::uint64_t{h.size_links_per_element_} * levels + 1, spec.name); !s.ok())
        return s.error();
      h.linkLists_[slot] = static_cast<char*>(std::malloc(h.size_links_per_element_ * levels + 1));
      if (h.linkLists_[slot] == nullptr) throw std::bad_alloc();
      std::memset(h.linkLists_[slot], 0, h.size_links_per_element_ * levels + 1);
    }
    h.cur_element_count = slot + 1;  // the destructor frees link lists of counted slots only
    for (int level = 0; level <= levels; ++level) {
      const std::size_t links = static_cast<std::size_t>(in.uint(2));
      if (links > (level == 0 ? h.maxM0_ : h.maxM_))
        return corrupt(spec.name, "item " + std::to_string(slot) + " has too many links");
      hnswlib::linklistsizeint* list = level == 0 ? h.get_linklist0(slot) : h.get_linklist(slot, level);
      h.setListCount(list, static_cast<unsigned short>(links));
      auto* out = reinterpret_cast<hnswlib::tableint*>(list + 1);
      for (std::size_t j = 0; j < links; ++j) {
        out[j] = static_cast<hnswlib::tableint>(in.uint(4));
        if (out[j] >= count || out[j] == slot)
          return corrupt(spec.name, "item " + std::to_string(slot) + " links to a missing item");
      }
    }
    if (in.failed()) return Error{ErrorCode::kParseError, "snapshot is truncated inside type '" + spec.name + "'"};
    h.label_lookup_[label] = slot;
    index->ids_.push_back(live ? std::move(id) : std::string());
    index->metadata_.push_back(live ? std::move(meta) : nlohmann::json());
    index->live_.push_back(live ? 1 : 0);
    if (live)
      index->by_id_[index->ids_.back()] = slot;
    else
      deleted.push_back(slot);
  }
  if (count > 0 && h.element_levels_[entry] != max_level)
    return corrupt(spec.name, "the entry point is not on the top level");
  // Links of upper levels must point to items present on that level.
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    for (int level = 1; level <= h.element_levels_[slot]; ++level) {
      hnswlib::linklistsizeint* list = h.get_linklist(slot, level);
      const auto* links = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      for (unsigned short j = 0; j < h.getListCount(list); ++j)
        if (h.element_levels_[links[j]] < level)
          return corrupt(spec.name, "item " + std::to_string(slot) + " links to an item below its level");
    }
  }
  h.maxlevel_ = max_level;
  h.enterpoint_node_ = entry;
  for (std::uint32_t slot : deleted) h.markDeletedInternal(slot);
  return index;
}

}  // namespace learnloop::embeddings
