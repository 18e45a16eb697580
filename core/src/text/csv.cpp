// A small RFC 4180 CSV reader: one pass over the text, fields kept as strings.
#include "learnloop/text/csv.hpp"

#include <nlohmann/json.hpp>

#include "learnloop/core/json_depth.hpp"

namespace learnloop {

Result<CsvTable> parse_csv(const std::string& text) {
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_was_quoted = false;
  std::size_t line = 1;
  std::size_t row_line = 1;
  auto end_row = [&]() -> Status {
    row.push_back(field);
    field.clear();
    const bool blank = row.size() == 1 && row[0].empty() && !field_was_quoted;
    if (!blank) {
      if (table.header.empty()) {
        table.header = row;
      } else if (row.size() != table.header.size()) {
        return invalid_argument("line " + std::to_string(row_line) + " has " + std::to_string(row.size()) +
                                " fields; expected " + std::to_string(table.header.size()) + " like the header");
      } else {
        table.rows.push_back(row);
        table.line_numbers.push_back(row_line);
      }
    }
    row.clear();
    field_was_quoted = false;
    row_line = line;
    return {};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
      field_was_quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      Status s = end_row();
      if (!s.ok()) return s.error();
    } else {
      field += c;
    }
  }
  if (quoted) return invalid_argument("line " + std::to_string(row_line) + " has a quote that is never closed");
  if (!field.empty() || !row.empty() || field_was_quoted) {
    Status s = end_row();
    if (!s.ok()) return s.error();
  }
  if (table.header.empty()) return invalid_argument("the CSV text is empty; expected a header line");
  return table;
}

Result<std::size_t> CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  std::string names;
  for (const std::string& h : header) names += (names.empty() ? "" : ", ") + (h.empty() ? std::string("(unnamed)") : h);
  return Error{ErrorCode::kNotFound, "no column '" + name + "'; the columns are: " + names};
}

Result<std::vector<double>> CsvTable::numbers(const std::string& name) const {
  Result<std::size_t> col = column(name);
  if (!col.ok()) return col.error();
  std::vector<double> out;
  out.reserve(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& text = rows[r][col.value()];
    nlohmann::json parsed = parse_json_or_discarded<nlohmann::json>(text);
    if (text.empty() || !parsed.is_number())
      return invalid_argument(where(r) + ": column '" + name + "' has '" + text + "'; expected a number");
    out.push_back(parsed.get<double>());
  }
  return out;
}

Result<std::vector<std::string>> CsvTable::strings(const std::string& name) const {
  Result<std::size_t> col = column(name);
  if (!col.ok()) return col.error();
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[col.value()]);
  return out;
}

}  // namespace learnloop
