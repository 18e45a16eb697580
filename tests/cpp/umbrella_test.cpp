// The umbrella header compiles on its own (it is this file's first include) and lists every public
// header under core/include/learnloop/, so a C++ user needs only learnloop/learnloop.hpp.
#include "learnloop/learnloop.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace learnloop {
namespace {

TEST(Umbrella, ListsEveryPublicHeader) {
  const std::filesystem::path root = std::filesystem::path(LEARNLOOP_GOLDEN_DIR) / ".." / ".." / "core" / "include";
  std::ifstream umbrella(root / "learnloop" / "learnloop.hpp");
  ASSERT_TRUE(umbrella) << "cannot read " << (root / "learnloop" / "learnloop.hpp");
  std::stringstream text;
  text << umbrella.rdbuf();
  std::set<std::string> missing;
  std::size_t headers = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "learnloop")) {
    if (entry.path().extension() != ".hpp" || entry.path().filename() == "learnloop.hpp") continue;
    ++headers;
    const std::string name = entry.path().lexically_relative(root).generic_string();
    if (text.str().find("#include \"" + name + "\"") == std::string::npos) missing.insert(name);
  }
  EXPECT_GT(headers, 50u);
  EXPECT_TRUE(missing.empty()) << "not in learnloop.hpp: " << ::testing::PrintToString(missing);
}

TEST(Umbrella, ReachesEveryModule) {
  // One name from each module, through the umbrella alone.
  EXPECT_STREQ(error_code_name(ErrorCode::kNotFound), "not_found");
  EXPECT_TRUE(is_contextual_policy("linucb"));
  EXPECT_EQ(round_to(0.125, 2), 0.13);
  EXPECT_EQ(hour_label(7), "07:00");
  EXPECT_EQ(kFixedViralityWeights[0], 0.35);
  EXPECT_FALSE(parse_date("2026-02-30").ok());
  EXPECT_GT(metric_tables().size(), 0u);
  EXPECT_FALSE(make_dataset(1, 2, {1.0}, {"a", "b"}).ok());
}

}  // namespace
}  // namespace learnloop
