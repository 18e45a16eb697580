// Fuzz target: CSV text through parse_csv (columns as numbers and strings) and through ingest.
#include "ingest_target.hpp"
#include "learnloop/text/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = learnloop::fuzz::text(data, size);
  learnloop::Result<learnloop::CsvTable> table = learnloop::parse_csv(text);
  if (table.ok()) {
    for (const std::string& name : table.value().header) {
      (void)table.value().numbers(name);
      (void)table.value().strings(name);
    }
  }
  learnloop::fuzz::ingest_once(text, "csv");
  return 0;
}
