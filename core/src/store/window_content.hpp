// Joins outcome rows with their content_metadata rows in C++ (no SQL join): by one scan of the table, or by lookups
// of the rows' ids in batches of `IN (...)`. Shared by read_outcome_rows() and the streamed read, one chunk at a time
// (which, through the JS adapters, joins in its SQL instead and copies each row's content with fill_window_content).
#pragma once

#include <memory>

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// Fills `o`'s content fields from one content_metadata row, `c` pointing at its columns (decision_id, platform,
/// decision_type, bandit_arm, hook_type, topic, quality_score, cost, posted_at, duration_seconds), text into `pool`.
void fill_window_content(OutcomeRow& o, const SqlValue* c, TextPool& pool);

/// Fills the content fields of `rows` (distinct ids ordered as bytes) from content_metadata, text into rows' pool;
/// rows whose content is unknown keep the defaults. Scans the whole table when it has at most twice as many rows as
/// `rows`, else looks the ids up in batches.
Status join_window_content(Database& db, OutcomeRows& rows);

/// Joins the chunks of a streamed read (in id order) with their content: on SQLite by a range scan of content_metadata
/// over each chunk's ids (one index walk instead of a lookup per id) while such scans read mostly the window's
/// content; else, and on PostgreSQL, by batched lookups.
class ChunkContentJoin {
 public:
  /// Fills the content fields of `rows` (distinct ids ordered as bytes) as join_window_content() does.
  Status join(Database& db, OutcomeRows& rows);

 private:
  bool scan_ = true;                   // chunks are still joined by range scans
  std::unique_ptr<Statement> range_;   // the range scan, reused
  std::unique_ptr<Statement> lookup_;  // a full batch's lookup, reused
};

}  // namespace learnloop
