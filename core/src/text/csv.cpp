// A CSV text as a table of strings (CsvStreamReader's rules, the whole text as one chunk), and its columns as
// numbers or strings.
#include "learnloop/text/csv.hpp"

#include <nlohmann/json.hpp>

#include "learnloop/core/json_depth.hpp"
#include "learnloop/text/csv_stream.hpp"

namespace learnloop {

Result<CsvTable> parse_csv(const std::string& text) {
  CsvTable table;
  const CsvStreamReader::RecordFn keep = [&table](const CsvRecord& record) -> Status {
    std::vector<std::string> fields(record.fields.begin(), record.fields.end());
    if (record.header) {
      table.header = std::move(fields);
    } else {
      table.rows.push_back(std::move(fields));
      table.line_numbers.push_back(record.line);
    }
    return {};
  };
  CsvStreamReader reader;
  if (Status s = reader.feed(text, keep); !s.ok()) return s.error();
  if (Status s = reader.finish(keep); !s.ok()) return s.error();
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
