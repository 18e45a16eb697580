// The ingest fuzz targets' shared body: one in-memory SQLite database with learnloop's schema for
// the whole run, each input ingested into `outcomes` as CSV or JSON Lines, and the table emptied
// after an ingest that wrote rows, so every input meets the same empty table.
#pragma once

#include <memory>
#include <string>

#include "fuzz_input.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop::fuzz {

/// Ingests `text` in `format` into an empty `outcomes` table; an error is an answer, a crash is a finding.
inline void ingest_once(const std::string& text, const std::string& format) {
  static std::unique_ptr<Database> db = [] {
    std::unique_ptr<Database> d = native::open_sqlite_database(":memory:", true).value();
    require(migrate_schema(*d).ok(), "the schema applies to an empty database");
    return d;
  }();
  IngestOptions options;
  options.table = "outcomes";
  options.format = format;
  options.skip_bad = text.size() % 2 == 1;  // both the all-or-nothing and the skip-bad paths
  Result<IngestResult> result = ingest_text(*db, text, options, nullptr);
  if (result.ok() && result.value().rows_written > 0) require(db->exec("DELETE FROM outcomes").ok(), "rows delete");
}

}  // namespace learnloop::fuzz
