// Random tie-breaking helpers shared by the policies.
#include "policies.hpp"

namespace learnloop::bandits {

std::size_t uniform_index(Rng& rng, std::size_t n) {
  const auto i = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
  return i < n ? i : n - 1;
}

std::vector<std::size_t> argmax_set(const std::vector<double>& scores) {
  std::vector<std::size_t> best;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (best.empty() || scores[i] > scores[best[0]]) {
      best.assign(1, i);
    } else if (scores[i] == scores[best[0]]) {
      best.push_back(i);
    }
  }
  return best;
}

Selection pick_among(Rng& rng, const std::vector<std::size_t>& tied) {
  if (tied.size() == 1) return {tied[0], 1.0};
  return {tied[uniform_index(rng, tied.size())], 1.0 / static_cast<double>(tied.size())};
}

}  // namespace learnloop::bandits
