// The native CLI's host: reads files from disk and draws progress on a terminal.
#pragma once

#include <cstdio>
#include <string>

#include "learnloop/cli/cli.hpp"
#include "progress_bar.hpp"
#include "thread_task_pair.hpp"

namespace learnloop::native {

/// Files from the local file system; progress through a ProgressBar on `progress_stream`.
class FileHost : public CliHost {
 public:
  /// Draws progress on `progress_stream` when it is a TTY.
  explicit FileHost(std::FILE* progress_stream) : bar_(progress_stream) {}
  /// Reads `path` whole; maps errno to FileError.
  bool read_text_file(const std::string& path, std::string* out, FileError* error) override;
  /// Reads up to `max_bytes` of `path` from `offset` (pread-style: the file is opened per call).
  bool read_file_chunk(const std::string& path, std::uint64_t offset, std::size_t max_bytes, std::string* out,
                       std::uint64_t* file_size, FileError* error) override;
  /// Writes `path` through a temporary file in the same folder and rename(2).
  bool write_text_file(const std::string& path, const std::string& text, FileError* error) override;
  /// Opens a libsqlite3 database (WAL, busy timeout).
  Result<std::unique_ptr<Database>> open_database(const std::string& path, bool create) override;
  /// Today's UTC date from the system clock.
  std::string today_utc() override;
  /// The current UTC time from the system clock.
  std::string now_utc() override;
  /// Two threads for the core's independent tasks.
  TaskPair* task_pair() override { return &tasks_; }
  /// Forwards to the progress bar.
  void on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) override {
    bar_.on_progress(label, done, total);
  }

 private:
  ProgressBar bar_;
  ThreadTaskPair tasks_;
};

}  // namespace learnloop::native
