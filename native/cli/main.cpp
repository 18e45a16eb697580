// The native `learnloop` binary: passes argv to the core's run_cli() and writes its output.
// All commands, flags and messages live in core/src/cli so the npm bin behaves identically.
#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <vector>

#include "file_host.hpp"
#include "learnloop/cli/cli.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

// Allocations from this size on get their own mapping, returned to the system when freed.
constexpr int kMmapThresholdBytes = 256 * 1024;

// A fixed mmap threshold for the batch run: glibc raises its threshold to the size of any large buffer freed (a
// window chunk's join, a model's columns), after which such buffers come from the heap and leave holes between the
// learning state's long-lived blocks. `learn` at 10M outcomes: 519 MB resident with the default, 431 MB with this.
void use_fixed_mmap_threshold() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
#endif
}

// No memory statistics in libsqlite3 (set before its first use): with them on, every allocation SQLite makes takes a
// process-wide mutex (`learn` at 1M outcomes: 2% of its CPU time in pthread_mutex_lock and unlock). The CLI never
// reads them (sqlite3_memory_used) or sets a soft heap limit, which needs them.
void skip_sqlite_memory_statistics() { static_cast<void>(sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)); }

}  // namespace

int main(int argc, char** argv) {
  use_fixed_mmap_threshold();
  skip_sqlite_memory_statistics();
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
