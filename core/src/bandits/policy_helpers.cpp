// Random tie-breaking helpers shared by the policies.
#include "policies.hpp"

namespace learnloop::bandits {

std::size_t uniform_index(Rng& rng, std::size_t n) {
  const auto i = static_cast<std::size_t>(rng.uniform() * static_cast<double>(n));
  return i < n ? i : n - 1;
}

Selection pick_among(Rng& rng, const std::vector<std::size_t>& tied) {
  if (tied.size() == 1) return {tied[0], 1.0};
  return {tied[uniform_index(rng, tied.size())], 1.0 / static_cast<double>(tied.size())};
}

}  // namespace learnloop::bandits
