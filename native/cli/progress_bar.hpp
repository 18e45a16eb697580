// A ProgressSink that redraws one line on stderr, only when stderr is a terminal (cron logs and
// pipes stay clean). Rendering comes from the core's render_progress_line().
#pragma once

#include <cstdio>
#include <string>

#include "learnloop/core/progress.hpp"

namespace learnloop::native {

/// Progress bar on a terminal stream; silent when the stream is not a TTY.
class ProgressBar : public ProgressSink {
 public:
  /// Draws on `stream` (stderr by default) if it is a TTY.
  explicit ProgressBar(std::FILE* stream = stderr);
  /// Draws on `stream` when `enabled`, whatever the stream is (for tests).
  ProgressBar(std::FILE* stream, bool enabled);
  /// Ends the line if anything was drawn.
  ~ProgressBar() override;
  /// Redraws the line for `done` of `total`.
  void on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) override;
  /// True when this bar draws.
  bool enabled() const { return enabled_; }

 private:
  std::FILE* stream_;
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace learnloop::native
