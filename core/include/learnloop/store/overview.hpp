// What a metrics database holds, at a glance: schema version, rows per table, the days its
// outcomes cover and its latest learning run. For `learnloop info` and dashboards that must say
// "this database is empty" or pick a default day before doing anything else.
#pragma once

#include <nlohmann/json.hpp>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// {schema_version, tables: {name: rows}, outcomes: {first_day, last_day}, latest_run, empty}; the database must be at
/// the latest schema.
Result<nlohmann::ordered_json> store_overview(Database& db);

}  // namespace learnloop
