// The finding rule (see clear_finding.hpp): rank groups by mean, compare the top two under a
// normal approximation of each mean, and call the top one a finding at kClearFindingChance.
#include "learnloop/analytics/clear_finding.hpp"

#include <algorithm>
#include <cmath>

#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

// Variance of a group's mean: the sample variance (n - 1 denominator) over n; 0 below two values.
double variance_of_mean(const GroupSums& g) {
  if (g.posts < 2) return 0;
  const double n = static_cast<double>(g.posts);
  const double var = std::max(0.0, (g.sum_sq - g.sum * g.sum / n) / (n - 1));
  return var / n;
}

}  // namespace

double chance_mean_beats(const GroupSums& a, const GroupSums& b) {
  const double diff = a.mean() - b.mean();
  const double spread = std::sqrt(variance_of_mean(a) + variance_of_mean(b));
  if (!(spread > 0)) return diff > 0 ? 1.0 : diff < 0 ? 0.0 : 0.5;
  return 0.5 * std::erfc(-diff / (spread * std::sqrt(2.0)));
}

Finding compare_best_two(const std::vector<GroupSums>& groups) {
  Finding f;
  const GroupSums *best = nullptr, *second = nullptr;
  for (const GroupSums& g : groups) {
    if (g.posts < kMinFindingPosts) continue;
    ++f.groups;
    if (!best || g.mean() > best->mean()) {
      second = best;
      best = &g;
    } else if (!second || g.mean() > second->mean()) {
      second = &g;
    }
  }
  if (!second) {
    f.status = "not_enough_data";
    return f;
  }
  f.best = best->key;
  f.runner_up = second->key;
  f.best_mean = best->mean();
  f.runner_up_mean = second->mean();
  f.best_posts = best->posts;
  f.runner_up_posts = second->posts;
  f.chance = chance_mean_beats(*best, *second);
  f.status = f.chance >= kClearFindingChance ? "clear" : "no_clear_difference";
  return f;
}

std::string chance_percent(double chance) {
  return chance > 0.995 ? std::string(">99%") : format_number(round_to(chance * 100, 0)) + "%";
}

std::string finding_rule_text() {
  return "the best group is a finding when the chance that its mean engagement beats the runner-up's is at least " +
         format_number(kClearFindingChance * 100) + "% (normal approximation of each mean; groups of at least " +
         std::to_string(kMinFindingPosts) + " posts); otherwise there is no clear difference";
}

nlohmann::ordered_json finding_json(const Finding& f) {
  nlohmann::ordered_json out;
  out["status"] = f.status;
  if (f.status == "not_enough_data") {
    out["best"] = nullptr;
    out["runner_up"] = nullptr;
    out["chance_beats_runner_up"] = nullptr;
  } else {
    out["best"] = f.best;
    out["runner_up"] = f.runner_up;
    out["chance_beats_runner_up"] = round_to(f.chance, 4);
    out["best_mean"] = round_to(f.best_mean, 6);
    out["runner_up_mean"] = round_to(f.runner_up_mean, 6);
    out["posts"] = {f.best_posts, f.runner_up_posts};
  }
  out["groups_compared"] = f.groups;
  return out;
}

nlohmann::ordered_json hour_finding_json(const Finding& f) {
  nlohmann::ordered_json out = finding_json(f);
  for (const char* key : {"best", "runner_up"}) {
    if (out[key].is_string()) out[key] = std::stoi(out[key].get<std::string>().substr(0, 2));
  }
  return out;
}

std::string finding_sentence(const Finding& f, const std::string& what, const std::string& suffix) {
  if (f.status == "not_enough_data")
    return "Not enough data to compare " + what + ": fewer than two have " + std::to_string(kMinFindingPosts) +
           " posts";
  const std::string chance = chance_percent(f.chance);
  const std::string pair = f.best + suffix + " (" + format_percent(f.best_mean) + " mean engagement over " +
                           std::to_string(f.best_posts) + " posts) and " + f.runner_up + suffix + " (" +
                           format_percent(f.runner_up_mean) + " over " + std::to_string(f.runner_up_posts) + ")";
  if (f.status == "clear")
    return f.best + suffix + " beats " + f.runner_up + suffix + " (" + format_percent(f.best_mean) + " vs " +
           format_percent(f.runner_up_mean) + " mean engagement) with " + chance + " probability";
  return "No clear difference between " + what + ": " + pair + "; " + f.best + suffix + " is ahead with only " +
         chance + " probability (a finding needs " + format_number(kClearFindingChance * 100) + "%)";
}

}  // namespace learnloop
