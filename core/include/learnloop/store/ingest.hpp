// Ingest of CSV or JSON Lines text into a metric table: header mapping, per-column type checks,
// one transaction. Bad rows are reported with their line numbers; nothing is written unless
// every row is good, or skip_bad is set (then the good rows are written and the bad ones listed).
#pragma once

#include <cstdint>
#include <string>
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
};

/// What an ingest did.
struct IngestResult {
  std::int64_t rows_written = 0;      ///< rows inserted
  std::vector<std::string> bad_rows;  ///< "line 7: column 'impressions': 'x' is not an integer" (skip_bad only)
};

/// Parses "a=b,c=d" into a mapping; errors name the bad pair.
Result<std::vector<std::pair<std::string, std::string>>> parse_column_mapping(const std::string& text);

/// Ingests `text` (the whole file) per `options`.
Result<IngestResult> ingest_text(Database& db, const std::string& text, const IngestOptions& options,
                                 ProgressSink* progress);

}  // namespace learnloop
