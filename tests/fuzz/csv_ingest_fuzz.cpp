// Fuzz target: CSV text through parse_csv (columns as numbers and strings), through the chunked reader cut into
// pieces of 1 to 8 bytes (it must give parse_csv's records or its error), and through ingest.
#include <string_view>

#include "ingest_target.hpp"
#include "learnloop/text/csv.hpp"
#include "learnloop/text/csv_stream.hpp"

namespace {

// `text` fed to a CsvStreamReader `chunk` bytes at a time agrees with `whole` (parse_csv of the same text).
void require_chunked_agrees(const std::string& text, std::size_t chunk,
                            const learnloop::Result<learnloop::CsvTable>& whole) {
  learnloop::CsvStreamReader reader;
  std::size_t records = 0;
  bool same = true;
  const learnloop::CsvStreamReader::RecordFn check = [&](const learnloop::CsvRecord& r) -> learnloop::Status {
    if (whole.ok()) {
      const learnloop::CsvTable& t = whole.value();
      const std::vector<std::string>* expected = records == 0               ? &t.header
                                                 : records <= t.rows.size() ? &t.rows[records - 1]
                                                                            : nullptr;
      same = same && expected != nullptr && expected->size() == r.fields.size() &&
             (records == 0 || t.line_numbers[records - 1] == r.line);
      for (std::size_t i = 0; same && i < r.fields.size(); ++i) same = (*expected)[i] == r.fields[i];
    }
    ++records;
    return {};
  };
  learnloop::Status s;
  const std::string_view all(text);
  for (std::size_t at = 0; s.ok() && at < all.size(); at += chunk) s = reader.feed(all.substr(at, chunk), check);
  if (s.ok()) s = reader.finish(check);
  learnloop::fuzz::require(s.ok() == whole.ok(), "the chunked reader accepts exactly what parse_csv accepts");
  if (!s.ok()) learnloop::fuzz::require(s.error().message == whole.error().message, "the same error message");
  if (s.ok()) learnloop::fuzz::require(same && records == whole.value().rows.size() + 1, "the same records and lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = learnloop::fuzz::text(data, size);
  learnloop::Result<learnloop::CsvTable> table = learnloop::parse_csv(text);
  if (table.ok()) {
    for (const std::string& name : table.value().header) {
      (void)table.value().numbers(name);
      (void)table.value().strings(name);
    }
  }
  require_chunked_agrees(text, 1 + size % 8, table);
  learnloop::fuzz::ingest_once(text, "csv");
  return 0;
}
