// TextPool: copies keep their text for the pool's lifetime whatever is added later, interned text is stored
// once, and OutcomeRows copies share their pool.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "learnloop/store/text_pool.hpp"
#include "learnloop/store/window_rows.hpp"

namespace learnloop {
namespace {

TEST(TextPool, CopiesOutliveTheirSourceAndLaterAdditions) {
  TextPool pool;
  std::vector<std::string_view> views;
  for (int i = 0; i < 20000; ++i) {
    std::string text = "id-" + std::to_string(i);
    views.push_back(pool.copy(text));
    text.assign(text.size(), '#');  // the source changes; the copy does not
  }
  const std::string long_text(100000, 'x');  // longer than a chunk
  const std::string_view long_view = pool.copy(long_text);
  views.push_back(pool.copy("after the long one"));
  for (int i = 0; i < 20000; ++i) EXPECT_EQ(views[static_cast<std::size_t>(i)], "id-" + std::to_string(i));
  EXPECT_EQ(long_view, long_text);
  EXPECT_EQ(views.back(), "after the long one");
  EXPECT_TRUE(pool.copy("").empty());
}

TEST(TextPool, InternedTextIsStoredOnce) {
  TextPool pool;
  const std::string_view a = pool.intern(std::string("twitter"));
  const std::size_t bytes = pool.bytes();
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(pool.intern(std::string("twitter")).data(), a.data());
  EXPECT_EQ(pool.bytes(), bytes);
  EXPECT_NE(pool.intern("tiktok").data(), a.data());
  EXPECT_EQ(pool.intern("tiktok"), "tiktok");
  EXPECT_TRUE(pool.intern("").empty());
}

TEST(OutcomeRows, CopiesAndSubsetsShareThePoolThatHoldsTheirText) {
  OutcomeRows subset;
  OutcomeRows copy;
  {
    OutcomeRows rows;
    OutcomeRow r;
    r.decision_id = rows.pool().copy(std::string("content-") + "1");
    r.platform = rows.pool().intern(std::string("tiktok"));
    rows.push_back(r);
    copy = rows;
    subset = OutcomeRows::sharing_pool(rows);
    subset.push_back(rows[0]);
  }
  EXPECT_EQ(copy[0].decision_id, "content-1");
  EXPECT_EQ(subset[0].platform, "tiktok");
  EXPECT_EQ(&subset.pool(), &copy.pool());
}

}  // namespace
}  // namespace learnloop
