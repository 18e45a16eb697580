// Bad input is exit 2 with the file and field, never exit 1 "internal failure" (issue 16, item 11):
// an index id that is not valid UTF-8 was accepted by `index build` and then failed `search --json`
// (JSON output needs UTF-8), and text cells with invalid bytes were stored for reports to fail on.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "hostile_support.hpp"
#include "learnloop/text/utf8.hpp"

namespace learnloop {
namespace {

using hostile::run;
hostile::ScratchDir scratch("text");

namespace fs = std::filesystem;

// Two 2-dimensional vectors in fvecs form.
std::string two_vectors() {
  std::string bytes;
  for (float x : {1.0F, 0.0F}) {
    const std::int32_t dim = 2;
    const float row[2] = {x, 1.0F - x};
    bytes.append(reinterpret_cast<const char*>(&dim), 4);
    bytes.append(reinterpret_cast<const char*>(row), 8);
  }
  return bytes;
}

TEST(HostileText, Utf8ValidationFollowsTheStandard) {
  EXPECT_TRUE(is_valid_utf8("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80"));
  EXPECT_EQ(invalid_utf8_offset("ok\xFF"), 2u);
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

TEST(HostileText, AnIdThatIsNotUtf8IsRefusedAtBuild) {
  const std::string vectors = scratch.file("two.fvecs", two_vectors());
  const std::string ids = scratch.file("ids.txt", "good\nbad\xFF\n");
  const std::string out_path = scratch.file("two.index", "");
  fs::remove(out_path);
  const CliOutput out = run({"index", "build", "--vectors", vectors, "--ids", ids, "--out", out_path});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("an id is not valid UTF-8 (at byte 3)"), std::string::npos) << out.err;
  EXPECT_FALSE(fs::exists(out_path));
}

TEST(HostileText, TextCellsThatAreNotUtf8AreBadRows) {
  const std::string db = scratch.file("text.db", "");
  fs::remove(db);
  ASSERT_EQ(run({"init", "--db", db}).exit_code, 0);
  const std::string csv = scratch.file("bad.csv", "decision_id,platform,decision_type\nc1,tik\xFFtok,video\n");
  const CliOutput out = run({"ingest", "--db", db, "--table", "content_metadata", "--file", csv});
  EXPECT_EQ(out.exit_code, 2) << out.out;
  EXPECT_NE(out.err.find("line 2: column 'platform': the text is not valid UTF-8 (at byte 3)"), std::string::npos)
      << out.err;
}

TEST(HostileText, ANumberThatOverflowsIsBadInput) {
  const CliOutput out = run({"bandit", "simulate", "--probs", "0.1,1e999", "--rounds", "10"});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_EQ(out.err.find("internal failure"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace learnloop
