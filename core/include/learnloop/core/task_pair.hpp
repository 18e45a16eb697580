// Two independent pieces of work run side by side where the host can: the core's only door to a second core. The core
// hands over pairs of tasks that share no mutable state and waits for both; a host with threads (the native CLI) runs
// them at once, every other host (wasm) one after the other. The work and its order of summation are the same either
// way, so results do not depend on the host. No threads or platform headers here.
#pragma once

#include <functional>

namespace learnloop {

/// Runs pairs of independent tasks, at once where the host can.
class TaskPair {
 public:
  virtual ~TaskPair() = default;
  /// Runs `first` and `second` and returns when both are done. They may run at the same time on different threads, so
  /// they must not touch the same mutable state; neither may throw.
  virtual void run_both(const std::function<void()>& first, const std::function<void()>& second) = 0;
};

/// Runs `first`, then `second`, on the calling thread: the default of every host.
class SequentialTaskPair final : public TaskPair {
 public:
  /// Runs `first`, then `second`.
  void run_both(const std::function<void()>& first, const std::function<void()>& second) override {
    first();
    second();
  }
};

/// `tasks`, or a sequential runner when it is null.
inline TaskPair& task_pair_or_sequential(TaskPair* tasks) {
  static SequentialTaskPair sequential;
  return tasks != nullptr ? *tasks : sequential;
}

}  // namespace learnloop
