// Test helper: loads golden vectors from tests/golden/ (shared with the node:test suite).
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace learnloop::testing {

/// Parsed contents of tests/golden/<relative_path>; aborts the test run if the file is missing.
inline nlohmann::json load_golden(const std::string& relative_path) {
  std::ifstream in(std::string(LEARNLOOP_GOLDEN_DIR) + "/" + relative_path);
  if (!in) throw std::runtime_error("golden file missing: " + relative_path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return nlohmann::json::parse(buffer.str());
}

/// True when a and b agree within relative tolerance `rel` (absolute near zero).
inline bool close(double a, double b, double rel) {
  const double scale = std::max({1.0, std::abs(a), std::abs(b)});
  return std::abs(a - b) <= rel * scale;
}

}  // namespace learnloop::testing
