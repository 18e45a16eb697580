// The incremental CSV reader: a state machine over bytes that carries a half-read record, an open
// quote, a quote or a CR at the end of a chunk over to the next chunk.
#include "learnloop/text/csv_stream.hpp"

namespace learnloop {

Status CsvStreamReader::end_row(const RecordFn& on_record) {
  ends_.push_back(buf_.size());
  const bool blank = ends_.size() == 1 && ends_[0] == 0 && !field_was_quoted_;
  Status s;
  if (!blank) {
    if (!header_seen_) {
      header_seen_ = true;
      header_size_ = ends_.size();
      record_.header = true;
    } else if (ends_.size() != header_size_) {
      s = invalid_argument("line " + std::to_string(row_line_) + " has " + std::to_string(ends_.size()) +
                           " fields; expected " + std::to_string(header_size_) + " like the header");
    } else {
      record_.header = false;
    }
    if (s.ok()) {
      record_.line = row_line_;
      record_.fields.clear();
      std::size_t start = 0;
      for (const std::size_t end : ends_) {
        record_.fields.emplace_back(buf_.data() + start, end - start);
        start = end;
      }
      s = on_record(record_);
    }
  }
  buf_.clear();
  ends_.clear();
  field_was_quoted_ = false;
  row_line_ = line_;
  return s;
}

Status CsvStreamReader::feed(std::string_view chunk, const RecordFn& on_record) {
  const char* p = chunk.data();
  const std::size_t n = chunk.size();
  std::size_t i = 0;
  while (i < n) {
    if (cr_pending_) {
      cr_pending_ = false;
      if (p[i] == '\n') {
        ++i;
        continue;
      }
    }
    if (quote_pending_) {
      quote_pending_ = false;
      if (p[i] == '"') {
        buf_ += '"';
        ++i;
        continue;
      }
      quoted_ = false;  // the quote closed the field; p[i] is read below as unquoted text
    }
    if (quoted_) {
      std::size_t j = i;
      while (j < n && p[j] != '"') {
        if (p[j] == '\n') ++line_;
        ++j;
      }
      buf_.append(p + i, j - i);
      i = j;
      if (i == n) break;
      if (i + 1 == n) {
        quote_pending_ = true;
      } else if (p[i + 1] == '"') {
        buf_ += '"';
        ++i;
      } else {
        quoted_ = false;
      }
      ++i;
      continue;
    }
    const char c = p[i];
    if (c == '"' && buf_.size() == field_start()) {
      quoted_ = true;
      field_was_quoted_ = true;
      ++i;
    } else if (c == ',') {
      ends_.push_back(buf_.size());
      ++i;
    } else if (c == '\n' || c == '\r') {
      ++i;
      if (c == '\r') {
        if (i == n) {
          cr_pending_ = true;
        } else if (p[i] == '\n') {
          ++i;
        }
      }
      ++line_;
      if (Status s = end_row(on_record); !s.ok()) return s;
    } else {
      std::size_t j = i + 1;
      while (j < n && p[j] != ',' && p[j] != '\n' && p[j] != '\r') ++j;
      buf_.append(p + i, j - i);
      i = j;
    }
  }
  return {};
}

Status CsvStreamReader::finish(const RecordFn& on_record) {
  if (quote_pending_) {
    quote_pending_ = false;
    quoted_ = false;
  }
  cr_pending_ = false;
  if (quoted_) return invalid_argument("line " + std::to_string(row_line_) + " has a quote that is never closed");
  if (buf_.size() > field_start() || !ends_.empty() || field_was_quoted_) {
    if (Status s = end_row(on_record); !s.ok()) return s;
  }
  if (!header_seen_) return invalid_argument("the CSV text is empty; expected a header line");
  return {};
}

}  // namespace learnloop
