// Best time to post: per-hour and per-weekday engagement of one platform, the top slots, and the
// probability that the top hour is truly best (timing-bandit posterior or bootstrap).
#include "learnloop/analytics/best_time.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "analytics_math.hpp"
#include "learnloop/analytics/clear_finding.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/random/rng.hpp"
#include "learnloop/random/samplers.hpp"
#include "learnloop/store/analysis_window.hpp"

namespace learnloop {
namespace {

struct Slot {
  std::size_t posts = 0;
  double rate_sum = 0;
  double mean() const { return posts ? rate_sum / static_cast<double>(posts) : 0; }
};

// Slots with at least kMinPostsPerSlot posts, best mean first (ties: lower slot first).
std::vector<int> ranked(const std::map<int, Slot>& slots) {
  std::vector<int> out;
  for (const auto& [k, s] : slots) {
    if (s.posts >= kMinPostsPerSlot) out.push_back(k);
  }
  std::stable_sort(out.begin(), out.end(), [&](int a, int b) { return slots.at(a).mean() > slots.at(b).mean(); });
  return out;
}

// Share of bootstrap resamples of `rows` in which `top` keeps the highest mean among the ranked hours.
double bootstrap_confidence(const std::vector<const OutcomeRow*>& rows, const std::vector<int>& eligible, int top,
                            int resamples, std::uint64_t seed) {
  Rng rng(seed, 0);
  const std::size_t n = rows.size();
  std::size_t hits = 0;
  for (int b = 0; b < resamples; ++b) {
    double sum[24] = {0}, count[24] = {0};
    for (std::size_t i = 0; i < n; ++i) {
      const OutcomeRow* r = rows[static_cast<std::size_t>(rng.uniform() * static_cast<double>(n)) % n];
      sum[r->posted_hour] += r->engagement_rate;
      count[r->posted_hour] += 1;
    }
    int best = -1;
    double best_mean = -std::numeric_limits<double>::infinity();
    for (int h : eligible) {
      if (count[h] == 0) continue;
      const double m = sum[h] / count[h];
      if (m > best_mean) {
        best_mean = m;
        best = h;
      }
    }
    hits += best == top;
  }
  return static_cast<double>(hits) / static_cast<double>(resamples);
}

// P(top has the highest success probability) under the timing bandit's independent Beta posteriors
// (arms with at least one pull), by `draws` Monte Carlo draws.
double posterior_confidence(const std::vector<HourPosterior>& timing, int top, int draws, std::uint64_t seed) {
  Rng rng(seed, 1);
  std::size_t hits = 0;
  for (int d = 0; d < draws; ++d) {
    int best = -1;
    double best_p = -1;
    for (const HourPosterior& h : timing) {
      if (h.pulls <= 0) continue;
      const double p = sample_beta(rng, h.alpha, h.beta);
      if (p > best_p) {
        best_p = p;
        best = h.hour;
      }
    }
    hits += best == top;
  }
  return static_cast<double>(hits) / static_cast<double>(draws);
}

}  // namespace

nlohmann::ordered_json compute_best_time(const std::vector<OutcomeRow>& rows, const std::vector<HourPosterior>& timing,
                                         const BestTimeOptions& options, DayNumber from, DayNumber to) {
  std::vector<const OutcomeRow*> mine;
  std::set<std::string> platforms;
  for (const OutcomeRow& r : rows) {
    if (!r.platform.empty()) platforms.emplace(r.platform);
    if (r.platform == options.platform && r.posted_hour >= 0 && r.posted_hour < 24) mine.push_back(&r);
  }
  std::map<int, Slot> hours, days;
  std::map<std::pair<int, int>, Slot> day_hours;  // (weekday, hour)
  std::map<int, GroupSums> hour_sums, day_sums;   // for the finding rule
  for (const OutcomeRow* r : mine) {
    Slot& h = hours[r->posted_hour];
    ++h.posts;
    h.rate_sum += r->engagement_rate;
    hour_sums[r->posted_hour].add(r->engagement_rate);
    if (r->posted_day >= 0) {
      day_sums[weekday(r->posted_day)].add(r->engagement_rate);
      Slot& d = days[weekday(r->posted_day)];
      ++d.posts;
      d.rate_sum += r->engagement_rate;
      Slot& dh = day_hours[{weekday(r->posted_day), r->posted_hour}];
      ++dh.posts;
      dh.rate_sum += r->engagement_rate;
    }
  }
  const std::vector<int> hour_rank = ranked(hours), day_rank = ranked(days);

  nlohmann::ordered_json out;
  out["platform"] = options.platform;
  out["status"] = "ok";
  out["window"] =
      from < 0 ? nlohmann::ordered_json()
               : nlohmann::ordered_json{{"from", format_date(from)}, {"to", format_date(to)}, {"days", to - from + 1}};
  out["sample_size"] = mine.size();
  nlohmann::ordered_json best_hours = nlohmann::ordered_json::array(), best_days = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < hour_rank.size() && i < 3; ++i) best_hours.push_back(hour_rank[i]);
  for (std::size_t i = 0; i < day_rank.size() && i < 3; ++i) best_days.push_back(weekday_name(day_rank[i]));
  nlohmann::ordered_json hourly = nlohmann::ordered_json::object(), hourly_posts = nlohmann::ordered_json::object(),
                         daily = nlohmann::ordered_json::object(), daily_posts = nlohmann::ordered_json::object();
  for (const auto& [h, s] : hours) {
    hourly[std::to_string(h)] = round_to(s.mean(), 6);
    hourly_posts[std::to_string(h)] = s.posts;
  }
  for (const auto& [d, s] : days) {
    daily[weekday_name(d)] = round_to(s.mean(), 6);
    daily_posts[weekday_name(d)] = s.posts;
  }

  const bool enough = mine.size() >= kMinBestTimeSample && hour_rank.size() >= 3;
  if (!enough) {
    out["status"] = "not_enough_data";
    std::string known;
    for (const std::string& p : platforms) known += (known.empty() ? "" : ", ") + p;
    out["message"] =
        "not enough data for '" + options.platform + "': " + std::to_string(mine.size()) +
        " posts with a posting hour" +
        (from < 0 ? std::string(" (the database has no outcomes)")
                  : " from " + format_date(from) + " to " + format_date(to)) +
        "; need at least " + std::to_string(kMinBestTimeSample) + " posts and 3 hours with " +
        std::to_string(kMinPostsPerSlot) + " posts each" +
        (platforms.count(options.platform) || known.empty() ? "" : " (platforms with data: " + known + ")");
  }
  out["best_hours"] = enough ? best_hours : nlohmann::ordered_json::array();
  out["best_days"] = enough ? best_days : nlohmann::ordered_json::array();
  out["hourly_performance"] = hourly;
  out["hourly_posts"] = hourly_posts;
  out["daily_performance"] = daily;
  out["daily_posts"] = daily_posts;
  // The weekday x hour grid (a heatmap's cells): per weekday, 24 mean rates (null without posts) and 24 post counts.
  nlohmann::ordered_json grid = nlohmann::ordered_json::object(), grid_posts = nlohmann::ordered_json::object();
  for (int d = 0; d < 7; ++d) {
    nlohmann::ordered_json rates = nlohmann::ordered_json::array(), posts = nlohmann::ordered_json::array();
    for (int h = 0; h < 24; ++h) {
      const auto it = day_hours.find({d, h});
      rates.push_back(it == day_hours.end() ? nlohmann::ordered_json()
                                            : nlohmann::ordered_json(round_to(it->second.mean(), 6)));
      posts.push_back(it == day_hours.end() ? 0 : it->second.posts);
    }
    grid[weekday_name(d)] = rates;
    grid_posts[weekday_name(d)] = posts;
  }
  out["weekday_hour_performance"] = grid;
  out["weekday_hour_posts"] = grid_posts;

  nlohmann::ordered_json confidence, method, detail;
  nlohmann::ordered_json by_method = {{"timing_bandit_posterior", nullptr}, {"bootstrap", nullptr}};
  if (enough && options.resamples > 0) {
    const int top = hour_rank.front();
    const double boot = bootstrap_confidence(mine, hour_rank, top, options.resamples, options.seed);
    by_method["bootstrap"] = round_to(boot, 4);
    bool in_bandit = false;
    for (const HourPosterior& h : timing) in_bandit = in_bandit || (h.hour == top && h.pulls > 0);
    if (in_bandit) {
      const double post = posterior_confidence(timing, top, options.resamples, options.seed);
      by_method["timing_bandit_posterior"] = round_to(post, 4);
      confidence = round_to(post, 4);
      method = "timing_bandit_posterior";
      detail = "probability that " + hour_label(top) +
               " UTC has the highest success rate under the timing bandit's Beta posteriors "
               "(bandit_arms scope 'timing', learned over all platforms), from " +
               std::to_string(options.resamples) + " seeded draws";
    } else {
      confidence = round_to(boot, 4);
      method = "bootstrap";
      detail = "share of " + std::to_string(options.resamples) +
               " seeded bootstrap resamples of this platform's posts in which " + hour_label(top) +
               " UTC keeps the highest mean engagement" +
               (timing.empty() ? " (no timing bandit state: run 'learnloop learn' first)"
                               : " (the timing bandit has no pulls at this hour)");
    }
  }
  std::vector<GroupSums> hour_groups, day_groups;
  hour_groups.reserve(hour_sums.size());
  day_groups.reserve(day_sums.size());
  for (auto& [h, g] : hour_sums) hour_groups.push_back({hour_label(h), g.posts, g.sum, g.sum_sq});
  for (auto& [d, g] : day_sums) day_groups.push_back({weekday_name(d), g.posts, g.sum, g.sum_sq});
  const Finding hour_finding = compare_best_two(hour_groups), day_finding = compare_best_two(day_groups);
  out["findings"] = {
      {"rule", finding_rule_text()}, {"hour", hour_finding_json(hour_finding)}, {"weekday", finding_json(day_finding)}};
  out["answer"] = {{"hour", finding_sentence(hour_finding, "posting hours on " + options.platform, " UTC")},
                   {"weekday", finding_sentence(day_finding, "weekdays on " + options.platform, "")}};
  out["confidence"] = confidence;
  out["method"] = method;
  out["method_detail"] = detail;
  out["confidence_by_method"] = by_method;
  return out;
}

Result<std::vector<HourPosterior>> read_timing_posterior(Database& db) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT arm_name, alpha, beta, pulls FROM bandit_arms WHERE scope = 'timing' ORDER BY arm_name");
  if (!rows.ok()) return rows.error();
  std::vector<HourPosterior> out;
  for (const std::vector<SqlValue>& r : rows.value()) {
    const std::string name = sql_text(r[0]);
    if (name.size() != 3 || name[0] != 'h' || !std::isdigit(static_cast<unsigned char>(name[1])) ||
        !std::isdigit(static_cast<unsigned char>(name[2])))
      continue;
    const int hour = (name[1] - '0') * 10 + (name[2] - '0');
    const double alpha = sql_number(r[1]), beta = sql_number(r[2]);
    if (hour > 23 || !(alpha > 0) || !(beta > 0)) continue;
    out.push_back({hour, alpha, beta, static_cast<std::int64_t>(sql_number(r[3]))});
  }
  return out;
}

Result<nlohmann::ordered_json> best_time_to_post(Database& db, const BestTimeOptions& options) {
  if (options.platform.empty()) return invalid_argument("missing platform; expected a platform name such as tiktok");
  if (options.resamples < 0 || options.resamples > 1000000)
    return invalid_argument("resamples must be in [0, 1000000], got " + std::to_string(options.resamples));
  Result<WindowHistory> window = read_window_history(db, options.date, options.days, /*with_retention=*/false);
  if (!window.ok()) return window.error();
  Result<std::vector<HourPosterior>> timing = read_timing_posterior(db);
  if (!timing.ok()) return timing.error();
  return compute_best_time(window.value().outcomes, timing.value(), options, window.value().from, window.value().to);
}

}  // namespace learnloop
