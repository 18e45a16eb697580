// Progress reporting from long core computations to whoever drives them (CLI, JS callback).
// The core only calls the sink; drawing (TTY bars, DOM) belongs to the host.
#pragma once

#include <cstdint>
#include <string>

namespace learnloop {

/// Receives progress of long work; implementations must be cheap (called at most ~100 times a task).
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// `done` of `total` units of the task named `label` are finished (done == total at the end).
  virtual void on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) = 0;
};

/// One progress line "label [#####.....]  50% 500/1000" of `width` bar cells, for any host to draw.
std::string render_progress_line(const std::string& label, std::uint64_t done, std::uint64_t total, int width = 30);

}  // namespace learnloop
