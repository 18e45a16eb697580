// Learning report and daily snapshot: group statistics over the window, then sentences built from
// those numbers. Groups smaller than kMinGroup posts never drive a pattern or a recommendation. The numbers come
// from a ReportPartial (report_partial.hpp): one fed the whole window, or the merge of a sharded run's partials.
#include "learnloop/analytics/learning_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "learnloop/analytics/clear_finding.hpp"
#include "learnloop/analytics/report_partial.hpp"
#include "learnloop/analytics/retention_clusters.hpp"
#include "learnloop/analytics/when_to_post.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

constexpr std::size_t kMinGroup = 5;

// A count kept as a double while summing, printed as an integer.
std::int64_t count(double v) { return static_cast<std::int64_t>(std::llround(v)); }

// A group's sums with its name.
struct Group : ReportGroup {
  std::string key;
};

// The groups highest mean rate first (ties in key order), empty groups left out.
std::vector<Group> ranked_groups(std::vector<Group> out) {
  out.erase(std::remove_if(out.begin(), out.end(), [](const Group& g) { return g.posts == 0; }), out.end());
  std::sort(out.begin(), out.end(), [](const Group& a, const Group& b) { return a.key < b.key; });
  std::stable_sort(out.begin(), out.end(),
                   [](const Group& a, const Group& b) { return a.mean_rate() > b.mean_rate(); });
  return out;
}

template <typename Groups>
std::vector<Group> ranked_groups_of(const Groups& groups) {
  std::vector<Group> out;
  out.reserve(groups.size());
  for (const auto& [key, sums] : groups) {
    out.emplace_back();
    static_cast<ReportGroup&>(out.back()) = sums;
    out.back().key = key;
  }
  return ranked_groups(std::move(out));
}

// The groups' engagement-rate sums, for the finding rule.
std::vector<GroupSums> rate_sums(const std::vector<Group>& groups) {
  std::vector<GroupSums> out;
  out.reserve(groups.size());
  for (const Group& g : groups) out.push_back({g.key, g.posts, g.rate_sum, g.rate_sq});
  return out;
}

// "with 93% probability", the chance in words.
std::string with_chance(double chance) { return "with " + chance_percent(chance) + " probability"; }

std::vector<Group> big_groups(const std::vector<Group>& groups) {
  std::vector<Group> out;
  for (const Group& g : groups) {
    if (g.posts >= kMinGroup) out.push_back(g);
  }
  return out;
}

nlohmann::ordered_json group_json(const std::vector<Group>& groups, const std::string& key_name, double overall) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Group& g : groups) {
    out.push_back({{key_name, g.key},
                   {"posts", g.posts},
                   {"impressions", count(g.impressions)},
                   {"avg_engagement_rate", round_to(g.mean_rate(), 6)},
                   {"lift", overall > 0 ? round_to(g.mean_rate() / overall - 1, 4) : 0.0},
                   {"followers_gained", count(g.followers)}});
  }
  return out;
}

// Pearson correlation of quality score and engagement rate over rows that have a quality score.
nlohmann::json quality_correlation(const CoMoments& m) {
  if (m.n < kMinGroup) return nullptr;
  if (m.sxx <= 0 || m.syy <= 0) return nullptr;
  return round_to(m.sxy / std::sqrt(m.sxx * m.syy), 4);
}

nlohmann::ordered_json performer(const RankedRow& r) {
  return {{"decision_id", r.decision_id},
          {"engagement_rate", round_to(r.engagement_rate, 6)},
          {"impressions", count(r.impressions)},
          {"content_type", r.content_type},
          {"platform", r.platform},
          {"hook_type", r.hook_type}};
}

const char* cluster_of(double watch) { return retention_cluster_of(watch); }

// The outcome row of a retention content id: its engagement rate and hook.
struct RateAndHook {
  double engagement_rate;
  std::string_view hook_type;
};

nlohmann::ordered_json retention_section(const std::vector<RetentionRow>& retention,
                                         const std::map<std::string_view, RateAndHook>& by_id,
                                         std::vector<std::string>* patterns, std::vector<std::string>* content_recs) {
  if (retention.empty()) return nullptr;
  double watch = 0, completion = 0;
  std::map<std::string, std::pair<std::size_t, double>> clusters;  // count, engagement sum
  std::map<std::string, std::size_t> cluster_with_rate;
  std::map<double, std::size_t> drops;
  std::map<std::string, GroupSums> hook_watch;  // average watch percentage per hook
  for (const RetentionRow& r : retention) {
    watch += r.avg_watch_percentage;
    completion += r.completion_rate;
    auto& c = clusters[cluster_of(r.avg_watch_percentage)];
    ++c.first;
    for (double d : r.drop_off_points) ++drops[round_to(d, 2)];
    if (auto it = by_id.find(r.content_id); it != by_id.end()) {
      c.second += it->second.engagement_rate;
      ++cluster_with_rate[cluster_of(r.avg_watch_percentage)];
      if (!it->second.hook_type.empty()) {
        GroupSums& h = hook_watch[std::string(it->second.hook_type)];
        h.key = it->second.hook_type;
        h.add(r.avg_watch_percentage);
      }
    }
  }
  const double n = static_cast<double>(retention.size());
  nlohmann::ordered_json cluster_json = nlohmann::ordered_json::object();
  for (const char* name : {"high", "medium", "low"}) {
    const auto& c = clusters[name];
    const std::size_t rated = cluster_with_rate[name];
    cluster_json[name] = {
        {"content", c.first},
        {"share", round_to(static_cast<double>(c.first) / n, 4)},
        {"avg_engagement_rate", rated ? nlohmann::ordered_json(round_to(c.second / static_cast<double>(rated), 6))
                                      : nlohmann::ordered_json()}};
  }
  const nlohmann::ordered_json features = retention_cluster_features(retention);
  for (const char* name : {"high", "medium", "low"}) {
    cluster_json[name]["common_features"] = features[name]["common_features"];
    cluster_json[name]["features"] = features[name]["features"];
  }
  std::vector<std::pair<double, std::size_t>> drop_list(drops.begin(), drops.end());
  std::stable_sort(drop_list.begin(), drop_list.end(), [](auto& a, auto& b) { return a.second > b.second; });
  nlohmann::ordered_json drop_json = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < drop_list.size() && i < 3; ++i)
    drop_json.push_back({{"position", drop_list[i].first},
                         {"content", drop_list[i].second},
                         {"share", round_to(static_cast<double>(drop_list[i].second) / n, 4)}});
  if (!drop_list.empty()) {
    const auto& top = drop_list.front();
    patterns->push_back("Viewers drop off most at " + format_number(round_to(top.first * 100, 0)) +
                        "% of the content (" + format_percent(static_cast<double>(top.second) / n) +
                        " of measured content)");
    if (top.first <= 0.2)
      content_recs->push_back("Strengthen openings: " + format_percent(static_cast<double>(top.second) / n) +
                              " of content loses viewers in the first " + format_number(round_to(top.first * 100, 0)) +
                              "%");
  }
  std::vector<GroupSums> hooks;
  hooks.reserve(hook_watch.size());
  for (auto& [hook, h] : hook_watch) hooks.push_back(h);
  const Finding hook_finding = compare_best_two(hooks);
  const auto watch_of = [](double v) { return format_number(round_to(v, 1)) + "% average watch"; };
  if (hook_finding.status == "clear")
    patterns->push_back("'" + hook_finding.best + "' hooks hold viewers best (" + watch_of(hook_finding.best_mean) +
                        "; beats '" + hook_finding.runner_up + "' at " + watch_of(hook_finding.runner_up_mean) +
                        " with " + chance_percent(hook_finding.chance) + " probability)");
  else if (hook_finding.status == "no_clear_difference")
    patterns->push_back("No clear difference between hooks in how long viewers watch: '" + hook_finding.best + "' (" +
                        watch_of(hook_finding.best_mean) + ") is ahead of '" + hook_finding.runner_up + "' (" +
                        watch_of(hook_finding.runner_up_mean) + ") with only " + chance_percent(hook_finding.chance) +
                        " probability");
  const GroupSums* best_hook = nullptr;
  const GroupSums* worst_hook = nullptr;
  for (const GroupSums& h : hooks) {
    if (h.posts < kMinFindingPosts) continue;
    if (!best_hook || h.mean() > best_hook->mean()) best_hook = &h;
    if (!worst_hook || h.mean() < worst_hook->mean()) worst_hook = &h;
  }
  if (best_hook && worst_hook != best_hook) {
    const double chance = chance_mean_beats(*best_hook, *worst_hook);
    if (chance >= kClearFindingChance)
      content_recs->push_back("Open with '" + best_hook->key + "' hooks rather than '" + worst_hook->key + "' (" +
                              watch_of(best_hook->mean()) + " vs " + format_number(round_to(worst_hook->mean(), 1)) +
                              "%; better with " + chance_percent(chance) + " probability)");
  }
  return {{"content_measured", retention.size()},
          {"avg_watch_percentage", round_to(watch / n, 2)},
          {"completion_rate", round_to(completion / n, 4)},
          {"clusters", cluster_json},
          {"drop_off_points", drop_json}};
}

// The cost section's figures: sums over the rows with a known cost.
struct CostFigures {
  std::uint64_t costed = 0, with_revenue = 0;
  double cost = 0, revenue = 0, engagements = 0, followers = 0;
  std::vector<Group> platforms;  // groups of the costed rows by platform, ranked
};

nlohmann::ordered_json cost_section(const CostFigures& figures, std::vector<std::string>* platform_recs) {
  const std::uint64_t costed = figures.costed, with_revenue = figures.with_revenue;
  const double cost = figures.cost, revenue = figures.revenue, engagements = figures.engagements,
               followers = figures.followers;
  if (costed == 0 || cost <= 0) return nullptr;
  nlohmann::ordered_json by_platform = nlohmann::ordered_json::array();
  std::vector<std::pair<std::string, double>> rois;
  for (const Group& g : figures.platforms) {
    const nlohmann::json roi =
        g.cost > 0 && g.with_revenue ? nlohmann::json(round_to((g.revenue - g.cost) / g.cost, 4)) : nlohmann::json();
    by_platform.push_back(
        {{"platform", g.key}, {"cost", round_to(g.cost, 2)}, {"revenue", round_to(g.revenue, 2)}, {"roi", roi}});
    if (!roi.is_null() && g.posts >= kMinGroup) rois.emplace_back(g.key, roi.get<double>());
  }
  std::stable_sort(rois.begin(), rois.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (rois.size() >= 2 && rois.front().second > rois.back().second)
    platform_recs->push_back("Shift budget toward " + rois.front().first + " (ROI " +
                             format_signed_percent(rois.front().second) + ") and away from " + rois.back().first +
                             " (ROI " + format_signed_percent(rois.back().second) + ")");
  return {
      {"content_with_cost", costed},
      {"total_cost", round_to(cost, 2)},
      {"total_revenue", with_revenue ? nlohmann::ordered_json(round_to(revenue, 2)) : nlohmann::ordered_json()},
      {"roi", with_revenue ? nlohmann::ordered_json(round_to((revenue - cost) / cost, 4)) : nlohmann::ordered_json()},
      {"cost_per_engagement",
       engagements > 0 ? nlohmann::ordered_json(round_to(cost / engagements, 4)) : nlohmann::ordered_json()},
      {"cost_per_follower",
       followers > 0 ? nlohmann::ordered_json(round_to(cost / followers, 4)) : nlohmann::ordered_json()},
      {"by_platform", by_platform}};
}

}  // namespace

Status ReportPartial::same_retention(const std::vector<RetentionRow>& retention) const {
  std::vector<std::string_view> ids;
  ids.reserve(retention.size());
  for (const RetentionRow& r : retention) ids.emplace_back(r.content_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (!std::equal(ids.begin(), ids.end(), watch_.begin(), watch_.end()))
    return Error{ErrorCode::kInvalidArgument, "report partial: the retention rows (" + std::to_string(ids.size()) +
                                                  " content ids) are not the ones the partial was made with (" +
                                                  std::to_string(watch_.size()) + ")"};
  return Status();
}

Result<nlohmann::ordered_json> ReportPartial::report(const std::vector<RetentionRow>& in_retention,
                                                     const nlohmann::ordered_json& bandits,
                                                     const nlohmann::ordered_json& models) const {
  if (Status same = same_retention(in_retention); !same.ok()) return same.error();
  nlohmann::ordered_json report;
  report["date"] = format_date(date_);
  report["window"] = {{"from", format_date(from_)}, {"to", format_date(date_)}, {"days", date_ - from_ + 1}};
  if (rows_ == 0 && in_retention.empty()) {
    report["status"] = "no_data";
    report["message"] =
        "no outcomes or retention metrics were collected from " + format_date(from_) + " to " + format_date(date_);
    return report;
  }
  report["status"] = "ok";
  const double overall = rows_ ? rate_sum_ / static_cast<double>(rows_) : 0;

  std::map<std::string_view, RateAndHook> by_id;
  for (std::size_t i = 0; i < watch_.size(); ++i) {
    if (watched_[i].seen) by_id.emplace(watch_[i], RateAndHook{watched_[i].engagement_rate, watched_[i].hook_type});
  }
  std::vector<std::string> patterns, content_recs, timing_recs, platform_recs;
  const nlohmann::ordered_json retention = retention_section(in_retention, by_id, &patterns, &content_recs);
  report["summary"] = {
      {"content_analyzed", rows_},
      {"impressions", count(impressions_)},
      {"engagements", count(engagements_)},
      {"avg_engagement_rate", round_to(overall, 6)},
      {"followers_gained", count(followers_)},
      {"avg_retention", retention.is_null() ? nlohmann::ordered_json() : retention["avg_watch_percentage"]}};
  report["retention"] = retention;

  const std::vector<Group> types = ranked_groups_of(types_), hooks = ranked_groups_of(hooks_),
                           platforms = ranked_groups_of(platforms_);
  std::vector<Group> hour_list;
  for (int h = 0; h < 24; ++h) {
    hour_list.emplace_back();
    static_cast<ReportGroup&>(hour_list.back()) = hours_[static_cast<std::size_t>(h)];
    hour_list.back().key = hour_label(h);
  }
  for (const auto& [h, sums] : other_hours_) {
    hour_list.emplace_back();
    static_cast<ReportGroup&>(hour_list.back()) = sums;
    hour_list.back().key = hour_label(h);
  }
  const std::vector<Group> hours = ranked_groups(std::move(hour_list));
  // An hour is the integer 0-23 (UTC) in every result (issue 18's naming rule): "14:00" -> 14.
  nlohmann::ordered_json by_hour = group_json(hours, "hour", overall);
  for (nlohmann::ordered_json& g : by_hour) g["hour"] = std::stoi(g["hour"].get<std::string>().substr(0, 2));
  report["engagement"] = {{"by_content_type", group_json(types, "content_type", overall)},
                          {"by_hour", by_hour},
                          {"by_hook", group_json(hooks, "hook_type", overall)},
                          {"quality_correlation", quality_correlation(quality_)}};

  const std::vector<Group> big_types = big_groups(types), big_hours = big_groups(hours),
                           big_platforms = big_groups(platforms);
  const Finding type_finding = compare_best_two(rate_sums(types)), hour_finding = compare_best_two(rate_sums(hours)),
                platform_finding = compare_best_two(rate_sums(platforms));
  report["findings"] = {{"rule", finding_rule_text()},
                        {"content_type", finding_json(type_finding)},
                        {"hour", hour_finding_json(hour_finding)},
                        {"platform", finding_json(platform_finding)}};
  if (type_finding.status != "not_enough_data")
    patterns.push_back(type_finding.status == "clear"
                           ? type_finding.best + " leads with " + format_percent(type_finding.best_mean) +
                                 " mean engagement over " + std::to_string(type_finding.best_posts) + " posts (" +
                                 format_signed_percent(type_finding.best_mean / overall - 1) + " vs average; beats " +
                                 type_finding.runner_up + " " + with_chance(type_finding.chance) + ")"
                           : finding_sentence(type_finding, "content types", ""));
  if (big_types.size() >= 2) {
    const Group &best = big_types.front(), &worst = big_types.back();
    const double chance = chance_mean_beats(rate_sums({best}).front(), rate_sums({worst}).front());
    if (chance >= kClearFindingChance)
      content_recs.insert(content_recs.begin(), "Post more " + best.key + " (" + format_percent(best.mean_rate()) +
                                                    ") and less " + worst.key + " (" +
                                                    format_percent(worst.mean_rate()) + "): it does better " +
                                                    with_chance(chance));
  }
  const nlohmann::ordered_json when = when_to_post_json(hour_finding, bandits);
  report["when_to_post"] = when;
  if (hour_finding.status != "not_enough_data") {
    patterns.push_back(finding_sentence(hour_finding, "posting hours", " UTC"));
    timing_recs.push_back(when["answer"].get<std::string>());
  }
  if (big_hours.size() >= 3) {
    // "Avoid" the worst hour only when it is clearly below the next-worst.
    const Group &worst = big_hours.back(), &next = big_hours[big_hours.size() - 2];
    const double chance = chance_mean_beats(rate_sums({next}).front(), rate_sums({worst}).front());
    if (chance >= kClearFindingChance)
      timing_recs.push_back("Avoid " + worst.key + " UTC (" + format_percent(worst.mean_rate()) +
                            " mean engagement; below " + next.key + " UTC " + with_chance(chance) + ")");
  }
  if (platform_finding.status != "not_enough_data")
    patterns.push_back(finding_sentence(platform_finding, "platforms", ""));
  const nlohmann::json correlation = report["engagement"]["quality_correlation"];
  if (correlation.is_number() && std::fabs(correlation.get<double>()) >= 0.1)
    patterns.push_back(std::string(correlation.get<double>() > 0 ? "Higher" : "Lower") +
                       " quality scores go with higher engagement (r = " +
                       format_number(round_to(correlation.get<double>(), 2)) + ")");

  nlohmann::ordered_json best = nlohmann::ordered_json::array(), worst = nlohmann::ordered_json::array();
  for (const RankedRow& r : best_) best.push_back(performer(r));
  for (const RankedRow& r : worst_) worst.push_back(performer(r));
  report["patterns"] = patterns;
  report["best_performers"] = best;
  report["worst_performers"] = worst;
  report["platforms"] = group_json(platforms, "platform", overall);
  if (big_platforms.size() >= 2) {
    const Group &best = big_platforms.front(), &worst = big_platforms.back();
    const double chance = chance_mean_beats(rate_sums({best}).front(), rate_sums({worst}).front());
    if (chance >= kClearFindingChance)
      platform_recs.push_back("Favor " + best.key + " (" + format_percent(best.mean_rate()) +
                              " mean engagement) over " + worst.key + " (" + format_percent(worst.mean_rate()) +
                              "): it does better " + with_chance(chance));
  }
  CostFigures cost{costed_,
                   costed_with_revenue_,
                   costed_cost_,
                   costed_revenue_,
                   costed_engagements_,
                   costed_followers_,
                   ranked_groups_of(costed_platforms_)};
  report["cost"] = cost_section(cost, &platform_recs);
  report["recommendations"] = {{"content", content_recs}, {"timing", timing_recs}, {"platform", platform_recs}};
  report["bandits"] = bandits;
  report["models"] = models;
  return report;
}

Result<DailySnapshot> ReportPartial::snapshot(const std::vector<RetentionRow>& retention,
                                              const nlohmann::ordered_json& report) const {
  if (Status same = same_retention(retention); !same.ok()) return same.error();
  DailySnapshot s;
  s.snapshot_date = format_date(date_);
  std::vector<const RetentionRow*> day_retention;
  for (const RetentionRow& r : retention) {
    if (r.measured_day == date_) day_retention.push_back(&r);
  }
  // Distinct content of the day: the day's outcome rows (one per content id) and the day's retention ids that
  // have no outcome row on the day.
  std::vector<std::string_view> retention_ids;
  retention_ids.reserve(day_retention.size());
  for (const RetentionRow* r : day_retention) retention_ids.emplace_back(r->content_id);
  std::sort(retention_ids.begin(), retention_ids.end());
  retention_ids.erase(std::unique(retention_ids.begin(), retention_ids.end()), retention_ids.end());
  std::uint64_t distinct = day_rows_;
  for (std::string_view id : retention_ids) {
    const auto at = std::lower_bound(watch_.begin(), watch_.end(), id);
    distinct += !(at != watch_.end() && *at == id && watched_[static_cast<std::size_t>(at - watch_.begin())].on_day);
  }
  s.total_content_analyzed = static_cast<std::int64_t>(distinct);
  s.insights = nlohmann::json::array();
  s.best_content_ids = nlohmann::json::array();
  if (!day_retention.empty()) {
    double watch = 0;
    std::map<std::string, std::size_t> clusters;
    for (const RetentionRow* r : day_retention) {
      watch += r->avg_watch_percentage;
      ++clusters[cluster_of(r->avg_watch_percentage)];
    }
    s.avg_retention = round_to(watch / static_cast<double>(day_retention.size()), 2);
    s.insights.push_back("Average watch " + format_number(s.avg_retention.get<double>()) +
                         "%: " + std::to_string(clusters["high"]) + " high, " + std::to_string(clusters["medium"]) +
                         " medium, " + std::to_string(clusters["low"]) + " low retention");
  }
  if (day_rows_ > 0) {
    const double today = day_rate_sum_ / static_cast<double>(day_rows_),
                 window = rate_sum_ / static_cast<double>(rows_);
    s.avg_engagement_rate = round_to(today, 6);
    s.insights.push_back("Engagement " + format_percent(today) + " on " + s.snapshot_date + " vs " +
                         format_percent(window) + " over the " + std::to_string(date_ - from_ + 1) + "-day window (" +
                         format_signed_percent(window > 0 ? today / window - 1 : 0) + ")");
    const std::vector<Group> types = ranked_groups_of(day_types_);
    if (!types.empty() && types.front().posts >= 3)
      s.insights.push_back("Best content type of the day: " + types.front().key + " (" +
                           format_percent(types.front().mean_rate()) + " over " + std::to_string(types.front().posts) +
                           " posts)");
    s.insights.push_back(format_number(day_followers_) + " followers gained; " +
                         format_percent(static_cast<double>(day_gained_) / static_cast<double>(day_rows_)) +
                         " of content gained at least one");
    for (const RankedRow& r : day_best_) s.best_content_ids.push_back(r.decision_id);
  }
  if (s.insights.empty()) s.insights.push_back("No outcomes or retention metrics were collected on " + s.snapshot_date);
  s.recommendations = nlohmann::json::array();
  if (report.contains("recommendations")) {
    for (const auto& [area, list] : report["recommendations"].items()) {
      if (!list.empty()) s.recommendations.push_back(list.front().get<std::string>());
    }
  }
  return s;
}

nlohmann::ordered_json produce_learning_report(const ReportInputs& in) {
  ReportPartial partial(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) partial.add(r);
  // The partial was made with these retention rows, so finishing it cannot fail.
  return partial.report(in.retention, in.bandits, in.models).value();
}

DailySnapshot build_daily_snapshot(const ReportInputs& in, const nlohmann::ordered_json& report) {
  ReportPartial partial(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) partial.add(r);
  return partial.snapshot(in.retention, report).value();
}

}  // namespace learnloop
