// The native host's TaskPair: the second task of each pair on a thread of its own, the first on the caller's, so the
// learning job's independent steps use two cores. The tasks and their results are the core's; only where they run
// changes.
#pragma once

#include "learnloop/core/task_pair.hpp"

namespace learnloop::native {

/// Runs each pair's tasks at once: `second` on a new thread, `first` on the calling one.
class ThreadTaskPair final : public TaskPair {
 public:
  /// Runs `first` here and `second` on a new thread, and returns when both are done; an exception from either is
  /// rethrown here once both have ended (the first task's when both threw).
  void run_both(const std::function<void()>& first, const std::function<void()>& second) override;
};

}  // namespace learnloop::native
