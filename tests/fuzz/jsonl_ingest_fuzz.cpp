// Fuzz target: JSON Lines text through ingest into the outcomes table.
#include "ingest_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  learnloop::fuzz::ingest_once(learnloop::fuzz::text(data, size), "jsonl");
  return 0;
}
