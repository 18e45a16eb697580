// Hostile database files (issue 16): a tampered PRAGMA user_version (0, 1, 2 or -1 on a database
// of the latest schema) made every command fail with "schema migration N failed: duplicate column
// name" (exit 1) or told the user to run init, which then failed. Now every command, init included,
// says what is wrong with the file (exit 2), and setting the version back makes the file work again.
#include <gtest/gtest.h>

#include <filesystem>

#include "hostile_support.hpp"
#include "learnloop/store/schema.hpp"
#include "store/sqlite_database.hpp"

namespace learnloop {
namespace {

using hostile::run;

void set_user_version(const std::string& path, int version) {
  std::unique_ptr<Database> db = native::open_sqlite_database(path, false).value();
  ASSERT_TRUE(db->exec("PRAGMA user_version = " + std::to_string(version)).ok());
}

TEST(HostileDatabase, ATamperedSchemaVersionIsNamedByEveryCommand) {
  const std::string path = (std::filesystem::temp_directory_path() / "learnloop-hostile-version.db").string();
  std::filesystem::remove(path);
  ASSERT_EQ(run({"init", "--db", path}).exit_code, 0);
  const std::string latest = std::to_string(latest_schema_version());
  for (int version : {0, 1, 2, -1}) {
    set_user_version(path, version);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"info", "--db", path}, std::vector<std::string>{"init", "--db", path},
          std::vector<std::string>{"report", "--db", path, "--date", "2026-01-01"}}) {
      const CliOutput out = run(args);
      EXPECT_EQ(out.exit_code, 2) << version << " " << args[0] << ": " << out.err;
      EXPECT_NE(out.err.find("schema version (PRAGMA user_version) is " + std::to_string(version)), std::string::npos)
          << out.err;
      EXPECT_EQ(out.err.find("duplicate column"), std::string::npos) << out.err;
      if (version >= 0)
        EXPECT_NE(out.err.find("set it back with PRAGMA user_version = " + latest), std::string::npos) << out.err;
      else
        EXPECT_NE(out.err.find("which no learnloop writes"), std::string::npos) << out.err;
    }
  }
  set_user_version(path, latest_schema_version());
  const CliOutput info = run({"info", "--db", path});
  EXPECT_EQ(info.exit_code, 0) << info.err;
}

TEST(HostileDatabase, AnEmptyFileStillGetsTheInitHint) {
  const std::string path = (std::filesystem::temp_directory_path() / "learnloop-hostile-empty.db").string();
  std::filesystem::remove(path);
  { std::unique_ptr<Database> db = native::open_sqlite_database(path, true).value(); }
  const CliOutput out = run({"info", "--db", path});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("create it with 'learnloop init --db FILE'"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace learnloop
