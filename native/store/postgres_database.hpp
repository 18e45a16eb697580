// The native Database backend over libpq: a PostgreSQL connection opened from a URI (or the PG* environment
// variables), parameterized statements only, rows streamed in single-row mode. The SQL comes from the core,
// rendered for PostgreSQL by learnloop/store/dialect.hpp; this file writes none of its own beyond session setup.
#pragma once

#include <memory>
#include <string>

#include "learnloop/store/database.hpp"

namespace learnloop::native {

/// True when `target` names a PostgreSQL database ("postgres://...", "postgresql://...", or "postgres:" alone
/// for the PG* environment variables) rather than a SQLite file.
bool is_postgres_target(const std::string& target);

/// Connects to the PostgreSQL database `target` names (10 s connect timeout unless the URI sets one).
Result<std::unique_ptr<Database>> open_postgres_database(const std::string& target);

}  // namespace learnloop::native
