// TTY progress bar: carriage return + the core's rendered line; newline at the end of the task.
#include "progress_bar.hpp"

#include <unistd.h>

namespace learnloop::native {

ProgressBar::ProgressBar(std::FILE* stream) : ProgressBar(stream, isatty(fileno(stream)) != 0) {}

ProgressBar::ProgressBar(std::FILE* stream, bool enabled) : stream_(stream), enabled_(enabled) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputc('\n', stream_);
}

void ProgressBar::on_progress(const std::string& label, std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  std::fprintf(stream_, "\r%s", render_progress_line(label, done, total).c_str());
  drawn_ = done < total;
  if (!drawn_) std::fputc('\n', stream_);
  std::fflush(stream_);
}

}  // namespace learnloop::native
