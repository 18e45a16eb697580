// The report's mergeable state: adding rows, merging shards, and its bytes. The sentences built from
// it are in learning_report.cpp (ReportPartial::report and ::snapshot).
#include "learnloop/analytics/report_partial.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace learnloop {
namespace {

// Rows with fewer impressions never appear among the best or worst performers.
constexpr double kPartialMinImpressions = 100;
constexpr char kPartialMagic[] = "LLRP";
constexpr std::uint32_t kPartialVersion = 1;

// The rank keys of a row: rate, its decision id (window order) and whether it is exposed.
struct RankKey {
  double rate;
  std::string_view id;
  bool exposed;
};
RankKey key_of(const RankedRow& r) { return {r.engagement_rate, r.decision_id, r.exposed}; }
RankKey key_of(const OutcomeRow& r) {
  return {r.engagement_rate, r.decision_id, r.impressions >= kPartialMinImpressions};
}

// The order of a stable sort by rate, highest first, ties in window order (as the report's best performers).
bool ranks_higher(const RankKey& a, const RankKey& b) { return a.rate != b.rate ? a.rate > b.rate : a.id < b.id; }
// The report's worst performers: lowest rate first, ties in reverse window order (the old partial sort's order).
bool ranks_lower(const RankKey& a, const RankKey& b) { return a.rate != b.rate ? a.rate < b.rate : a.id > b.id; }
// The day's picks: exposed content first, then by rate, ties in window order.
bool ranks_first_of_day(const RankKey& a, const RankKey& b) {
  if (a.exposed != b.exposed) return a.exposed;
  return ranks_higher(a, b);
}
using RankOrder = bool (*)(const RankKey&, const RankKey&);

RankedRow ranked_row(const OutcomeRow& r) {
  return {std::string(r.decision_id),
          r.engagement_rate,
          r.impressions,
          r.impressions >= kPartialMinImpressions,
          std::string(r.bandit_arm),
          std::string(r.platform),
          std::string(r.hook_type)};
}

// Keeps `row` in `list` (the first k by `before`, in that order) when it belongs there; equal keys keep their order.
template <typename Row>
void offer_ranked(std::vector<RankedRow>& list, std::size_t k, const Row& row, RankOrder before) {
  const RankKey key = key_of(row);
  if (list.size() == k && !before(key, key_of(list.back()))) return;
  const auto at = std::upper_bound(list.begin(), list.end(), key,
                                   [before](const RankKey& a, const RankedRow& b) { return before(a, key_of(b)); });
  if constexpr (std::is_same_v<Row, RankedRow>) {
    list.insert(at, row);
  } else {
    list.insert(at, ranked_row(row));
  }
  if (list.size() > k) list.pop_back();
}

ReportGroup& group_at(std::map<std::string, ReportGroup, std::less<>>& groups, std::string_view key) {
  auto it = groups.find(key);
  if (it == groups.end()) it = groups.emplace(std::string(key), ReportGroup()).first;
  return it->second;
}

void merge_groups(std::map<std::string, ReportGroup, std::less<>>& into,
                  const std::map<std::string, ReportGroup, std::less<>>& from) {
  for (const auto& [key, g] : from) group_at(into, key).merge(g);
}

// --- bytes ---

void put_i64(ByteWriter& out, std::int64_t v) { out.uint(static_cast<std::uint64_t>(v), 8); }
std::int64_t get_i64(ByteReader& in) { return static_cast<std::int64_t>(in.uint(8)); }

void put_group(ByteWriter& out, const ReportGroup& g) {
  out.uint(g.posts, 8);
  for (double v : {g.impressions, g.rate_sum, g.rate_sq, g.followers, g.cost, g.revenue}) out.f64(v);
  out.uint(g.costed, 8);
  out.uint(g.with_revenue, 8);
}
ReportGroup get_group(ByteReader& in) {
  ReportGroup g;
  g.posts = static_cast<std::size_t>(in.uint(8));
  for (double* v : {&g.impressions, &g.rate_sum, &g.rate_sq, &g.followers, &g.cost, &g.revenue}) *v = in.f64();
  g.costed = static_cast<std::size_t>(in.uint(8));
  g.with_revenue = static_cast<std::size_t>(in.uint(8));
  return g;
}

constexpr std::size_t kGroupBytes = std::size_t{8} * 9;

void put_ranked(ByteWriter& out, const std::vector<RankedRow>& list) {
  out.uint(list.size(), 4);
  for (const RankedRow& r : list) {
    out.str(r.decision_id);
    out.f64(r.engagement_rate);
    out.f64(r.impressions);
    out.uint(r.exposed ? 1 : 0, 1);
    out.str(r.content_type);
    out.str(r.platform);
    out.str(r.hook_type);
  }
}

void put_groups(ByteWriter& out, const std::map<std::string, ReportGroup, std::less<>>& groups) {
  out.uint(groups.size(), 4);
  for (const auto& [key, g] : groups) {
    out.str(key);
    put_group(out, g);
  }
}

// Reads with a description of the first problem: a truncated read, a count larger than the bytes left, a figure
// inconsistent with the others.
class PartialReader {
 public:
  explicit PartialReader(ByteReader& in) : in_(in) {}
  ByteReader& in() { return in_; }
  // A count of entries of at least `min_bytes` each; larger than the bytes left is an error.
  std::size_t count(const char* what, std::size_t min_bytes) {
    const std::uint64_t n = in_.uint(4);
    if (!problem_.empty() || in_.failed()) return 0;
    if (n > in_.remaining() / min_bytes) {
      fail(std::string(what) + " count " + std::to_string(n) + " exceeds the " + std::to_string(in_.remaining()) +
           " bytes left");
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  void check(bool ok, const std::string& what) {
    if (!ok) fail(what);
  }
  void fail(const std::string& what) {
    if (problem_.empty() && !in_.failed()) problem_ = what;
  }
  bool bad() const { return in_.failed() || !problem_.empty(); }
  std::string problem() const { return in_.failed() ? "truncated (the bytes end inside a field)" : problem_; }

  void groups(std::map<std::string, ReportGroup, std::less<>>& out, const char* what, std::uint64_t at_most) {
    const std::size_t n = count(what, 4 + kGroupBytes);
    std::uint64_t posts = 0;
    for (std::size_t i = 0; i < n && !bad(); ++i) {
      std::string key = in_.str();
      const ReportGroup g = get_group(in_);
      if (bad()) return;
      check(!key.empty(), std::string(what) + " has an empty key");
      check(g.costed <= g.posts && g.with_revenue <= g.posts,
            std::string(what) + " '" + key + "' counts more costed or revenue rows than posts");
      posts += g.posts;
      check(out.emplace(std::move(key), g).second, std::string(what) + " repeats a key");
    }
    check(posts <= at_most, std::string(what) + " count " + std::to_string(posts) + " posts, more than the " +
                                std::to_string(at_most) + " rows they group");
  }

  void ranked(std::vector<RankedRow>& out, const char* what, std::size_t k, RankOrder before, bool exposed_only) {
    const std::size_t n = count(what, 4 + 8 + 8 + 1 + 12);
    check(n <= k, std::string(what) + " has " + std::to_string(n) + " rows, at most " + std::to_string(k));
    for (std::size_t i = 0; i < n && !bad(); ++i) {
      RankedRow r;
      r.decision_id = in_.str();
      r.engagement_rate = in_.f64();
      r.impressions = in_.f64();
      const std::uint64_t exposed = in_.uint(1);
      r.exposed = exposed == 1;
      r.content_type = in_.str();
      r.platform = in_.str();
      r.hook_type = in_.str();
      if (bad()) return;
      check(exposed <= 1, std::string(what) + " has an exposed flag that is not 0 or 1");
      check(r.exposed == (r.impressions >= kPartialMinImpressions),
            std::string(what) + " row '" + r.decision_id + "' has an exposed flag that disagrees with its impressions");
      check(!exposed_only || r.exposed, std::string(what) + " row '" + r.decision_id + "' is not exposed");
      check(out.empty() || before(key_of(out.back()), key_of(r)), std::string(what) + " is not in rank order");
      out.push_back(std::move(r));
    }
  }

 private:
  ByteReader& in_;
  std::string problem_;
};

}  // namespace

void ReportGroup::add(const OutcomeRow& r) {
  ++posts;
  impressions += r.impressions;
  rate_sum += r.engagement_rate;
  rate_sq += r.engagement_rate * r.engagement_rate;
  followers += r.followers_gained;
  if (r.cost >= 0) {
    cost += r.cost;
    ++costed;
  }
  if (r.revenue >= 0) {
    revenue += r.revenue;
    ++with_revenue;
  }
}

void ReportGroup::merge(const ReportGroup& o) {
  posts += o.posts;
  impressions += o.impressions;
  rate_sum += o.rate_sum;
  rate_sq += o.rate_sq;
  followers += o.followers;
  cost += o.cost;
  revenue += o.revenue;
  costed += o.costed;
  with_revenue += o.with_revenue;
}

void CoMoments::add(double x, double y) {
  ++n;
  const double dx = x - mean_x, dy = y - mean_y;
  mean_x += dx / static_cast<double>(n);
  mean_y += dy / static_cast<double>(n);
  sxx += dx * (x - mean_x);
  syy += dy * (y - mean_y);
  sxy += dx * (y - mean_y);
}

void CoMoments::merge(const CoMoments& o) {
  if (o.n == 0) return;
  if (n == 0) {
    *this = o;
    return;
  }
  const double na = static_cast<double>(n), nb = static_cast<double>(o.n), total = na + nb;
  const double dx = o.mean_x - mean_x, dy = o.mean_y - mean_y, w = na * nb / total;
  sxx += o.sxx + dx * dx * w;
  syy += o.syy + dy * dy * w;
  sxy += o.sxy + dx * dy * w;
  mean_x += dx * nb / total;
  mean_y += dy * nb / total;
  n += o.n;
}

ReportPartial::ReportPartial(DayNumber date, DayNumber from, const std::vector<RetentionRow>& retention)
    : date_(date), from_(from) {
  watch_.reserve(retention.size());
  for (const RetentionRow& r : retention) watch_.push_back(r.content_id);
  std::sort(watch_.begin(), watch_.end());
  watch_.erase(std::unique(watch_.begin(), watch_.end()), watch_.end());
  watched_.resize(watch_.size());
}

ReportPartial::Watched* ReportPartial::watched(std::string_view id) {
  if (watch_.empty()) return nullptr;
  // Rows come in id order: walk forward from the last place; an id before it (rows out of order) searches again.
  if (watch_cursor_ > 0 && id < std::string_view(watch_[watch_cursor_ - 1])) {
    watch_cursor_ = static_cast<std::size_t>(std::lower_bound(watch_.begin(), watch_.end(), id) - watch_.begin());
  }
  while (watch_cursor_ < watch_.size() && std::string_view(watch_[watch_cursor_]) < id) ++watch_cursor_;
  if (watch_cursor_ < watch_.size() && watch_[watch_cursor_] == id) return &watched_[watch_cursor_];
  return nullptr;
}

void ReportPartial::add(const OutcomeRow& r) {
  ++rows_;
  rate_sum_ += r.engagement_rate;
  impressions_ += r.impressions;
  engagements_ += r.engagements;
  followers_ += r.followers_gained;
  if (r.cost >= 0) {
    ++costed_;
    costed_cost_ += r.cost;
    costed_engagements_ += r.engagements;
    costed_followers_ += r.followers_gained;
    if (r.revenue >= 0) {
      costed_revenue_ += r.revenue;
      ++costed_with_revenue_;
    }
    if (!r.platform.empty()) group_at(costed_platforms_, r.platform).add(r);
  }
  if (r.quality_score >= 0) quality_.add(r.quality_score, r.engagement_rate);
  if (!r.bandit_arm.empty()) group_at(types_, r.bandit_arm).add(r);
  if (r.posted_hour >= 24) {
    other_hours_[r.posted_hour].add(r);
  } else if (r.posted_hour >= 0) {
    hours_[static_cast<std::size_t>(r.posted_hour)].add(r);
  }
  if (!r.hook_type.empty()) group_at(hooks_, r.hook_type).add(r);
  if (!r.platform.empty()) group_at(platforms_, r.platform).add(r);
  const bool on_day = r.collected_day == date_;
  if (on_day) {
    ++day_rows_;
    day_rate_sum_ += r.engagement_rate;
    day_followers_ += r.followers_gained;
    day_gained_ += r.followers_gained > 0;
    if (!r.bandit_arm.empty()) group_at(day_types_, r.bandit_arm).add(r);
    offer_ranked(day_best_, kDayTop, r, ranks_first_of_day);
  }
  if (r.impressions >= kPartialMinImpressions) {
    offer_ranked(best_, kTop, r, ranks_higher);
    offer_ranked(worst_, kTop, r, ranks_lower);
  }
  if (Watched* w = watched(r.decision_id)) {
    w->seen = true;
    w->engagement_rate = r.engagement_rate;
    w->hook_type = std::string(r.hook_type);
    w->on_day = w->on_day || on_day;
  }
}

Status ReportPartial::merge(const ReportPartial& o) {
  if (o.date_ != date_ || o.from_ != from_)
    return Error{ErrorCode::kInvalidArgument,
                 "report partial: cannot merge the window " + std::to_string(o.from_) + ".." + std::to_string(o.date_) +
                     " into the window " + std::to_string(from_) + ".." + std::to_string(date_) + " (day numbers)"};
  if (o.watch_ != watch_)
    return Error{ErrorCode::kInvalidArgument,
                 "report partial: cannot merge partials made with different retention rows (" +
                     std::to_string(o.watch_.size()) + " content ids against " + std::to_string(watch_.size()) + ")"};
  rows_ += o.rows_;
  rate_sum_ += o.rate_sum_;
  impressions_ += o.impressions_;
  engagements_ += o.engagements_;
  followers_ += o.followers_;
  costed_ += o.costed_;
  costed_with_revenue_ += o.costed_with_revenue_;
  costed_cost_ += o.costed_cost_;
  costed_revenue_ += o.costed_revenue_;
  costed_engagements_ += o.costed_engagements_;
  costed_followers_ += o.costed_followers_;
  quality_.merge(o.quality_);
  merge_groups(types_, o.types_);
  merge_groups(hooks_, o.hooks_);
  merge_groups(platforms_, o.platforms_);
  merge_groups(costed_platforms_, o.costed_platforms_);
  merge_groups(day_types_, o.day_types_);
  for (std::size_t h = 0; h < hours_.size(); ++h) hours_[h].merge(o.hours_[h]);
  for (const auto& [hour, g] : o.other_hours_) other_hours_[hour].merge(g);
  day_rows_ += o.day_rows_;
  day_gained_ += o.day_gained_;
  day_rate_sum_ += o.day_rate_sum_;
  day_followers_ += o.day_followers_;
  for (const RankedRow& r : o.best_) offer_ranked(best_, kTop, r, ranks_higher);
  for (const RankedRow& r : o.worst_) offer_ranked(worst_, kTop, r, ranks_lower);
  for (const RankedRow& r : o.day_best_) offer_ranked(day_best_, kDayTop, r, ranks_first_of_day);
  for (std::size_t i = 0; i < watched_.size(); ++i) {
    const Watched& w = o.watched_[i];
    if (!w.seen) continue;
    const bool on_day = watched_[i].on_day || w.on_day;
    watched_[i] = w;  // a later shard's row wins, as a later row does within one
    watched_[i].on_day = on_day;
  }
  return Status();
}

void ReportPartial::save(ByteWriter& out) const {
  out.raw(kPartialMagic, 4);
  out.uint(kPartialVersion, 4);
  put_i64(out, date_);
  put_i64(out, from_);
  out.uint(rows_, 8);
  for (double v : {rate_sum_, impressions_, engagements_, followers_}) out.f64(v);
  out.uint(costed_, 8);
  out.uint(costed_with_revenue_, 8);
  for (double v : {costed_cost_, costed_revenue_, costed_engagements_, costed_followers_}) out.f64(v);
  out.uint(quality_.n, 8);
  for (double v : {quality_.mean_x, quality_.mean_y, quality_.sxx, quality_.syy, quality_.sxy}) out.f64(v);
  for (const Groups* g : {&types_, &hooks_, &platforms_, &costed_platforms_}) put_groups(out, *g);
  for (const ReportGroup& g : hours_) put_group(out, g);
  out.uint(other_hours_.size(), 4);
  for (const auto& [hour, g] : other_hours_) {
    out.uint(static_cast<std::uint32_t>(hour), 4);
    put_group(out, g);
  }
  out.uint(day_rows_, 8);
  out.uint(day_gained_, 8);
  out.f64(day_rate_sum_);
  out.f64(day_followers_);
  put_groups(out, day_types_);
  put_ranked(out, best_);
  put_ranked(out, worst_);
  put_ranked(out, day_best_);
  out.uint(watch_.size(), 4);
  for (std::size_t i = 0; i < watch_.size(); ++i) {
    const Watched& w = watched_[i];
    out.str(watch_[i]);
    out.uint((w.seen ? 1u : 0u) | (w.on_day ? 2u : 0u), 1);
    if (w.seen) {
      out.f64(w.engagement_rate);
      out.str(w.hook_type);
    }
  }
}

Result<ReportPartial> ReportPartial::load(ByteReader& bytes) {
  PartialReader in(bytes);
  const auto error = [&in]() { return Error{ErrorCode::kParseError, "report partial: " + in.problem()}; };
  char magic[4] = {};
  for (char& c : magic) c = static_cast<char>(bytes.uint(1));
  if (bytes.failed()) return error();
  if (std::string_view(magic, 4) != std::string_view(kPartialMagic, 4))
    return Error{ErrorCode::kParseError, "report partial: not a report partial (the bytes do not start with LLRP)"};
  const std::uint64_t version = bytes.uint(4);
  if (bytes.failed()) return error();
  if (version != kPartialVersion)
    return Error{ErrorCode::kUnsupportedVersion, "report partial: format version " + std::to_string(version) +
                                                     ", this build reads version " + std::to_string(kPartialVersion)};
  const DayNumber date = get_i64(bytes), from = get_i64(bytes);
  ReportPartial p(date, from);
  in.check(from <= date, "the window starts after its last day");
  p.rows_ = bytes.uint(8);
  for (double* v : {&p.rate_sum_, &p.impressions_, &p.engagements_, &p.followers_}) *v = bytes.f64();
  p.costed_ = bytes.uint(8);
  p.costed_with_revenue_ = bytes.uint(8);
  for (double* v : {&p.costed_cost_, &p.costed_revenue_, &p.costed_engagements_, &p.costed_followers_})
    *v = bytes.f64();
  p.quality_.n = bytes.uint(8);
  for (double* v : {&p.quality_.mean_x, &p.quality_.mean_y, &p.quality_.sxx, &p.quality_.syy, &p.quality_.sxy})
    *v = bytes.f64();
  in.check(p.costed_ <= p.rows_ && p.costed_with_revenue_ <= p.costed_,
           "more costed rows (" + std::to_string(p.costed_) + ") than rows (" + std::to_string(p.rows_) + ")");
  in.check(p.quality_.n <= p.rows_, "more quality scores than rows");
  in.groups(p.types_, "content type groups", p.rows_);
  in.groups(p.hooks_, "hook groups", p.rows_);
  in.groups(p.platforms_, "platform groups", p.rows_);
  in.groups(p.costed_platforms_, "costed platform groups", p.costed_);
  std::uint64_t hour_posts = 0;
  for (ReportGroup& g : p.hours_) {
    g = get_group(bytes);
    hour_posts += g.posts;
  }
  const std::size_t other_hours = in.count("other hour groups", 4 + kGroupBytes);
  for (std::size_t i = 0; i < other_hours && !in.bad(); ++i) {
    const auto hour = static_cast<std::int32_t>(static_cast<std::uint32_t>(bytes.uint(4)));
    const ReportGroup g = get_group(bytes);
    in.check(hour >= 24, "an other-hour group has hour " + std::to_string(hour) + " (0-23 are kept apart)");
    in.check(p.other_hours_.emplace(hour, g).second, "other hour groups repeat an hour");
    hour_posts += g.posts;
  }
  in.check(hour_posts <= p.rows_, "hour groups count more posts than rows");
  p.day_rows_ = bytes.uint(8);
  p.day_gained_ = bytes.uint(8);
  p.day_rate_sum_ = bytes.f64();
  p.day_followers_ = bytes.f64();
  in.check(p.day_rows_ <= p.rows_ && p.day_gained_ <= p.day_rows_, "the day counts more rows than the window");
  in.groups(p.day_types_, "day content type groups", p.day_rows_);
  in.ranked(p.best_, "best list", kTop, ranks_higher, true);
  in.ranked(p.worst_, "worst list", kTop, ranks_lower, true);
  in.ranked(p.day_best_, "day list", kDayTop, ranks_first_of_day, false);
  in.check(p.best_.size() <= p.rows_ && p.day_best_.size() <= p.day_rows_, "a top list has more rows than the window");
  const std::size_t watch = in.count("retention ids", 4 + 1);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < watch && !in.bad(); ++i) {
    std::string id = bytes.str();
    const std::uint64_t flags = bytes.uint(1);
    Watched w;
    w.seen = flags & 1;
    w.on_day = flags & 2;
    if (w.seen) {
      w.engagement_rate = bytes.f64();
      w.hook_type = bytes.str();
      ++seen;
    }
    in.check(flags <= 3 && (w.seen || !w.on_day), "a retention id has invalid flags");
    in.check(p.watch_.empty() || p.watch_.back() < id, "retention ids are not sorted and distinct");
    p.watch_.push_back(std::move(id));
    p.watched_.push_back(std::move(w));
  }
  in.check(seen <= p.rows_, "more retention ids matched than rows");
  if (in.bad()) return error();
  if (bytes.remaining() != 0)
    return Error{ErrorCode::kParseError,
                 "report partial: " + std::to_string(bytes.remaining()) + " bytes after the end of the partial"};
  return p;
}

}  // namespace learnloop
