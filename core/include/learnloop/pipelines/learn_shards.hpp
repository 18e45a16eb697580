// The learning job split across processes or hosts (issue 17): `learn --shard i/N` reads only the
// content of shard i (by a hash of its decision id), computes that shard's partial state (bandit
// counts, the predictors' sufficient statistics, the report's sums and top lists, the meta scores'
// history and the day's items) and stores it in learn_partials; `learn --merge` combines the N
// partials of the date and commits the run as one process would, in one transaction that also
// deletes them. Counts merge exactly; sums agree with a one-process run up to float association.
#pragma once

#include <nlohmann/json.hpp>

#include "learnloop/core/progress.hpp"
#include "learnloop/core/shard.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// Computes shard `shard` of the run of options.date and stores its partial (replacing an earlier partial of the
/// shard); returns {date, status: "shard_stored", shard, rows_read, new_outcomes, state_bytes, message}, or the
/// already_learned answer when a run for the date is committed and options.force is off.
Result<nlohmann::ordered_json> run_learning_shard(Database& db, const LearnOptions& options, const ShardSpec& shard,
                                                  ProgressSink* progress);

/// Merges the stored partials of options.date (all N shards, finished, written by this version with the same
/// settings) and commits the run; returns what run_learning_job() returns, plus "shards": N.
Result<nlohmann::ordered_json> merge_learning_shards(Database& db, const LearnOptions& options, ProgressSink* progress);

}  // namespace learnloop
