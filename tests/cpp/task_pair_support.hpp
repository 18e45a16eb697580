// TaskPair runners for tests: the native host's threads, and one that runs each pair's second task before its first,
// so work that secretly depends on the first task running first (or on the two running in turn) gives other results.
#pragma once

#include <functional>

#include "learnloop/core/task_pair.hpp"

namespace learnloop::task_pair_support {

/// Runs `second`, then `first`: the order a parallel run may take, made certain.
class ReversedTaskPair final : public TaskPair {
 public:
  /// Runs `second`, then `first`, counting the pairs.
  void run_both(const std::function<void()>& first, const std::function<void()>& second) override {
    ++pairs;
    second();
    first();
  }
  int pairs = 0;  ///< pairs run so far
};

}  // namespace learnloop::task_pair_support
