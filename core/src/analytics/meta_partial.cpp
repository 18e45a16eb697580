// The meta scores' mergeable state (meta_partial.hpp): rows added one at a time, partials merged in
// shard order, and the bytes a shard leaves for the merge, read back with every count checked against
// the bytes left. The scoring itself (finish) is in meta_scores.cpp.
#include "learnloop/analytics/meta_partial.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

constexpr std::uint32_t kMetaMagic = 0x534d4c4c;  // "LLMS", little-endian (the model partial is "LLMP")
// 2: the rows' rates counted against the day's rates instead of every rate; an item keeps the fields the scores read.
constexpr std::uint32_t kMetaVersion = 2;
// Fewest bytes one saved entry takes: a length-prefixed id and a rate; an item; a platform's hours.
constexpr std::size_t kCaptionedBytes = 4 + 8;
constexpr std::size_t kItemBytes = 4 * 4 + 3 * 8 + 8;
constexpr std::size_t kHoursBytes = 4 + 24 * 16;
// Rates held before they are counted against the day's rates, sorted together (512 KiB).
constexpr std::size_t kPendingRates = 65536;

std::vector<std::string> sorted_unique(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Error bad_partial(const std::string& what) { return Error{ErrorCode::kParseError, "meta scores partial: " + what}; }

void save_item(ByteWriter& out, const MetaItems& items, const MetaItem& r) {
  for (std::string_view text :
       {r.decision_id, items.name(r.platform), items.name(r.bandit_arm), items.name(r.hook_type)})
    out.str(text);
  for (double v : {r.engagement_rate, r.impressions, r.quality_score}) out.f64(v);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(r.posted_hour)), 8);
}

}  // namespace

MetaPartial::MetaPartial(DayNumber date, std::vector<double> day_rates, std::vector<std::string> caption_ids)
    : date_(date),
      caption_ids_(std::make_shared<const std::vector<std::string>>(sorted_unique(std::move(caption_ids)))),
      cuts_(std::move(day_rates)),
      below_(cuts_.size() + 1, 0),
      at_(cuts_.size(), 0),
      hours_(1),
      items_(std::make_shared<MetaItems>()) {}

MetaPartial::MetaPartial(std::function<bool(const OutcomeRow&)> score_item, std::vector<double> item_rates,
                         std::vector<std::string> caption_ids)
    : MetaPartial(0, std::move(item_rates), std::move(caption_ids)) {
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

void MetaPartial::add(const OutcomeRow& r) {
  ++rows_;
  const double rate = r.engagement_rate;
  pending_.push_back(rate);
  if (pending_.size() == kPendingRates) count_pending();
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
    captioned_.emplace_back(items_->copy(r.decision_id), r.engagement_rate);
  if (score_item_ ? score_item_(r) : r.collected_day == date_) {
    if (problem_.empty() && !std::binary_search(cuts_.begin(), cuts_.end(), rate))
      problem_ = "item '" + std::string(r.decision_id) + "' has engagement rate " + format_number(rate) +
                 ", which is not among the day's rates read before the window (did the day's outcomes change while "
                 "they were read?)";
    items_->add(r);
  }
}

void MetaPartial::count_pending() const {
  // NaN ranks below no item (and cannot be sorted): counted above the last cut.
  const auto numbers = std::partition(pending_.begin(), pending_.end(), [](double v) { return !std::isnan(v); });
  below_.back() += static_cast<std::uint64_t>(pending_.end() - numbers);
  std::sort(pending_.begin(), numbers);
  auto cut = cuts_.begin();
  for (auto v = pending_.begin(); v != numbers; ++v) {
    cut = std::lower_bound(cut, cuts_.end(), *v);
    const auto c = static_cast<std::size_t>(cut - cuts_.begin());
    ++(cut != cuts_.end() && *cut == *v ? at_[c] : below_[c]);
  }
  pending_.clear();
}

Status MetaPartial::merge(MetaPartial&& other) {
  if (other.cuts_ != cuts_) return other_day_rates(other.cuts_.size());
  if (problem_.empty()) problem_ = other.problem_;
  count_pending();
  other.count_pending();
  rows_ += other.rows_;
  for (std::size_t c = 0; c < below_.size(); ++c) below_[c] += other.below_[c];
  for (std::size_t c = 0; c < at_.size(); ++c) at_[c] += other.at_[c];
  // The other's counts are in these now: freed before its items move (a merge's peak is there).
  std::vector<double>().swap(other.cuts_);
  std::vector<std::uint64_t>().swap(other.below_);
  std::vector<std::uint64_t>().swap(other.at_);
  // Exact room first: the captioned ids grow once, to their merged size, not to twice their size.
  captioned_.reserve(captioned_.size() + other.captioned_.size());
  for (const auto& [platform, hours] : other.hours_) {
    Hours& mine = platform.empty() ? hours_[0].second : hours_of(platform);
    for (std::size_t h = 0; h < 24; ++h) {
      mine[h].sum += hours[h].sum;
      mine[h].n += hours[h].n;
    }
  }
  const std::size_t captioned_mid = captioned_.size();
  for (const auto& [id, rate] : other.captioned_) captioned_.emplace_back(items_->copy(id), rate);
  merge_captioned_runs(captioned_mid);
  // The other's items are freed as they move unless scores still point into them.
  const std::size_t items_mid = items_->size();
  items_->take(*other.items_, other.items_.use_count() == 1);
  items_->merge_runs(items_mid);
  return {};
}

void MetaPartial::merge_captioned_runs(std::size_t mid) {
  // Each side is in decision id order: the merged rows are too (a merge of two sorted runs, not a sort).
  std::inplace_merge(captioned_.begin(), captioned_.begin() + static_cast<std::ptrdiff_t>(mid), captioned_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

void MetaPartial::save(ByteWriter& out) const {
  out.uint(kMetaMagic, 4);
  out.uint(kMetaVersion, 4);
  out.uint(static_cast<std::uint64_t>(static_cast<std::int64_t>(date_)), 8);
  count_pending();
  out.uint(rows_, 8);
  out.uint(cuts_.size(), 8);
  for (double c : cuts_) out.f64(c);
  for (std::uint64_t n : below_) out.uint(n, 8);
  for (std::uint64_t n : at_) out.uint(n, 8);
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
  for (const MetaItem& r : *items_) save_item(out, *items_, r);
}

Result<MetaPartial> MetaPartial::load(ByteReader& in) {
  MetaPartial p(0, {});
  if (Status s = p.read(in, true); !s.ok()) return s.error();
  return p;
}

Status MetaPartial::merge_load(ByteReader& in) {
  count_pending();
  return read(in, false);
}

Error MetaPartial::other_day_rates(std::uint64_t count) const {
  return invalid_argument("its meta scores counted the window against " + std::to_string(count) +
                          " distinct rates of " + format_date(date_) + " where the first shard's counted against " +
                          std::to_string(cuts_.size()) +
                          " other ones: the day's outcomes changed between the shards' reads; run every shard again");
}

Status MetaPartial::read(ByteReader& in, bool fresh) {
  if (in.remaining() < 24) return bad_partial("truncated: " + std::to_string(in.remaining()) + " bytes, no header");
  const auto magic = static_cast<std::uint32_t>(in.uint(4));
  if (magic != kMetaMagic) return bad_partial("not a meta scores partial (bad magic number)");
  const auto version = static_cast<std::uint32_t>(in.uint(4));
  if (version != kMetaVersion)
    return bad_partial("format version " + std::to_string(version) + ", this build reads version " +
                       std::to_string(kMetaVersion));
  const auto date = static_cast<DayNumber>(static_cast<std::int64_t>(in.uint(8)));
  if (fresh) date_ = date;
  if (date != date_)
    return invalid_argument("it scores the items of " + format_date(date) + ", not " + format_date(date_));
  const std::uint64_t rows = in.uint(8);
  const std::uint64_t cuts = in.uint(8);
  if (in.failed() || cuts > in.remaining() / 24)
    return bad_partial("truncated: " + std::to_string(cuts) + " day rates announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  // The day rates: taken by a fresh partial, else the same as this one's (compared as they are read, not held).
  if (fresh) {
    cuts_.resize(static_cast<std::size_t>(cuts));
    for (double& c : cuts_) c = in.f64();
    for (std::size_t c = 1; c < cuts_.size(); ++c)
      if (!(cuts_[c - 1] < cuts_[c])) return bad_partial("day rates not sorted and distinct");
    below_.assign(cuts_.size() + 1, 0);
    at_.assign(cuts_.size(), 0);
  } else {
    if (cuts != cuts_.size()) return other_day_rates(cuts);
    for (const double c : cuts_) {
      const double theirs = in.f64();
      if (!(theirs == c) && !in.failed()) return other_day_rates(cuts);
    }
  }
  // The counts, added to this partial's (a fresh partial's are zero).
  std::uint64_t counted = 0;
  for (std::vector<std::uint64_t>* counts : {&below_, &at_}) {
    for (std::uint64_t& n : *counts) {
      const std::uint64_t more = in.uint(8);
      n += more;
      counted += more;
    }
  }
  if (in.failed()) return bad_partial("truncated in the rate counts");
  if (counted != rows)
    return bad_partial("inconsistent: its rate counts add up to " + std::to_string(counted) + " rows, not " +
                       std::to_string(rows));
  rows_ += rows;
  const std::uint64_t platforms = in.uint(4);
  if (in.failed()) return bad_partial("truncated in the engagement rates");
  if (platforms == 0) return bad_partial("inconsistent: no all-platform hours");
  if (platforms > in.remaining() / kHoursBytes)
    return bad_partial("truncated: hours of " + std::to_string(platforms) + " platforms announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  std::uint64_t all_hour_rows = 0, own_hour_rows = 0;
  std::vector<std::string> seen;  // the platforms these bytes name
  for (std::uint64_t k = 0; k < platforms && !in.failed(); ++k) {
    const std::string name = in.str();
    if ((k == 0) != name.empty()) return bad_partial("platform hours out of order (all platforms must come first)");
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      return bad_partial("platform '" + name + "' appears twice");
    seen.push_back(name);
    Hours& hours = k == 0 ? hours_[0].second : hours_of(name);
    for (RateSum& h : hours) {
      h.sum += in.f64();
      const auto n = static_cast<std::size_t>(in.uint(8));
      h.n += n;
      (k == 0 ? all_hour_rows : own_hour_rows) += n;
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
  const std::size_t captioned_mid = captioned_.size();
  captioned_.reserve(captioned_mid + static_cast<std::size_t>(captioned));
  for (std::uint64_t k = 0; k < captioned; ++k) {
    const std::string id = in.str();
    const double rate = in.f64();
    if (in.failed()) break;
    if (captioned_.size() > captioned_mid && !(captioned_.back().first < id))
      return bad_partial("captioned rows not in decision id order at '" + id + "'");
    captioned_.emplace_back(items_->copy(id), rate);
  }
  if (in.failed()) return bad_partial("truncated in the captioned rows");
  merge_captioned_runs(captioned_mid);
  const std::uint64_t items = in.uint(8);
  if (in.failed()) return bad_partial("truncated before the scored items");
  if (items > rows)
    return bad_partial("inconsistent: " + std::to_string(items) + " scored items of " + std::to_string(rows) + " rows");
  if (items > in.remaining() / kItemBytes)
    return bad_partial("truncated: " + std::to_string(items) + " scored items announced, " +
                       std::to_string(in.remaining()) + " bytes left");
  const std::size_t items_mid = items_->size();
  for (std::uint64_t k = 0; k < items && !in.failed(); ++k) {
    std::array<std::string, 4> text;  // id, platform, content type, hook
    for (std::string& t : text) t = in.str();
    MetaItem r;
    r.decision_id = text[0];
    for (double* v : {&r.engagement_rate, &r.impressions, &r.quality_score}) *v = in.f64();
    r.posted_hour = static_cast<std::int32_t>(static_cast<std::int64_t>(in.uint(8)));
    if (in.failed()) break;
    if (items_->size() > items_mid && !(items_->back().decision_id < r.decision_id))
      return bad_partial("scored items not in decision id order at '" + text[0] + "'");
    if (!std::binary_search(cuts_.begin(), cuts_.end(), r.engagement_rate))
      return bad_partial("scored item '" + text[0] + "' has a rate that is not among the day rates");
    items_->add(r, text[1], text[2], text[3]);
  }
  if (in.failed()) return bad_partial("truncated in the scored items");
  if (in.remaining() != 0) return bad_partial(std::to_string(in.remaining()) + " unexpected bytes after the end");
  if (items_mid > 0) items_->merge_runs(items_mid);
  return {};
}

}  // namespace learnloop
