// The learning window read in chunks, for one shard of its decision ids: the rows read_outcome_rows() gives, in the
// same order and with the same values, without ever holding the window (the sharded and the bounded-memory runs).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "learnloop/core/dates.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/store/database.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {

/// Streams the rows read_outcome_rows(db, from, to) returns that fall in `shard` (in_shard(decision_id, shard)), in
/// the same order and with the same values, in chunks of at most `chunk_rows` (>= 1) rows; each chunk's rows (and
/// their text) are valid only during its `on_chunk` call. An error from on_chunk stops the read and is returned.
/// Memory is bounded by two chunks and one page of outcome rows, not the window: the next chunk is read while
/// on_chunk works on one, at once when `tasks` runs pairs at once (on_chunk must then leave the database alone). Run it
/// inside a ReadTransaction (one snapshot; on PostgreSQL the read is a cursor, which needs a transaction).
Status for_each_outcome_chunk(Database& db, DayNumber from, DayNumber to, const ShardSpec& shard,
                              std::size_t chunk_rows, const std::function<Status(const OutcomeRows&)>& on_chunk,
                              TaskPair* tasks = nullptr);

/// The engagement rates of every outcome collected on `day`, sorted and distinct (-0 and 0 are one): every rate a
/// window row collected on that day can have, computed as the window's rows compute it (the meta scores' cut points).
/// Run it inside the read transaction of the window it serves.
Result<std::vector<double>> read_day_rates(Database& db, DayNumber day);

}  // namespace learnloop
