// Virality components: group statistics of the history window (watch share by type, hook and
// duration; engagement rate by platform and type; engagement by posting hour) and the estimate of
// each component for new content, backing off to broader groups when a group is too small; the
// weighted composite. Maths only: no JSON result, no I/O.
#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "analytics_math.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/retention_clusters.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/format.hpp"
#include "virality_parts.hpp"

namespace learnloop {
namespace {

// A group's key: its family ("pt" platform and type, "c" type, "p" platform, "thb" type, hook and duration, ...) and
// its parts, each in its own field, so no two groups share a key whatever their texts hold.
ViralityHistory::GroupKey key(std::initializer_list<std::string> parts) {
  ViralityHistory::GroupKey k;
  std::size_t i = 0;
  for (const std::string& p : parts) k[i++] = p;
  return k;
}

std::string describe(const std::vector<std::pair<const char*, std::string>>& parts, std::size_t n) {
  std::string out;
  for (const auto& [name, value] : parts) out += (out.empty() ? "" : ", ") + std::string(name) + "=" + value;
  return (out.empty() ? std::string("all posts") : out) + " (" + std::to_string(n) + " posts)";
}

/// A history group to try: its key and the (field, value) parts it is made of.
using GroupTry = std::pair<ViralityHistory::GroupKey, std::vector<std::pair<const char*, std::string>>>;

/// The first of `tries` (most specific first) whose parts are all known and whose group in `groups` has
/// at least virality::kMinGroup posts: that try and its group's sum; nullopt when none qualifies.
template <typename Groups>
std::optional<std::pair<const GroupTry*, const typename Groups::mapped_type*>> first_known_group(
    const std::vector<GroupTry>& tries, const Groups& groups) {
  for (const GroupTry& t : tries) {
    const bool complete =
        std::all_of(t.second.begin(), t.second.end(), [](const auto& part) { return !part.second.empty(); });
    const auto it = groups.find(t.first);
    if (complete && it != groups.end() && it->second.n >= virality::kMinGroup) return std::make_pair(&t, &it->second);
  }
  return std::nullopt;
}

}  // namespace

const std::array<const char*, 4>& virality_component_names() {
  static const std::array<const char*, 4> kNames = {"retention", "engagement", "quality", "timing"};
  return kNames;
}

ViralityHistory::ViralityHistory(OutcomeRows outcomes, const std::vector<RetentionRow>& retention)
    : ViralityHistory(std::make_shared<const OutcomeRows>(std::move(outcomes)), retention) {}

ViralityHistory ViralityHistory::over(const std::vector<OutcomeRow>& outcomes,
                                      const std::vector<RetentionRow>& retention) {
  return ViralityHistory(
      std::shared_ptr<const std::vector<OutcomeRow>>(&outcomes, [](const std::vector<OutcomeRow>*) {}), retention);
}

ViralityHistory::ViralityHistory(std::shared_ptr<const std::vector<OutcomeRow>> outcomes,
                                 const std::vector<RetentionRow>& retention)
    : outcomes_(std::move(outcomes)) {
  for (const RetentionRow& r : retention) {
    watch_[r.content_id] = r.avg_watch_percentage;
    const std::string b = duration_bucket(r.duration_seconds);
    for (const GroupKey& k : {key({"thb", r.content_type, r.hook_type, b}), key({"t", r.content_type, r.hook_type}),
                              key({"h", r.hook_type}), key({"c", r.content_type}), key({"all"})}) {
      Sum& s = watch_groups_[k];
      s.sum += r.avg_watch_percentage / 100;
      ++s.n;
    }
  }
  rates_.reserve(outcomes_->size());
  for (const OutcomeRow& r : *outcomes_) rates_.push_back(r.engagement_rate);
  add_rate_groups();
  std::sort(rates_.begin(), rates_.end());
}

void ViralityHistory::add_rate_groups() {
  // Each row adds its rate to its (platform, type) group, its type's, its platform's, all rows' and its hour's, in row
  // order. Texts become small ids first (one hash lookup per column instead of four keys built and looked up per
  // row); the keyed maps are filled at the end.
  std::unordered_map<std::string_view, std::size_t> platform_ids, type_ids;
  std::vector<std::string_view> platforms, types;
  const auto id_of = [](std::unordered_map<std::string_view, std::size_t>& ids, std::vector<std::string_view>& names,
                        std::string_view text) {
    auto [it, added] = ids.emplace(text, names.size());
    if (added) names.push_back(text);
    return it->second;
  };
  std::vector<std::vector<Sum>> pairs;  // [platform][type]
  std::vector<Sum> by_type, by_platform;
  std::vector<std::array<Sum, 24>> hours;  // [platform]
  std::vector<bool> has_hours;
  Sum all;
  std::array<Sum, 24> all_hours{};
  bool any_hour = false;
  for (const OutcomeRow& r : *outcomes_) {
    const std::size_t p = id_of(platform_ids, platforms, r.platform), t = id_of(type_ids, types, r.bandit_arm);
    if (p == pairs.size()) {
      pairs.emplace_back();
      by_platform.emplace_back();
      hours.emplace_back();
      has_hours.push_back(false);
    }
    if (t == by_type.size()) by_type.emplace_back();
    if (pairs[p].size() <= t) pairs[p].resize(t + 1);
    for (Sum* s : {&pairs[p][t], &by_type[t], &by_platform[p], &all}) {
      s->sum += r.engagement_rate;
      ++s->n;
    }
    if (r.posted_hour >= 0 && r.posted_hour < 24) {
      const auto h = static_cast<std::size_t>(r.posted_hour);
      // An empty platform's hours are the all-platform hours ("" keys both): that row adds to them twice.
      Sum& own = platforms[p].empty() ? all_hours[h] : hours[p][h];
      own.sum += r.engagement_rate;
      ++own.n;
      all_hours[h].sum += r.engagement_rate;
      ++all_hours[h].n;
      has_hours[p] = true;
      any_hour = true;
    }
  }
  for (std::size_t p = 0; p < platforms.size(); ++p) {
    for (std::size_t t = 0; t < pairs[p].size(); ++t) {
      if (pairs[p][t].n > 0) rate_groups_[key({"pt", std::string(platforms[p]), std::string(types[t])})] = pairs[p][t];
    }
    rate_groups_[key({"p", std::string(platforms[p])})] = by_platform[p];
    if (has_hours[p] && !platforms[p].empty()) hours_[std::string(platforms[p])] = hours[p];
  }
  for (std::size_t t = 0; t < types.size(); ++t) rate_groups_[key({"c", std::string(types[t])})] = by_type[t];
  if (!outcomes_->empty()) rate_groups_[key({"all"})] = all;
  if (any_hour) hours_[std::string()] = all_hours;
}

double ViralityHistory::percentile_of(double rate) const { return analytics::percentile_rank_sorted(rates_, rate); }

double ViralityHistory::watch_of(std::string_view id) const {
  auto it = watch_.find(id);
  return it == watch_.end() ? -1 : it->second;
}

ContentFeatures ViralityHistory::features_of(const OutcomeRow& r) {
  ContentFeatures f;
  f.content_id = r.decision_id;
  f.platform = r.platform;
  f.content_type = r.bandit_arm;
  f.hook_type = r.hook_type;
  f.quality_score = r.quality_score;
  f.duration_seconds = r.duration_seconds;
  f.posted_hour = r.posted_hour;
  return f;
}

ViralityComponent ViralityHistory::retention(const ContentFeatures& c) const {
  const std::string b = duration_bucket(c.duration_seconds);
  const std::vector<GroupTry> tries = {
      {key({"thb", c.content_type, c.hook_type, b}),
       {{"content_type", c.content_type}, {"hook_type", c.hook_type}, {"duration", b}}},
      {key({"t", c.content_type, c.hook_type}), {{"content_type", c.content_type}, {"hook_type", c.hook_type}}},
      {key({"h", c.hook_type}), {{"hook_type", c.hook_type}}},
      {key({"c", c.content_type}), {{"content_type", c.content_type}}},
      {key({"all"}), {}}};
  ViralityComponent out;
  const auto found = first_known_group(tries, watch_groups_);
  if (!found) {
    out.basis = "no retention history (fewer than " + std::to_string(virality::kMinGroup) + " measured posts)";
    return out;
  }
  const auto& [group, sum] = *found;
  out.known = true;
  out.value = out.raw = sum->sum / static_cast<double>(sum->n);
  out.posts = sum->n;
  out.basis = "average watch share of " + describe(group->second, sum->n);
  return out;
}

ViralityComponent ViralityHistory::engagement(const ContentFeatures& c) const {
  const std::vector<GroupTry> tries = {
      {key({"pt", c.platform, c.content_type}), {{"platform", c.platform}, {"content_type", c.content_type}}},
      {key({"c", c.content_type}), {{"content_type", c.content_type}}},
      {key({"p", c.platform}), {{"platform", c.platform}}},
      {key({"all"}), {}}};
  ViralityComponent out;
  const auto found = first_known_group(tries, rate_groups_);
  if (!found) {
    out.basis = "no engagement history";
    return out;
  }
  const auto& [group, sum] = *found;
  out.known = true;
  out.raw = sum->sum / static_cast<double>(sum->n);
  out.value = percentile_of(out.raw);
  out.posts = sum->n;
  out.basis = "percentile among " + std::to_string(rates_.size()) + " posts of the mean engagement rate " +
              format_number(round_to(out.raw * 100, 2)) + "% of " + describe(group->second, sum->n);
  return out;
}

ViralityComponent ViralityHistory::quality(const ContentFeatures& c) const {
  ViralityComponent out;
  out.known = c.quality_score >= 0;
  out.value = out.raw = std::max(0.0, c.quality_score);
  out.basis = out.known ? "quality_score of the content" : "no quality_score";
  return out;
}

ViralityComponent ViralityHistory::timing(const ContentFeatures& c) const {
  const auto all = hours_.find(std::string());
  const auto own = hours_.find(c.platform);
  return virality::timing_over_hours(c.platform, c.posted_hour, own == hours_.end() ? nullptr : &own->second,
                                     all == hours_.end() ? nullptr : &all->second);
}

namespace virality {

ViralityComponent timing_over_hours(std::string_view platform, int posted_hour, const std::array<RateSum, 24>* own,
                                    const std::array<RateSum, 24>* all) {
  ViralityComponent out;
  const std::array<std::pair<std::string_view, const std::array<RateSum, 24>*>, 2> scopes = {
      {{platform, platform.empty() ? all : own}, {std::string_view(), all}}};
  for (const auto& [p, hours] : scopes) {
    if (hours == nullptr) continue;
    const std::array<RateSum, 24>& h = *hours;
    int best = -1, ranked = 0;
    for (int k = 0; k < 24; ++k) {
      const RateSum& s = h[static_cast<std::size_t>(k)];
      if (s.n < kMinPostsPerSlot) continue;
      ++ranked;
      if (best < 0 || s.sum / static_cast<double>(s.n) > h[static_cast<std::size_t>(best)].sum /
                                                             static_cast<double>(h[static_cast<std::size_t>(best)].n))
        best = k;
    }
    if (ranked < 3) continue;
    const double best_rate =
        h[static_cast<std::size_t>(best)].sum / static_cast<double>(h[static_cast<std::size_t>(best)].n);
    const std::string scope = p.empty() ? "all platforms" : std::string(p);
    if (posted_hour < 0) {
      out.known = true;
      out.value = 1;
      out.raw = best_rate;
      out.posts = h[static_cast<std::size_t>(best)].n;
      out.basis = "no posting hour given: assumes the best hour on " + scope + ", " + hour_label(best) + " UTC";
      return out;
    }
    const RateSum& at = h[static_cast<std::size_t>(posted_hour)];
    if (at.n < kMinPostsPerSlot || best_rate <= 0) continue;
    out.known = true;
    out.raw = at.sum / static_cast<double>(at.n);
    out.value = std::clamp(out.raw / best_rate, 0.0, 1.0);
    out.posts = at.n;
    out.basis = "mean engagement at " + hour_label(posted_hour) + " UTC on " + scope + " (" + std::to_string(at.n) +
                " posts) relative to the best hour, " + hour_label(best) + " UTC";
    return out;
  }
  out.basis = "too few posts at this hour to compare";
  return out;
}

}  // namespace virality

double virality_composite(const std::array<ViralityComponent, 4>& c, const std::array<double, 4>& w) {
  double sum = 0, weight = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (!c[k].known) continue;
    sum += w[k] * c[k].value;
    weight += w[k];
  }
  return weight > 0 ? 100 * sum / weight : -1;
}

}  // namespace learnloop
