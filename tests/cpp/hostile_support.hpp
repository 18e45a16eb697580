// What the hostile-input suites (tests/cpp/hostile_*_test.cpp) share: the native CLI run in-process,
// and a scratch folder per suite and process to write hostile files into.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/file_host.hpp"
#include "learnloop/cli/cli.hpp"

namespace learnloop::hostile {

/// Runs the CLI on `args` with the native file host (as `learnloop ARGS` would), stderr passed through.
inline CliOutput run(const std::vector<std::string>& args) {
  native::FileHost host(stderr);
  return run_cli(args, host);
}

/// A scratch folder for one suite: `learnloop-hostile-<suite>` under the temp folder, emptied at first use.
class ScratchDir {
 public:
  /// Names the folder; nothing is created until path() or file() is called.
  explicit ScratchDir(std::string suite) : suite_(std::move(suite)) {}
  /// Removes the folder (ctest runs each test in its own process, several at once with -j).
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  /// The folder, created empty the first time; one per process, so tests running at once never share it.
  const std::filesystem::path& path() {
    if (path_.empty()) {
      path_ = std::filesystem::temp_directory_path() /
              ("learnloop-hostile-" + suite_ + "-" + std::to_string(static_cast<long>(::getpid())));
      std::filesystem::remove_all(path_);
      std::filesystem::create_directories(path_);
    }
    return path_;
  }
  /// Writes `bytes` as they are to `name` in the folder and returns the file's path.
  std::string file(const std::string& name, const std::string& bytes) {
    const std::string where = (path() / name).string();
    std::ofstream(where, std::ios::binary) << bytes;
    return where;
  }

 private:
  std::string suite_;
  std::filesystem::path path_;
};

}  // namespace learnloop::hostile
