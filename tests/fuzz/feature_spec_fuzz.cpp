// Fuzz target: feature specs; a spec that reads must write and read again to the same JSON.
#include "fuzz_input.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/predictors/feature_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using learnloop::fuzz::require;
  auto json = learnloop::parse_json(learnloop::fuzz::text(data, size));
  if (!json.ok()) return 0;
  auto spec = learnloop::feature_spec_from_json(json.value());
  if (!spec.ok()) return 0;
  const auto written = learnloop::feature_spec_to_json(spec.value());
  auto again = learnloop::feature_spec_from_json(nlohmann::json::parse(written.dump()));
  require(again.ok(), "a written feature spec reads again");
  require(learnloop::feature_spec_to_json(again.value()) == written, "feature spec round trip is stable");
  return 0;
}
