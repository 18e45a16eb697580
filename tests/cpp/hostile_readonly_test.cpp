// Read-only databases (issue 16, item 13): `info`, `report` and `besttime` on a read-only file or
// folder failed with "attempt to write a readonly database" (reads must work read-only), `ingest` into
// a read-only file blamed "line 2" of the CSV, and a folder passed as --db said "no such database".
// Root writes to 0444 files, so when the tests run as root each command runs in a child process as
// the unprivileged user 65534 (nobody), which sees the permissions a user's service account sees.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hostile_support.hpp"

namespace learnloop {
namespace {

using hostile::run;

namespace fs = std::filesystem;

// Runs the CLI as user 65534 when this process is root (in a forked child), else as is.
CliOutput run_unprivileged(const std::vector<std::string>& args) {
  if (geteuid() != 0) return run(args);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return CliOutput{-1, "", "pipe failed"};
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    int code = 99;
    std::string err = "cannot drop privileges";
    if (setgid(65534) == 0 && setuid(65534) == 0) {
      const CliOutput out = run(args);
      code = out.exit_code;
      err = out.err;
    }
    const std::string message = std::to_string(code) + "\n" + err;
    ssize_t written = write(pipe_fds[1], message.data(), message.size());
    _exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
  }
  close(pipe_fds[1]);
  std::string message;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  const std::size_t newline = message.find('\n');
  if (newline == std::string::npos) return CliOutput{-1, "", "the child wrote nothing"};
  return CliOutput{std::stoi(message.substr(0, newline)), "", message.substr(newline + 1)};
}

// A demo database in a folder of its own, both readable by everyone.
std::string demo_database(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("learnloop-readonly-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "metrics.db").string();
  const CliOutput demo = run({"demo", "--db", db, "--days", "20", "--json"});
  EXPECT_EQ(demo.exit_code, 0) << demo.err;
  std::ofstream(dir / "rows.csv") << "decision_id,impressions,collected_at\nx1,10,2026-01-01\nx2,20,2026-01-01\n";
  for (const fs::directory_entry& e : fs::directory_iterator(dir))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec);
  return db;
}

TEST(HostileReadOnly, ReadsWorkOnAReadOnlyFileAndWritesAreRefusedUpFront) {
  const std::string db = demo_database("file");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"info", "--db", db}, std::vector<std::string>{"report", "--db", db, "--json"},
        std::vector<std::string>{"besttime", "--db", db, "--platform", "twitter", "--json"}}) {
    const CliOutput out = run_unprivileged(args);
    EXPECT_EQ(out.exit_code, 0) << args[0] << ": " << out.err;
  }
  const std::string csv = (fs::path(db).parent_path() / "rows.csv").string();
  const CliOutput ingest = run_unprivileged({"ingest", "--db", db, "--table", "outcomes", "--file", csv});
  EXPECT_EQ(ingest.exit_code, 2) << ingest.err;
  EXPECT_NE(ingest.err.find("database '" + db + "' is read-only: this command writes to it"), std::string::npos)
      << ingest.err;
  EXPECT_EQ(ingest.err.find("line 2"), std::string::npos) << ingest.err;
}

TEST(HostileReadOnly, AFolderIsNotADatabase) {
  const std::string dir = fs::temp_directory_path().string();
  const CliOutput out = run({"info", "--db", dir});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("cannot open database '" + dir + "': it is a folder; expected a SQLite database file"),
            std::string::npos)
      << out.err;
}

}  // namespace
}  // namespace learnloop
