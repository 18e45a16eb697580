// Seeded splits: sizes, disjointness, coverage, determinism; the per-row split rule by key; and the
// `fit`/`predict` commands.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "cli/file_host.hpp"
#include "learnloop/predictors/split.hpp"

namespace learnloop {
namespace {

TEST(Split, TrainTestIsASeededPartition) {
  const Split s = train_test_split(10, 0.2, 5).value();
  EXPECT_EQ(s.test.size(), 2u);
  EXPECT_EQ(s.train.size(), 8u);
  std::set<std::size_t> all(s.train.begin(), s.train.end());
  all.insert(s.test.begin(), s.test.end());
  EXPECT_EQ(all.size(), 10u);
  EXPECT_EQ(train_test_split(10, 0.2, 5).value().test, s.test);
  EXPECT_NE(train_test_split(1000, 0.2, 6).value().test, train_test_split(1000, 0.2, 5).value().test);
  EXPECT_EQ(train_test_split(10, 1.0, 5).error().message, "test fraction is 1; expected a number in (0, 1)");
  EXPECT_FALSE(train_test_split(1, 0.5, 5).ok());
}

TEST(Split, HeldOutByKeyIsARulePerRowNearItsFraction) {
  std::size_t held = 0;
  std::size_t moved = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string key = "p" + std::to_string(i);
    const bool out = held_out_by_key(key, 0.2, 20419);
    held += out ? 1 : 0;
    moved += out != held_out_by_key(key, 0.2, 20420) ? 1 : 0;
    EXPECT_EQ(out, held_out_by_key(key, 0.2, 20419));
    if (held_out_by_key(key, 0.1, 20419)) {
      EXPECT_TRUE(out) << key;  // a smaller fraction holds out a subset
    }
  }
  EXPECT_NEAR(static_cast<double>(held) / 100000, 0.2, 0.005);
  // Another seed is another split: about 2 x 0.2 x 0.8 of the keys change sides.
  EXPECT_NEAR(static_cast<double>(moved) / 100000, 0.32, 0.01);
  EXPECT_FALSE(held_out_by_key("p1", 0.0, 1));
  EXPECT_TRUE(held_out_by_key("p1", 1.0, 1));
}

TEST(Split, KFoldCoversEveryRowOnce) {
  const auto folds = k_fold(11, 3, 1).value();
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(folds[0].test.size(), 4u);
  EXPECT_EQ(folds[2].test.size(), 3u);
  std::multiset<std::size_t> seen;
  for (const Split& f : folds) {
    seen.insert(f.test.begin(), f.test.end());
    EXPECT_EQ(f.train.size() + f.test.size(), 11u);
  }
  EXPECT_EQ(seen.size(), 11u);
  EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()).size(), 11u);
  EXPECT_FALSE(k_fold(3, 4, 1).ok());
  EXPECT_FALSE(k_fold(3, 1, 1).ok());
}

TEST(FitCommand, WritesAModelThatPredictCommandUses) {
  const std::string dir = ::testing::TempDir();
  {
    std::ofstream out(dir + "learnloop_fit.csv");
    out << "id,quality,hour,er\n";
    for (int i = 0; i < 40; ++i)
      out << "p" << i << "," << (i % 7) / 7.0 << "," << (i * 5) % 24 << "," << 0.01 + 0.03 * ((i % 7) / 7.0) << "\n";
  }
  native::FileHost host(stderr);
  CliOutput fit = run_cli({"fit", "ridge", "--data", dir + "learnloop_fit.csv", "--target", "er", "--test-fraction",
                           "0", "--alpha", "0.001", "--out", dir + "learnloop_model.json"},
                          host);
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  EXPECT_NE(fit.out.find("quality  0.02"), std::string::npos) << fit.out;  // er = 0.01 + 0.03 quality, shrunk a little
  CliOutput predict = run_cli(
      {"predict", "--model", dir + "learnloop_model.json", "--data", dir + "learnloop_fit.csv", "--json"}, host);
  ASSERT_EQ(predict.exit_code, 0) << predict.err;
  EXPECT_NE(predict.out.find("\"predictions\":[0.01"), std::string::npos) << predict.out;
  CliOutput missing = run_cli(
      {"fit", "logistic", "--data", dir + "learnloop_fit.csv", "--target", "er", "--features", "quality,nope"}, host);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no column 'nope'"), std::string::npos);
  CliOutput labels = run_cli({"fit", "logistic", "--data", dir + "learnloop_fit.csv", "--target", "er"}, host);
  EXPECT_NE(labels.err.find("line 2: target 'er' is 0.01; a classifier expects 0 or 1"), std::string::npos)
      << labels.err;
}

}  // namespace
}  // namespace learnloop
