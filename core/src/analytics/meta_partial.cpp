// The meta scores' mergeable state (meta_partial.hpp): rows added one at a time, partials merged in
// shard order, and the bytes a shard leaves for the merge, read back with every count checked against
// the bytes left. The scoring itself (finish) is in meta_scores.cpp.
#include "learnloop/analytics/meta_partial.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "learnloop/core/dates.hpp"

namespace learnloop {
namespace {

constexpr std::uint32_t kMetaMagic = 0x534d4c4c;  // "LLMS", little-endian (the model partial is "LLMP")
constexpr std::uint32_t kMetaVersion = 1;
// Fewest bytes one saved entry takes: a length-prefixed id and a rate; an item; a platform's hours.
constexpr std::size_t kCaptionedBytes = 4 + 8;
constexpr std::size_t kItemBytes = 7 * 4 + 3 * 8 + 8 * 8;
constexpr std::size_t kHoursBytes = 4 + 24 * 16;

std::vector<std::string> sorted_unique(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool by_id(const OutcomeRow& a, const OutcomeRow& b) { return a.decision_id < b.decision_id; }

Error bad_partial(const std::string& what) { return Error{ErrorCode::kParseError, "meta scores partial: " + what}; }

void save_item(ByteWriter& out, const OutcomeRow& r) {
  for (std::string_view text :
       {r.decision_id, r.collected_at, r.platform, r.decision_type, r.bandit_arm, r.hook_type, r.topic})
    out.str(text);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(r.collected_day)), 8);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(r.posted_day)), 8);
  for (double v : {r.impressions, r.engagements, r.engagement_rate, r.followers_gained, r.revenue, r.quality_score,
                   r.cost, r.duration_seconds})
    out.f64(v);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(r.posted_hour)), 8);
}

}  // namespace

MetaPartial::MetaPartial(DayNumber date, std::vector<std::string> caption_ids)
    : date_(date),
      caption_ids_(std::make_shared<const std::vector<std::string>>(sorted_unique(std::move(caption_ids)))),
      hours_(1),
      items_(std::make_shared<OutcomeRows>()) {}

MetaPartial::MetaPartial(std::function<bool(const OutcomeRow&)> score_item, std::vector<std::string> caption_ids)
    : MetaPartial(0, std::move(caption_ids)) {
  score_item_ = std::move(score_item);
}

MetaPartial::Hours& MetaPartial::hours_of(std::string_view platform) {
  if (hours_[last_platform_].first == platform) return hours_[last_platform_].second;
  std::size_t p = 0;
  while (p < hours_.size() && hours_[p].first != platform) ++p;
  if (p == hours_.size()) hours_.emplace_back(std::string(platform), Hours{});
  last_platform_ = p;
  return hours_[p].second;
}

const MetaPartial::Hours* MetaPartial::find_hours(std::string_view platform) const {
  for (const auto& [name, hours] : hours_) {
    if (name == platform) return &hours;
  }
  return nullptr;
}

void MetaPartial::keep_item(const OutcomeRow& r) {
  TextPool& pool = items_->pool();
  OutcomeRow copy = r;
  copy.decision_id = pool.copy(r.decision_id);
  copy.collected_at = pool.copy(r.collected_at);
  copy.platform = pool.intern(r.platform);
  copy.decision_type = pool.intern(r.decision_type);
  copy.bandit_arm = pool.intern(r.bandit_arm);
  copy.hook_type = pool.intern(r.hook_type);
  copy.topic = pool.intern(r.topic);
  items_->push_back(copy);
}

void MetaPartial::add(const OutcomeRow& r) {
  rates_.push_back(r.engagement_rate);
  if (r.posted_hour >= 0 && r.posted_hour < 24) {
    // As ViralityHistory adds them: the row's platform's hour and all platforms' hour; a row without a platform adds
    // to all platforms' hour twice ("" names both).
    const auto h = static_cast<std::size_t>(r.posted_hour);
    RateSum& own = hours_of(r.platform)[h];
    own.sum += r.engagement_rate;
    ++own.n;
    RateSum& all = hours_[0].second[h];
    all.sum += r.engagement_rate;
    ++all.n;
  }
  if (std::binary_search(caption_ids_->begin(), caption_ids_->end(), r.decision_id))
    captioned_.emplace_back(items_->pool().copy(r.decision_id), r.engagement_rate);
  if (score_item_ ? score_item_(r) : r.collected_day == date_) keep_item(r);
}

void MetaPartial::merge(const MetaPartial& other) {
  // Exact room first: the vectors grow once, to their merged size, not to twice their size.
  rates_.reserve(rates_.size() + other.rates_.size());
  captioned_.reserve(captioned_.size() + other.captioned_.size());
  items_->reserve(items_->size() + other.items_->size());
  rates_.insert(rates_.end(), other.rates_.begin(), other.rates_.end());
  for (const auto& [platform, hours] : other.hours_) {
    Hours& mine = platform.empty() ? hours_[0].second : hours_of(platform);
    for (std::size_t h = 0; h < 24; ++h) {
      mine[h].sum += hours[h].sum;
      mine[h].n += hours[h].n;
    }
  }
  // Each side is in decision id order: the merged rows are too (a merge of two sorted runs, not a sort).
  const std::size_t captioned_mid = captioned_.size();
  for (const auto& [id, rate] : other.captioned_) captioned_.emplace_back(items_->pool().copy(id), rate);
  std::inplace_merge(captioned_.begin(), captioned_.begin() + static_cast<std::ptrdiff_t>(captioned_mid),
                     captioned_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::size_t items_mid = items_->size();
  for (const OutcomeRow& r : *other.items_) keep_item(r);
  std::inplace_merge(items_->begin(), items_->begin() + static_cast<std::ptrdiff_t>(items_mid), items_->end(), by_id);
}

void MetaPartial::save(ByteWriter& out) const {
  out.uint(kMetaMagic, 4);
  out.uint(kMetaVersion, 4);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(date_)), 8);
  out.uint(rates_.size(), 8);
  for (double r : rates_) out.f64(r);
  out.uint(hours_.size(), 4);
  for (const auto& [platform, hours] : hours_) {
    out.str(platform);
    for (const RateSum& s : hours) {
      out.f64(s.sum);
      out.uint(s.n, 8);
    }
  }
  out.uint(captioned_.size(), 8);
  for (const auto& [id, rate] : captioned_) {
    out.str(id);
    out.f64(rate);
  }
  out.uint(items_->size(), 8);
  for (const OutcomeRow& r : *items_) save_item(out, r);
}

Result<MetaPartial> MetaPartial::load(ByteReader& in) {
  if (in.remaining() < 24) return bad_partial("truncated: " + std::to_string(in.remaining()) + " bytes, no header");
  const auto magic = static_cast<std::uint32_t>(in.uint(4));
  if (magic != kMetaMagic) return bad_partial("not a meta scores partial (bad magic number)");
  const auto version = static_cast<std::uint32_t>(in.uint(4));
  if (version != kMetaVersion)
    return bad_partial("format version " + std::to_string(version) + ", this build reads version " +
                       std::to_string(kMetaVersion));
  MetaPartial p(static_cast<DayNumber>(static_cast<std::int64_t>(in.uint(8))));
  const std::uint64_t rows = in.uint(8);
  if (rows > in.remaining() / 8)
    return bad_partial("truncated: " + std::to_string(rows) + " engagement rates announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  p.rates_.resize(static_cast<std::size_t>(rows));
  for (double& r : p.rates_) r = in.f64();
  const std::uint64_t platforms = in.uint(4);
  if (in.failed()) return bad_partial("truncated in the engagement rates");
  if (platforms == 0) return bad_partial("inconsistent: no all-platform hours");
  if (platforms > in.remaining() / kHoursBytes)
    return bad_partial("truncated: hours of " + std::to_string(platforms) + " platforms announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  std::uint64_t all_hour_rows = 0, own_hour_rows = 0;
  for (std::uint64_t k = 0; k < platforms && !in.failed(); ++k) {
    const std::string name = in.str();
    if ((k == 0) != name.empty()) return bad_partial("platform hours out of order (all platforms must come first)");
    if (k > 0 && p.find_hours(name) != nullptr) return bad_partial("platform '" + name + "' appears twice");
    Hours& hours = k == 0 ? p.hours_[0].second : p.hours_.emplace_back(name, Hours{}).second;
    for (RateSum& s : hours) {
      s.sum = in.f64();
      s.n = static_cast<std::size_t>(in.uint(8));
      (k == 0 ? all_hour_rows : own_hour_rows) += s.n;
    }
  }
  if (in.failed()) return bad_partial("truncated in the platform hours");
  // Every row with an hour adds to all platforms' hours once, and to its platform's (or all platforms' again).
  if (own_hour_rows > all_hour_rows || all_hour_rows > 2 * rows)
    return bad_partial("hour counts (" + std::to_string(all_hour_rows) + " for all platforms) do not fit " +
                       std::to_string(rows) + " rows");
  const std::uint64_t captioned = in.uint(8);
  if (in.failed()) return bad_partial("truncated before the captioned rows");
  if (captioned > rows)
    return bad_partial("inconsistent: " + std::to_string(captioned) + " captioned rows of " + std::to_string(rows));
  if (captioned > in.remaining() / kCaptionedBytes)
    return bad_partial("truncated: " + std::to_string(captioned) + " captioned rows announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  p.captioned_.reserve(static_cast<std::size_t>(captioned));
  TextPool& pool = p.items_->pool();
  for (std::uint64_t k = 0; k < captioned; ++k) {
    const std::string id = in.str();
    const double rate = in.f64();
    if (in.failed()) break;
    if (!p.captioned_.empty() && !(p.captioned_.back().first < id))
      return bad_partial("captioned rows not in decision id order at '" + id + "'");
    p.captioned_.emplace_back(pool.copy(id), rate);
  }
  if (in.failed()) return bad_partial("truncated in the captioned rows");
  const std::uint64_t items = in.uint(8);
  if (in.failed()) return bad_partial("truncated before the scored items");
  if (items > rows)
    return bad_partial("inconsistent: " + std::to_string(items) + " scored items of " + std::to_string(rows) + " rows");
  if (items > in.remaining() / kItemBytes)
    return bad_partial("truncated: " + std::to_string(items) + " scored items announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  p.items_->reserve(static_cast<std::size_t>(items));
  for (std::uint64_t k = 0; k < items && !in.failed(); ++k) {
    OutcomeRow r;
    std::array<std::string, 7> text;
    for (std::string& t : text) t = in.str();
    r.decision_id = pool.copy(text[0]);
    r.collected_at = pool.copy(text[1]);
    r.platform = pool.intern(text[2]);
    r.decision_type = pool.intern(text[3]);
    r.bandit_arm = pool.intern(text[4]);
    r.hook_type = pool.intern(text[5]);
    r.topic = pool.intern(text[6]);
    r.collected_day = static_cast<DayNumber>(static_cast<std::int64_t>(in.uint(8)));
    r.posted_day = static_cast<DayNumber>(static_cast<std::int64_t>(in.uint(8)));
    for (double* v : {&r.impressions, &r.engagements, &r.engagement_rate, &r.followers_gained, &r.revenue,
                      &r.quality_score, &r.cost, &r.duration_seconds})
      *v = in.f64();
    r.posted_hour = static_cast<int>(static_cast<std::int64_t>(in.uint(8)));
    if (in.failed()) break;
    if (r.collected_day != p.date_)
      return bad_partial("scored item '" + text[0] + "' was collected on day " + std::to_string(r.collected_day) +
                         ", not the partial's day " + std::to_string(p.date_));
    if (!p.items_->empty() && !by_id(p.items_->back(), r))
      return bad_partial("scored items not in decision id order at '" + text[0] + "'");
    p.items_->push_back(r);
  }
  if (in.failed()) return bad_partial("truncated in the scored items");
  if (in.remaining() != 0) return bad_partial(std::to_string(in.remaining()) + " unexpected bytes after the end");
  return p;
}

}  // namespace learnloop
