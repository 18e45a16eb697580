// Fuzz target: fvecs bytes and id lines; rows that parse must write back to bytes that parse the same.
#include "fuzz_input.hpp"
#include "learnloop/embeddings/fvecs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using learnloop::fuzz::require;
  const std::string bytes = learnloop::fuzz::text(data, size);
  (void)learnloop::parse_id_lines(bytes);
  auto rows = learnloop::parse_fvecs(bytes);
  if (!rows.ok()) return 0;
  auto again = learnloop::parse_fvecs(learnloop::to_fvecs(rows.value()));
  require(again.ok() && again.value().rows == rows.value().rows && again.value().dim == rows.value().dim,
          "written fvecs read back with the same shape");
  return 0;
}
