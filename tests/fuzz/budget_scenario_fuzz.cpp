// Fuzz target: budget scenario JSON, simulated with few iterations when it reads.
#include <algorithm>

#include "fuzz_input.hpp"
#include "learnloop/analytics/budget_simulator.hpp"
#include "learnloop/core/json_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = learnloop::parse_json(learnloop::fuzz::text(data, size));
  if (!json.ok()) return 0;
  auto spec = learnloop::budget_spec_from_json(json.value());
  if (!spec.ok()) return 0;
  spec.value().iterations = std::min<std::uint64_t>(spec.value().iterations, 20);
  (void)learnloop::simulate_budget(spec.value());
  return 0;
}
