// Joins outcome rows with their content_metadata rows in C++ (no SQL join): by one scan of the table, or by lookups
// of the rows' ids in batches of `IN (...)`. Shared by read_outcome_rows() and the streamed read, one chunk at a time.
#pragma once

#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// Fills the content fields of `rows` (distinct ids ordered as bytes) from content_metadata, text into rows' pool;
/// rows whose content is unknown keep the defaults. `may_scan`: scan the whole table when it has at most twice as
/// many rows as `rows` (else, and always without it, look the ids up in batches).
Status join_window_content(Database& db, OutcomeRows& rows, bool may_scan);

}  // namespace learnloop
