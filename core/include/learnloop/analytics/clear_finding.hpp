// The one rule for calling a best group a finding: the top group (hour, weekday, content type,
// platform) is a finding only when the chance that its mean beats the runner-up's is at least
// kClearFindingChance; otherwise the answer is "no clear difference". The chance is the posterior
// probability under a normal approximation of each group's mean (flat prior; mean m, variance s^2/n),
// so it is deterministic, needs no seed and costs one pass over the groups' sums.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace learnloop {

/// The chance the best group must have of beating the runner-up to be reported as a finding.
constexpr double kClearFindingChance = 0.9;

/// Fewest posts a group needs to take part in a comparison.
constexpr std::size_t kMinFindingPosts = 5;

/// Sums of one group's values (e.g. the engagement rates of the posts at one hour).
struct GroupSums {
  std::string key;        ///< the group's name as shown ("13:00", "Monday", "tiktok")
  std::size_t posts = 0;  ///< values summed
  double sum = 0;         ///< sum of the values
  double sum_sq = 0;      ///< sum of the squared values

  /// Adds one value.
  void add(double v) {
    ++posts;
    sum += v;
    sum_sq += v * v;
  }
  /// Mean of the values; 0 when empty.
  double mean() const { return posts ? sum / static_cast<double>(posts) : 0; }
};

/// The comparison of the best group with the runner-up.
struct Finding {
  std::string status;               ///< "clear", "no_clear_difference" or "not_enough_data"
  std::string best, runner_up;      ///< keys ("" when not_enough_data)
  double best_mean = 0;             ///< mean of the best group
  double runner_up_mean = 0;        ///< mean of the runner-up
  std::size_t best_posts = 0;       ///< posts of the best group
  std::size_t runner_up_posts = 0;  ///< posts of the runner-up
  double chance = 0;                ///< P(best's mean > runner-up's mean), in [0.5, 1]
  std::size_t groups = 0;           ///< groups with at least kMinFindingPosts posts
};

/// P(mean of a > mean of b) under independent normal approximations of the two means.
double chance_mean_beats(const GroupSums& a, const GroupSums& b);

/// Compares the two groups with the highest means among those with kMinFindingPosts posts or more
/// (ties: the earlier group in `groups` ranks first); fewer than two such groups is not_enough_data.
Finding compare_best_two(const std::vector<GroupSums>& groups);

/// The finding as JSON: {status, best, runner_up, chance_beats_runner_up, best_mean, runner_up_mean, posts, rule}.
nlohmann::ordered_json finding_json(const Finding& finding);

/// A chance as a percentage for a sentence: "93%", and ">99%" above 0.995 (never "100%").
std::string chance_percent(double chance);

/// The rule in one sentence, as stored with the findings.
std::string finding_rule_text();

/// finding_json() of groups keyed by hour labels ("13:00"), with best and runner_up as the integers 0-23.
nlohmann::ordered_json hour_finding_json(const Finding& finding);

/// One plain sentence: "13:00 UTC beats 18:00 UTC (4.8% vs 3.9% mean engagement) with 93% probability" or
/// "no clear difference: ..."; `what` names the groups ("posting hours"), `suffix` follows each key (" UTC").
std::string finding_sentence(const Finding& finding, const std::string& what, const std::string& suffix);

}  // namespace learnloop
