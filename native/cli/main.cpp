// The native `learnloop` binary: passes argv to the core's run_cli() and writes its output.
// All commands, flags and messages live in core/src/cli so the npm bin behaves identically.
#include <cstdio>
#include <string>
#include <vector>

#include "file_host.hpp"
#include "learnloop/cli/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  learnloop::CliOutput result;
  {
    learnloop::native::FileHost host(stderr);
    result = learnloop::run_cli(args, host);
  }
  std::fwrite(result.out.data(), 1, result.out.size(), stdout);
  std::fwrite(result.err.data(), 1, result.err.size(), stderr);
  return result.exit_code;
}
