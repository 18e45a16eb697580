// Small CLI output promises (issue 18 item 6): counts print as integers in JSON (1364, never
// 1364.0), and `learn --records --state` says in its help that it overwrites the state file, or
// writes the new state to --state-out and leaves the input alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/file_host.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/core/json_numbers.hpp"

namespace learnloop {
namespace {

const std::string kRecords = std::string(LEARNLOOP_GOLDEN_DIR) + "/store/records.jsonl";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliOutput, CountsPrintAsIntegers) {
  EXPECT_EQ(json_count(1364.0).dump(), "1364");
  EXPECT_EQ(json_count(0.0).dump(), "0");
  EXPECT_EQ(json_count(2.5).dump(), "2.5");  // a discounted count stays fractional
  EXPECT_EQ(json_count(1e300).dump(), "1e+300");
  native::FileHost host(stderr);
  const CliOutput out = run_cli({"learn", "--records", kRecords, "--window", "30", "--json"}, host);
  ASSERT_EQ(out.exit_code, 0) << out.err;
  // Bandit arms in the answer, the report and the carried state: successes, failures and pulls are whole numbers.
  const std::regex whole_as_double(R"re("(successes|failures|pulls)":-?[0-9]+\.0[,}\]])re");
  std::smatch found;
  EXPECT_FALSE(std::regex_search(out.out, found, whole_as_double)) << found.str();
  EXPECT_NE(out.out.find("\"pulls\":"), std::string::npos);
}

TEST(CliOutput, StateIsOverwrittenAsTheHelpSaysOrWrittenToStateOut) {
  native::FileHost host(stderr);
  const CliOutput help = run_cli({"learn", "--help"}, host);
  EXPECT_NE(help.out.find("OVERWRITTEN with the new state"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--state-out"), std::string::npos);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-cli-output";
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "state.json").string(), out = (dir / "state-next.json").string();
  std::filesystem::remove(out);
  ASSERT_EQ(run_cli({"learn", "--records", kRecords, "--date", "2026-03-12", "--state", in, "--json"}, host).exit_code,
            0);
  const std::string first = read_text(in);
  ASSERT_NE(first.find("\"through\":\"2026-03-12\""), std::string::npos) << first;
  const CliOutput next = run_cli(
      {"learn", "--records", kRecords, "--date", "2026-03-14", "--state", in, "--state-out", out, "--json"}, host);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(read_text(in), first);  // the input state is left as it was
  EXPECT_NE(read_text(out).find("\"through\":\"2026-03-14\""), std::string::npos);
  EXPECT_NE(run_cli({"learn", "--db", "x.db", "--state-out", out}, host).err.find("--state-out goes with --records"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace learnloop
