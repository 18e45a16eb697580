// CSV text to columns (RFC 4180: quoted fields, doubled quotes, CRLF or LF). Parsing only: the
// host reads the file. Errors name the line, so users can fix their data.
#pragma once

#include <string>
#include <vector>

#include "learnloop/core/status.hpp"

namespace learnloop {

/// A parsed CSV file: a header row and data rows of equal width.
struct CsvTable {
  std::vector<std::string> header;             ///< column names from the first line
  std::vector<std::vector<std::string>> rows;  ///< data rows, each header.size() fields
  std::vector<std::size_t> line_numbers;       ///< 1-based line (or record number) at which each row starts
  std::string row_label = "line";              ///< what line_numbers count: "line" for files, "record" for JSON records

  /// "line 17" (or "record 17") for row r, for messages.
  std::string where(std::size_t r) const { return row_label + " " + std::to_string(line_numbers[r]); }

  /// Index of column `name`, or not_found listing the columns there are.
  Result<std::size_t> column(const std::string& name) const;
  /// Column `name` as numbers; an error names the line and the bad text.
  Result<std::vector<double>> numbers(const std::string& name) const;
  /// Column `name` as text.
  Result<std::vector<std::string>> strings(const std::string& name) const;
};

/// Parses CSV text with a header line; fails on ragged rows or unterminated quotes.
Result<CsvTable> parse_csv(const std::string& text);

}  // namespace learnloop
