// The native Database backend over libsqlite3: WAL journal, a busy timeout for concurrent
// writers, prepared statements.
#pragma once

#include <memory>
#include <string>

#include "learnloop/store/database.hpp"

struct sqlite3;

namespace learnloop::native {

/// Opens the SQLite file at `path` (created when `create`), in WAL mode with a 5 s busy timeout.
Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& path, bool create);

}  // namespace learnloop::native
