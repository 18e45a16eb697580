// The learnloop command line as a pure function: arguments in, output text and exit code out.
// The native `learnloop` binary and the npm package's `learnloop` bin both call run_cli(), so they
// accept the same subcommands and flags and print the same bytes. Hosts own the terminal.
#pragma once

#include <string>
#include <vector>

#include "learnloop/core/progress.hpp"

namespace learnloop {

/// Exit codes of the CLI.
enum class ExitCode : int {
  kOk = 0,        ///< success
  kInternal = 1,  ///< internal failure
  kUsage = 2,     ///< bad usage or bad input
};

/// What a CLI run produced; the host writes `out` to stdout and `err` to stderr.
struct CliOutput {
  int exit_code = 0;  ///< one of ExitCode
  std::string out;    ///< text for standard output
  std::string err;    ///< text for standard error (one line per error)
};

/// Runs the CLI on `args` (without the program name); long work reports to `progress` when given.
CliOutput run_cli(const std::vector<std::string>& args, ProgressSink* progress = nullptr);

}  // namespace learnloop
