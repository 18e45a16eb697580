// MetaItems (meta_scores.hpp): the scored items' fields, their ids in a pool and their names interned once.
#include <algorithm>

#include "learnloop/analytics/meta_scores.hpp"

namespace learnloop {

MetaItems::MetaItems() {
  names_.emplace_back();
  name_index_.emplace(names_[0], 0);
}

std::uint32_t MetaItems::name_index(std::string_view text) {
  const auto found = name_index_.find(text);
  if (found != name_index_.end()) return found->second;
  const std::string_view kept = pool_.copy(text);
  const auto index = static_cast<std::uint32_t>(names_.size());
  names_.push_back(kept);
  name_index_.emplace(kept, index);
  return index;
}

void MetaItems::add(const OutcomeRow& row) {
  MetaItem item;
  item.engagement_rate = row.engagement_rate;
  item.impressions = row.impressions;
  item.quality_score = row.quality_score;
  item.posted_hour = row.posted_hour;
  item.decision_id = row.decision_id;
  add(item, row.platform, row.bandit_arm, row.hook_type);
}

void MetaItems::add(const MetaItem& item, std::string_view platform, std::string_view arm, std::string_view hook) {
  MetaItem kept = item;
  kept.decision_id = pool_.copy(item.decision_id);
  kept.platform = name_index(platform);
  kept.bandit_arm = name_index(arm);
  kept.hook_type = name_index(hook);
  items_.push_back(kept);
}

void MetaItems::take(MetaItems& from, bool drain) {
  const auto copy = [&](const MetaItem& r) {
    add(r, from.name(r.platform), from.name(r.bandit_arm), from.name(r.hook_type));
  };
  if (drain) {
    from.items_.drain(copy);
  } else {
    for (const MetaItem& r : from.items_) copy(r);
  }
}

void MetaItems::merge_runs(std::size_t mid) {
  items_.merge_runs(mid, [](const MetaItem& a, const MetaItem& b) { return a.decision_id < b.decision_id; });
}

}  // namespace learnloop
