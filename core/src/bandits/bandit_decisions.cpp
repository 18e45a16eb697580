// The decision API of every bandit: the full arm distribution (probabilities), many picks drawn
// from it with exact propensities (select_many), an exploration floor and allowed arms. The
// policies give their own distribution over the allowed arms; the floor is mixed in here, once.
// Neither call records a reward; probabilities() changes nothing at all.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "learnloop/core/format.hpp"
#include "policies.hpp"

namespace learnloop {

Status check_serving(double floor, const std::vector<std::string>& allowed, const std::vector<std::string>& arms) {
  if (!std::isfinite(floor) || floor < 0 || floor >= 1)
    return invalid_argument("floor is " + format_number(floor) + "; expected a probability in [0, 1)");
  std::set<std::string> seen;
  std::string unknown;
  for (const std::string& name : allowed) {
    if (!seen.insert(name).second) return invalid_argument("allowed arms list '" + name + "' twice");
    if (std::find(arms.begin(), arms.end(), name) == arms.end())
      unknown += (unknown.empty() ? "'" : ", '") + name + "'";
  }
  if (!unknown.empty()) {
    std::string known;
    for (std::size_t i = 0; i < arms.size() && i < 30; ++i) known += (i ? ", " : "") + arms[i];
    if (arms.size() > 30) known += ", ...";
    return invalid_argument("allowed arms name unknown arms: " + unknown + "; the arms are " +
                            (known.empty() ? std::string("none") : known));
  }
  const std::size_t k = allowed.empty() ? arms.size() : allowed.size();
  if (floor * static_cast<double>(k) > 1)
    return invalid_argument("floor " + format_number(floor) + " x " + std::to_string(k) +
                            " allowed arms = " + format_number(round_to(floor * static_cast<double>(k), 6)) +
                            " > 1: no distribution gives every arm that much; expected floor <= 1 / " +
                            std::to_string(k) + " = " + format_number(round_to(1.0 / static_cast<double>(k), 6)));
  return {};
}

Status Bandit::set_serving(double floor, const std::vector<std::string>& allowed) {
  if (Status s = check_serving(floor, allowed, names_); !s.ok()) return s;
  config_.floor = floor;
  config_.allowed = allowed;
  return {};
}

void Bandit::reseed(std::uint64_t seed, std::uint64_t stream) { rng_ = Rng(seed, stream); }

// 1 for each arm both the configured allowed set and the call's allow (empty: no restriction).
Result<std::vector<char>> Bandit::allowed_mask(const AllowedArms& allowed) const {
  if (names_.empty()) return invalid_argument("the bandit has no arms; add one with add_arm first");
  if (allowed && allowed->empty())
    return invalid_argument("allowed is empty; expected at least one arm (give no allowed set to allow every arm)");
  std::vector<char> mask(names_.size(), 1);
  if (!config_.allowed.empty()) {
    std::fill(mask.begin(), mask.end(), 0);
    for (const std::string& name : config_.allowed) mask[arm_index(name).value()] = 1;
  }
  if (allowed) {
    if (Status s = check_serving(0, *allowed, names_); !s.ok()) return s.error();
    std::vector<char> call(names_.size(), 0);
    for (const std::string& name : *allowed) call[arm_index(name).value()] = 1;
    std::string outside;
    for (std::size_t i = 0; i < mask.size(); ++i) {
      if (call[i] && !mask[i]) outside += (outside.empty() ? "'" : ", '") + names_[i] + "'";
      mask[i] = static_cast<char>(mask[i] && call[i]);
    }
    if (std::find(mask.begin(), mask.end(), 1) == mask.end())
      return invalid_argument("no arm is allowed: the call allows only " + outside +
                              ", which the bandit's own allowed arms exclude");
  }
  return mask;
}

Result<std::vector<double>> Bandit::probabilities(const std::vector<double>& context,
                                                  const AllowedArms& allowed) const {
  Result<std::vector<char>> mask = allowed_mask(allowed);
  if (!mask.ok()) return mask.error();
  if (Status s = check_context(context, ""); !s.ok()) return s.error();
  std::vector<double> p = do_probabilities(context.empty() ? nullptr : context.data(), mask.value());
  const double k = static_cast<double>(std::count(mask.value().begin(), mask.value().end(), 1));
  const double floor = config_.floor;
  if (floor > 0) {
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = mask.value()[i] ? floor + (1 - floor * k) * p[i] : 0.0;
  }
  return p;
}

Result<std::vector<Selection>> Bandit::select_many(std::size_t n, const std::vector<double>& context,
                                                   const AllowedArms& allowed) {
  if (n > kMaxSelectMany)
    return invalid_argument("n is " + std::to_string(n) + "; expected at most " + std::to_string(kMaxSelectMany));
  Result<std::vector<double>> p = probabilities(context, allowed);
  if (!p.ok()) return p.error();
  const std::vector<double>& probs = p.value();
  std::size_t last = 0;  // the last arm with mass, so rounding in the running sum never picks an arm without it
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] > 0) last = i;
  }
  std::vector<Selection> picks;
  picks.reserve(n);
  for (std::size_t j = 0; j < n; ++j) {
    const double u = rng_.uniform();
    double cumulative = 0;
    std::size_t arm = last;
    for (std::size_t i = 0; i < probs.size(); ++i) {
      cumulative += probs[i];
      if (probs[i] > 0 && u < cumulative) {
        arm = i;
        break;
      }
    }
    picks.push_back({arm, probs[arm]});
  }
  return picks;
}

namespace bandits {

std::vector<double> shared_among_best(const std::vector<double>& scores, const std::vector<char>& allowed) {
  std::vector<double> masked(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    masked[i] = allowed[i] ? scores[i] : -std::numeric_limits<double>::infinity();
  std::vector<std::size_t> best;
  for (std::size_t i : argmax_set(masked)) {
    if (allowed[i]) best.push_back(i);
  }
  std::vector<double> p(scores.size(), 0.0);
  for (std::size_t i : best) p[i] = 1.0 / static_cast<double>(best.size());
  return p;
}

}  // namespace bandits
}  // namespace learnloop
