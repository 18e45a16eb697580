// Fuzz target: EMQ conversion events (JSON Lines) for both platforms' field weights.
#include "fuzz_input.hpp"
#include "learnloop/analytics/data_quality.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = learnloop::fuzz::text(data, size);
  (void)learnloop::analyze_event_quality_batch(text, "meta");
  (void)learnloop::analyze_event_quality_batch(text, "google");
  return 0;
}
