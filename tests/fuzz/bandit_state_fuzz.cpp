// Fuzz target: bandit state JSON (bandit_from_json); a state that loads must save and load again.
#include "fuzz_input.hpp"
#include "learnloop/bandits/bandit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using learnloop::fuzz::require;
  auto bandit = learnloop::bandit_from_json(learnloop::fuzz::text(data, size));
  if (!bandit.ok()) return 0;
  const std::string saved = bandit.value()->to_json();
  auto again = learnloop::bandit_from_json(saved);
  require(again.ok(), "a loaded bandit state loads again after to_json()");
  require(again.value()->to_json() == saved, "to_json() of a reloaded state gives the same bytes");
  return 0;
}
