// Guards for migrations against a tampered schema version: before a migration runs, the objects it
// would create must not exist yet. A database whose PRAGMA user_version was changed by hand (to 0, 1,
// 2 or -1) is then refused with a message that says what is wrong with the file, instead of
// "duplicate column name" from the middle of a migration. Internal to core/src/store.
#pragma once

#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// Refuses `version` when it is negative, or when an object that migrations[version..] would create
/// (a table, an index or an added column) already exists in `db`.
Status check_migrations_can_run(Database& db, int version, const std::vector<std::string>& migrations);

}  // namespace learnloop
