// The CLI: run() behaviour (help, version, JSON output, errors and exit codes) and the native
// binary itself (exit codes, stdout/stderr split), plus the TTY-only progress bar.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

#include "cli/file_host.hpp"
#include "cli/progress_bar.hpp"
#include "golden.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/version.hpp"

namespace learnloop {
namespace {

// run_cli with the native file host.
CliOutput run(const std::vector<std::string>& args) {
  native::FileHost host(stderr);
  return run_cli(args, host);
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

TEST(Cli, SimulateJsonMatchesGolden) {
  const auto golden = testing::load_golden("bandits/thompson_simulation.json");
  const auto& c = golden["cases"][0];
  CliOutput out =
      run(words("bandit simulate --policy thompson --probs 0.02,0.03,0.05 --rounds 100000 --seed 7 --json"));
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.err, "");
  const auto parsed = nlohmann::json::parse(out.out);
  EXPECT_EQ(parsed["pulls"], c["report"]["pulls"]);
  EXPECT_EQ(parsed["reward"], c["report"]["reward"]);
  EXPECT_EQ(parsed["policy"], "thompson");
  EXPECT_EQ(parsed["rounds"], 100000);
  EXPECT_EQ(parsed["seed"], 7);
}

TEST(Cli, FlagsMayUseEqualsAndAnyOrder) {
  CliOutput a = run(words("bandit simulate --seed=3 --rounds=50 --probs=0.1,0.9 --json"));
  CliOutput b = run(words("bandit simulate --json --probs 0.1,0.9 --rounds 50 --seed 3"));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(Cli, HumanOutputListsArms) {
  CliOutput out = run(words("bandit simulate --probs 0.1,0.9 --rounds 100 --seed 3"));
  ASSERT_EQ(out.exit_code, 0);
  EXPECT_NE(out.out.find("arm  p"), std::string::npos);
  EXPECT_NE(out.out.find("regret"), std::string::npos);
}

TEST(Cli, HelpAndVersion) {
  EXPECT_EQ(run({"--version"}).out, std::string("learnloop ") + kVersion + "\n");
  CliOutput help = run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("bandit simulate"), std::string::npos);
  CliOutput sub = run(words("bandit simulate --help"));
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--probs P1,P2,..."), std::string::npos);
  EXPECT_EQ(run(words("bandit --help")).exit_code, 0);
}

TEST(Cli, BadInputIsOneLineOnStderrWithExitCode2) {
  struct Case {
    const char* args;
    const char* err;
  };
  const Case cases[] = {
      {"bandit simulate --probs 0.1,1.5 --rounds 5", "probs[1] is 1.5; expected a probability in [0, 1]"},
      {"bandit simulate --probs 0.1,abc --rounds 5", "--probs has 'abc', which is not a number"},
      {"bandit simulate --probs 0.1 --rounds 0", "rounds is 0; expected an integer in [1, 100000000]"},
      {"bandit simulate --probs 0.1 --rounds 2.5", "--rounds '2.5' is not a whole number"},
      {"bandit simulate --probs 0.1 --rounds -3", "--rounds '-3' is not a whole number"},
      {"bandit simulate --probs 0.1 --rounds 3 --seed 9007199254740992", "--seed '9007199254740992' is above 2^53-1"},
      {"bandit simulate --policy nope --probs 0.1 --rounds 3",
       "unknown policy 'nope'; expected one of: thompson, ucb1"},
      {"bandit simulate --rounds 3", "missing --probs P1,P2,..."},
      {"bandit simulate --probs 0.1 --rounds 3 --frobnicate", "unknown flag '--frobnicate'"},
      {"bandit simulate --probs 0.1 --probs 0.2 --rounds 3", "--probs is given twice"},
      {"bandit simulate --probs", "--probs needs a value"},
      {"frob", "unknown command 'frob'; expected one of: bandit simulate, ope"},
      {"bandit", "'bandit' needs a subcommand"},
      {"bandit simulate stray --probs 0.1 --rounds 3", "unexpected argument 'stray'; flags start with --"},
      {"", "missing command"},
  };
  for (const Case& c : cases) {
    CliOutput out = run(words(c.args));
    EXPECT_EQ(out.exit_code, 2) << c.args;
    EXPECT_EQ(out.out, "") << c.args;
    EXPECT_EQ(out.err.rfind("learnloop: error: ", 0), 0u) << c.args;
    EXPECT_NE(out.err.find(c.err), std::string::npos) << c.args << " -> " << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << c.args;
  }
}

// Runs the native binary through the shell; returns {exit code, stdout}.
std::pair<int, std::string> run_binary(const std::string& args) {
  const std::string cmd = std::string(LEARNLOOP_CLI_PATH) + " " + args + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 256> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
  const int status = pclose(pipe.release());
  return {WEXITSTATUS(status), out};
}

TEST(NativeBinary, ExitCodesAndOutput) {
  auto ok = run_binary("bandit simulate --probs 0.2,0.4 --rounds 100 --seed 1 --json");
  EXPECT_EQ(ok.first, 0);
  EXPECT_EQ(ok.second, run(words("bandit simulate --probs 0.2,0.4 --rounds 100 --seed 1 --json")).out);
  EXPECT_EQ(run_binary("bandit simulate --probs 2 --rounds 1").first, 2);
  EXPECT_EQ(run_binary("nope").first, 2);
  EXPECT_EQ(run_binary("--version").second, std::string("learnloop ") + kVersion + "\n");
}

TEST(ProgressBar, DrawsOnlyWhenEnabledAndEndsTheLine) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    native::ProgressBar off(file);  // a temp file is not a TTY
    EXPECT_FALSE(off.enabled());
    off.on_progress("simulate", 1, 2);
  }
  EXPECT_EQ(std::ftell(file), 0);
  {
    native::ProgressBar on(file, true);
    on.on_progress("simulate", 1, 2);
    on.on_progress("simulate", 2, 2);
  }
  std::rewind(file);
  std::array<char, 256> buf{};
  std::string text(buf.data(), std::fread(buf.data(), 1, buf.size(), file));
  std::fclose(file);
  EXPECT_EQ(text, "\r" + render_progress_line("simulate", 1, 2) + "\r" + render_progress_line("simulate", 2, 2) + "\n");
}

TEST(ProgressLine, RendersBarPercentAndCounts) {
  EXPECT_EQ(render_progress_line("job", 5, 10, 10), "job [#####.....]  50% 5/10");
  EXPECT_EQ(render_progress_line("job", 10, 10, 4), "job [####] 100% 10/10");
  EXPECT_EQ(render_progress_line("job", 0, 0, 2), "job [##] 100% 0/0");
}

}  // namespace
}  // namespace learnloop
