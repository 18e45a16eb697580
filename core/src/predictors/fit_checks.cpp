// Shared fit checks.
#include "fit_checks.hpp"

#include "learnloop/core/format.hpp"

namespace learnloop::predictors {

Status check_fit_input(const Dataset& x, const std::vector<double>& y) {
  if (x.cols == 0) return invalid_argument("no feature columns; expected at least one");
  if (x.rows < x.cols || x.rows < 2)
    return invalid_argument(std::to_string(x.rows) + " rows for " + std::to_string(x.cols) +
                            " features; expected at least as many rows as features (and at least 2)");
  Status s = check_target(x, y, "target");
  if (!s.ok()) return s;
  for (std::size_t c = 0; c < x.cols; ++c) {
    bool constant = true;
    for (std::size_t r = 1; r < x.rows && constant; ++r) constant = x.at(r, c) == x.at(0, c);
    if (constant)
      return invalid_argument("feature '" + x.names[c] + "' is constant (" + format_number(x.at(0, c)) +
                              " in every row); it carries no information: drop it");
  }
  return {};
}

}  // namespace learnloop::predictors
