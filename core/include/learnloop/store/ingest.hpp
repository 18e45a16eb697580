// Ingest of CSV or JSON Lines text into a metric table: header mapping, per-column type checks,
// one transaction. Bad rows are reported with their line numbers; nothing is written unless
// every row is good, or skip_bad is set (then the good rows are written and the bad ones listed).
// The input streams in chunks (a ChunkSource): memory holds one chunk and one record, not the file.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learnloop/core/progress.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// Most distinct columns an ingest (or writeMetrics) accepts; more is refused before any row is read.
constexpr std::size_t kMaxIngestColumns = 1000;

/// How to read and where to write.
struct IngestOptions {
  std::string table;                                         ///< a metric table (see metric_tables())
  std::string format = "csv";                                ///< csv | jsonl
  std::vector<std::pair<std::string, std::string>> mapping;  ///< source column -> table column
  bool skip_bad = false;                                     ///< write the good rows and list the bad ones
  std::size_t chunk_bytes = std::size_t{1} << 20;            ///< ingest_text(): bytes handed to the reader at once
};

/// Input read in pieces: a file through the CLI host, or text in memory.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  /// The next bytes (valid until the next call), empty at the end of the input; an error stops the ingest.
  virtual Result<std::string_view> next() = 0;
  /// Starts over from the first byte (JSON Lines reads its input twice: columns first, then rows).
  virtual Status rewind() = 0;
  /// The input's size in bytes when known (progress counts bytes), else 0.
  virtual std::uint64_t size() const { return 0; }
};

/// A ChunkSource over text in memory, `chunk_bytes` at a time (no copy).
class TextChunkSource : public ChunkSource {
 public:
  /// Serves `text` (which must outlive the source) in pieces of `chunk_bytes` (at least 1).
  TextChunkSource(std::string_view text, std::size_t chunk_bytes)
      : text_(text), chunk_(chunk_bytes == 0 ? 1 : chunk_bytes) {}
  /// The next piece of the text.
  Result<std::string_view> next() override {
    const std::string_view piece = text_.substr(std::min(at_, text_.size()), chunk_);
    at_ += piece.size();
    return piece;
  }
  /// Back to the first byte.
  Status rewind() override {
    at_ = 0;
    return {};
  }
  /// The text's size.
  std::uint64_t size() const override { return text_.size(); }

 private:
  std::string_view text_;
  std::size_t chunk_;
  std::size_t at_ = 0;
};

/// What an ingest did.
struct IngestResult {
  std::int64_t rows_written = 0;      ///< rows inserted
  std::vector<std::string> bad_rows;  ///< "line 7: column 'impressions': 'x' is not an integer" (skip_bad only)
};

/// Parses "a=b,c=d" into a mapping; errors name the bad pair.
Result<std::vector<std::pair<std::string, std::string>>> parse_column_mapping(const std::string& text);

/// Ingests what `source` yields per `options`, one chunk at a time; progress counts bytes of source.size().
Result<IngestResult> ingest_stream(Database& db, ChunkSource& source, const IngestOptions& options,
                                   ProgressSink* progress);

/// Ingests `text` (the whole file) per `options`, read in pieces of options.chunk_bytes.
Result<IngestResult> ingest_text(Database& db, const std::string& text, const IngestOptions& options,
                                 ProgressSink* progress);

}  // namespace learnloop
