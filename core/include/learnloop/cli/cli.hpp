// The learnloop command line as a pure function: arguments in, output text and exit code out.
// The native `learnloop` binary and the npm package's `learnloop` bin both call run_cli(), so they
// accept the same subcommands and flags and print the same bytes. Hosts own the terminal.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "learnloop/core/progress.hpp"
#include "learnloop/core/status.hpp"
#include "learnloop/core/task_pair.hpp"
#include "learnloop/store/database.hpp"

namespace learnloop {

/// Exit codes of the CLI.
enum class ExitCode : int {
  kOk = 0,        ///< success
  kInternal = 1,  ///< internal failure
  kUsage = 2,     ///< bad usage or bad input
  kPartial = 3,   ///< completed with failed parts (e.g. a learning run whose model could not be fitted)
};

/// What a CLI run produced; the host writes `out` to stdout and `err` to stderr.
struct CliOutput {
  int exit_code = 0;  ///< one of ExitCode
  std::string out;    ///< text for standard output
  std::string err;    ///< text for standard error (one line per error)
};

/// Why a host could not read a file.
enum class FileError {
  kNotFound,          ///< no such file
  kPermissionDenied,  ///< not allowed to read it
  kOther,             ///< any other failure (a directory, an I/O error)
};

/// What a CLI run may ask of its host: files, databases, the date and progress. Native and JS hosts implement it.
class CliHost : public ProgressSink {
 public:
  /// Reads a whole file as text into `out`; returns false and sets `error` when it cannot.
  virtual bool read_text_file(const std::string& path, std::string* out, FileError* error) = 0;
  /// Replaces `path` with `text` atomically (a temporary file, then rename); false and `error` when it cannot.
  virtual bool write_text_file(const std::string& path, const std::string& text, FileError* error) = 0;
  /// Opens the SQLite database at `path`, creating the file when `create`; hosts without storage refuse.
  virtual Result<std::unique_ptr<Database>> open_database(const std::string& path, bool create) {
    (void)create;
    return Error{ErrorCode::kInvalidArgument, "cannot open database '" + path + "': this host has no database backend"};
  }
  /// Today's date in UTC (YYYY-MM-DD), the default of --date; empty when the host has no clock.
  virtual std::string today_utc() { return ""; }
  /// The current UTC time (YYYY-MM-DDTHH:MM:SSZ), the default of --now; empty when the host has no clock.
  virtual std::string now_utc() { return ""; }
  /// Reads a whole file as bytes into `out`. Default: read_text_file(), byte-exact on hosts that do not transcode text.
  virtual bool read_binary_file(const std::string& path, std::string* out, FileError* error) {
    return read_text_file(path, out, error);
  }
  /// Reads at most `max_bytes` of file `path` from byte `offset` into `out` (empty at the end of the file) and the
  /// file's size into `file_size`; false and `error` when it cannot. Default, for hosts without partial reads: the
  /// whole file through read_binary_file() at offset 0 (more than `max_bytes`), nothing after it.
  virtual bool read_file_chunk(const std::string& path, std::uint64_t offset, std::size_t max_bytes, std::string* out,
                               std::uint64_t* file_size, FileError* error) {
    static_cast<void>(max_bytes);
    if (offset > 0) {
      out->clear();
      *file_size = offset;
      return true;
    }
    if (!read_binary_file(path, out, error)) return false;
    *file_size = out->size();
    return true;
  }
  /// Replaces `path` with `bytes` atomically. Default: write_text_file(), byte-exact on hosts that do not transcode
  /// text.
  virtual bool write_binary_file(const std::string& path, const std::string& bytes, FileError* error) {
    return write_text_file(path, bytes, error);
  }
  /// Runs the core's independent tasks at once where the host has threads; null (the default): one after the other.
  virtual TaskPair* task_pair() { return nullptr; }
  /// Progress of long work; hosts draw it (or not). Default: ignored.
  void on_progress(const std::string&, std::uint64_t, std::uint64_t) override {}
};

/// Runs the CLI on `args` (without the program name) with `host` for files and progress.
CliOutput run_cli(const std::vector<std::string>& args, CliHost& host);

/// Reads `path` through `host`; the error names the file and says why, the same on every host.
Result<std::string> read_file_text(CliHost& host, const std::string& path);

/// The error of a failed read of `path` (why: `error`), the same on every host and for every kind of read.
Error file_read_error(const std::string& path, FileError error);

/// Writes `path` through `host`; the error names the file and says why.
Status write_file_text(CliHost& host, const std::string& path, const std::string& text);

/// Reads binary file `path` through `host`; errors as read_file_text().
Result<std::string> read_file_bytes(CliHost& host, const std::string& path);

/// Writes binary file `path` through `host`; errors as write_file_text().
Status write_file_bytes(CliHost& host, const std::string& path, const std::string& bytes);

}  // namespace learnloop
