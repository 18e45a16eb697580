// Fuzz target: virality content JSON, scored against an empty history when it reads.
#include "fuzz_input.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/json_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = learnloop::parse_json(learnloop::fuzz::text(data, size));
  if (!json.ok()) return 0;
  std::vector<std::string> unused;
  (void)learnloop::parse_content_features(json.value(), &unused);
  return 0;
}
