// Test support: two JSON values equal except that floating-point numbers may differ by a tolerance (results merged
// from shards agree with one process up to float association).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace learnloop::json_near {

/// Expects `a` and `b` to be equal, numbers within `tolerance` (relative above 1, absolute below); `path` names the
/// place in failures.
template <typename Json>
void expect_json_near(const Json& a, const Json& b, double tolerance, const std::string& path = "$") {
  if (a.is_number() && b.is_number() && (a.is_number_float() || b.is_number_float())) {
    const double x = a.template get<double>(), y = b.template get<double>();
    EXPECT_LE(std::fabs(x - y), tolerance * std::max(1.0, std::fabs(x))) << path << ": " << x << " vs " << y;
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << path << ": " << a.dump() << " vs " << b.dump();
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path << ": " << a.dump() << " vs " << b.dump();
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << path << "." << it.key();
      expect_json_near(it.value(), b[it.key()], tolerance, path + "." + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (std::size_t i = 0; i < a.size(); ++i)
      expect_json_near(a[i], b[i], tolerance, path + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

/// `j` without model versions: a version hashes the coefficients, which agree only up to float association.
template <typename Json>
Json without_versions(Json j) {
  if (j.is_object()) {
    j.erase("version");
    for (auto& [key, value] : j.items()) value = without_versions(value);
  } else if (j.is_array()) {
    for (auto& value : j) value = without_versions(value);
  }
  return j;
}

}  // namespace learnloop::json_near
