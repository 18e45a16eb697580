// A realistic synthetic content history for demos and benchmarks: content with types, hooks,
// topics, quality and platforms; outcomes driven by hour-of-day, weekday, content-type, platform
// and quality effects with noise; retention curves; engagement rows; caption embeddings; ad
// creatives' daily delivery, some wearing out and some fresh (own generator stream). Seeded,
// so every target writes the same rows. No I/O: rows go through the Database interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "learnloop/core/progress.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// What to generate.
struct DemoSpec {
  std::string end_date;     ///< last day with collected outcomes (YYYY-MM-DD)
  int days = 90;            ///< days of history, >= 1
  int posts_per_day = 24;   ///< posts per day, >= 1
  std::uint64_t seed = 42;  ///< generator seed
  int embedding_dim = 32;   ///< dimension of the TEXT_CAPTION embeddings; 0 writes none
};

/// Row counts written by generate_demo_history().
struct DemoCounts {
  std::int64_t content = 0;           ///< content_metadata rows
  std::int64_t outcomes = 0;          ///< outcomes rows
  std::int64_t retention = 0;         ///< retention_metrics rows
  std::int64_t engagement = 0;        ///< engagement_metrics rows
  std::int64_t embeddings = 0;        ///< embeddings rows
  std::int64_t creative_metrics = 0;  ///< creative_metrics rows (ad creatives' daily delivery)
};

/// The content types (arms of the content bandit) the generator uses, best first in expectation.
const std::vector<std::string>& demo_content_types();

/// Writes the history into a database at the latest schema, in one transaction; refuses a
/// database that already holds content (the demo never mixes with real rows).
Result<DemoCounts> generate_demo_history(Database& db, const DemoSpec& spec, ProgressSink* progress);

}  // namespace learnloop
