// CSV read in pieces: the same RFC 4180 rules and messages as parse_csv() (quoted fields, doubled quotes,
// CRLF or LF, blank lines skipped, rows as wide as the header), but fed one chunk at a time and handing out
// one record at a time, so a file of any size is read with the memory of its longest record.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// One CSV record: its fields (views valid during the callback only) and the 1-based line it starts on.
struct CsvRecord {
  std::size_t line = 0;                  ///< line at which the record starts
  bool header = false;                   ///< true for the first record (the header line)
  std::vector<std::string_view> fields;  ///< the record's fields, unquoted
};

/// Incremental CSV reader: feed() chunks split anywhere (inside quotes, between CR and LF), then finish().
class CsvStreamReader {
 public:
  /// Called for each record, the header first; a failed status stops the reader and is returned by feed()/finish().
  using RecordFn = std::function<Status(const CsvRecord&)>;

  /// Reads `chunk`, calling `on_record` for every record it completes; errors name the line (ragged rows).
  Status feed(std::string_view chunk, const RecordFn& on_record);
  /// Ends the input: hands out the last record, refuses an unclosed quote and a text without a header.
  Status finish(const RecordFn& on_record);
  /// Number of header fields (0 before the header).
  std::size_t header_size() const { return header_size_; }

 private:
  Status end_row(const RecordFn& on_record);
  std::size_t field_start() const { return ends_.empty() ? 0 : ends_.back(); }

  std::string buf_;                // the current record's field bytes, back to back
  std::vector<std::size_t> ends_;  // end offset in buf_ of every finished field of the current record
  CsvRecord record_;               // reused for each record handed out
  bool quoted_ = false;            // inside a quoted field
  bool quote_pending_ = false;     // a quote inside a quoted field ended the last chunk: escaped or closing
  bool cr_pending_ = false;        // a CR ended a row at the end of the last chunk: an LF next belongs to it
  bool field_was_quoted_ = false;  // some field of the current record was quoted
  bool header_seen_ = false;
  std::size_t header_size_ = 0;
  std::size_t line_ = 1;
  std::size_t row_line_ = 1;
};

}  // namespace learnloop
