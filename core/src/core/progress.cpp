// Text rendering of a progress line, shared by the native CLI and the npm bin.
#include "learnloop/core/progress.hpp"

#include <algorithm>

namespace learnloop {

std::string render_progress_line(const std::string& label, std::uint64_t done, std::uint64_t total, int width) {
  width = std::max(width, 1);
  const double fraction = total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  std::string pct = std::to_string(static_cast<int>(fraction * 100));
  pct.insert(0, 3 - std::min<std::size_t>(3, pct.size()), ' ');
  return label + " [" + bar + "] " + pct + "% " + std::to_string(done) + "/" + std::to_string(total);
}

}  // namespace learnloop
