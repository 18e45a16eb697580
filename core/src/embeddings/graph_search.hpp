// Internal: k-nearest-neighbour search over an hnswlib 0.6.2 graph, the same algorithm as
// HierarchicalNSW::searchKnn (greedy descent through the upper levels, then the ef-bounded best-first
// search of level 0, deletion-aware when items are marked deleted) with the same candidate order, so
// it returns what searchKnn returns. It differs in how distances are computed: each expanded node's
// unvisited neighbours are gathered first and their distances come from one batch kernel call
// (prefetching natively; in wasm, which has no prefetch, by first reading a byte of each cache line
// of the batch). Included by type_index.cpp after <hnswlib/hnswlib.h>. No I/O.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "kernels.hpp"
#include "type_index.hpp"

namespace learnloop::embeddings {

/// The min(k, items) closest items to `query` (dist, label), in no particular order, searching level 0 with a
/// candidate list of max(ef, k); `distances` must be the batch form of the graph's own distance function.
inline std::vector<Candidate> search_hnsw(const hnswlib::HierarchicalNSW<float>& h, BatchDistanceFn distances,
                                          const float* query, std::size_t dim, std::size_t k, std::size_t ef) {
  using Hnsw = hnswlib::HierarchicalNSW<float>;
  using Queue = std::priority_queue<std::pair<float, hnswlib::tableint>,
                                    std::vector<std::pair<float, hnswlib::tableint>>, Hnsw::CompareByFirst>;
  std::vector<Candidate> out;
  if (h.cur_element_count == 0) return out;
  const char* vectors = h.data_level0_memory_ + h.offsetData_;  // item i's vector at vectors + i * stride
  const std::size_t stride = h.size_data_per_element_;
  std::vector<std::uint32_t> batch(std::max(h.maxM0_, h.maxM_));
  std::vector<float> dist(batch.size());

  // Greedy descent: on each level move to the closest neighbour until none is closer.
  std::uint32_t current = static_cast<std::uint32_t>(h.enterpoint_node_);
  float current_dist = 0;
  distances(query, vectors, stride, &current, 1, dim, &current_dist);
  for (int level = h.maxlevel_; level > 0; --level) {
    for (bool changed = true; changed;) {
      changed = false;
      const hnswlib::linklistsizeint* list = h.get_linklist(current, level);
      const std::size_t size = h.getListCount(const_cast<hnswlib::linklistsizeint*>(list));
      const auto* links = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      for (std::size_t j = 0; j < size; ++j) batch[j] = links[j];
      distances(query, vectors, stride, batch.data(), size, dim, dist.data());
      for (std::size_t j = 0; j < size; ++j) {
        if (dist[j] < current_dist) {
          current_dist = dist[j];
          current = batch[j];
          changed = true;
        }
      }
    }
  }

  // Level 0: best-first search keeping the ef closest (non-deleted) items.
  const bool has_deletions = h.num_deleted_ != 0;
  const std::size_t width = std::max(ef, k);
  hnswlib::VisitedList* visited_list = h.visited_list_pool_->getFreeVisitedList();
  hnswlib::vl_type* visited = visited_list->mass;
  const hnswlib::vl_type tag = visited_list->curV;
  Queue top, candidates;
  float lower_bound;
  if (!has_deletions || !h.isMarkedDeleted(current)) {
    lower_bound = current_dist;
    top.emplace(current_dist, current);
    candidates.emplace(-current_dist, current);
  } else {
    lower_bound = std::numeric_limits<float>::max();
    candidates.emplace(-lower_bound, current);
  }
  visited[current] = tag;
  while (!candidates.empty()) {
    const std::pair<float, hnswlib::tableint> node = candidates.top();
    if (-node.first > lower_bound && (top.size() == width || !has_deletions)) break;
    candidates.pop();
    const hnswlib::linklistsizeint* list = h.get_linklist0(node.second);
    const std::size_t size = h.getListCount(const_cast<hnswlib::linklistsizeint*>(list));
    const auto* links = reinterpret_cast<const hnswlib::tableint*>(list + 1);
    std::size_t fresh = 0;
    for (std::size_t j = 0; j < size; ++j) {
      const hnswlib::tableint id = links[j];
      if (visited[id] == tag) continue;
      visited[id] = tag;
      batch[fresh++] = id;
    }
    distances(query, vectors, stride, batch.data(), fresh, dim, dist.data());
    for (std::size_t j = 0; j < fresh; ++j) {
      const float d = dist[j];
      if (top.size() < width || lower_bound > d) {
        candidates.emplace(-d, batch[j]);
        // The new candidate's link list, before the search expands it (natively; reading it early in wasm measured no
        // faster).
        prefetch_bytes(reinterpret_cast<const char*>(h.get_linklist0(batch[j])), h.size_links_level0_);
        if (!has_deletions || !h.isMarkedDeleted(batch[j])) top.emplace(d, batch[j]);
        if (top.size() > width) top.pop();
        if (!top.empty()) lower_bound = top.top().first;
      }
    }
  }
  h.visited_list_pool_->releaseVisitedList(visited_list);

  while (top.size() > k) top.pop();
  out.reserve(top.size());
  for (; !top.empty(); top.pop())
    out.emplace_back(top.top().first, static_cast<std::uint32_t>(h.getExternalLabel(top.top().second)));
  return out;
}

}  // namespace learnloop::embeddings
