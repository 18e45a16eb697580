// CLI dispatch: finds the subcommand named by the leading words, handles --help, --version and
// --json, runs the command and maps errors to one stderr line and an exit code.
#include "learnloop/cli/cli.hpp"

#include <algorithm>
#include <exception>

#include "commands.hpp"
#include "learnloop/version.hpp"

namespace learnloop::cli {

const std::vector<Command>& all_commands() {
  static const std::vector<Command> kCommands = [] {
    std::vector<Command> all = {bandit_simulate_command(), ope_command(), select_command()};
    for (Command& c : predictor_commands()) all.push_back(std::move(c));
    for (Command& c : gbdt_commands()) all.push_back(std::move(c));
    for (Command& c : cv_commands()) all.push_back(std::move(c));
    for (Command& c : store_commands()) all.push_back(std::move(c));
    for (Command& c : lifecycle_commands()) all.push_back(std::move(c));
    for (Command& c : embedding_commands()) all.push_back(std::move(c));
    for (Command& c : content_analytics_commands()) all.push_back(std::move(c));
    for (Command& c : ads_commands()) all.push_back(std::move(c));
    return all;
  }();
  return kCommands;
}

Error in_file(const std::string& path, const Error& e) { return {e.code, path + ": " + e.message}; }

Result<CsvTable> read_csv(CliHost& host, const std::string& path) {
  Result<std::string> text = read_file_text(host, path);
  if (!text.ok()) return text.error();
  Result<CsvTable> table = parse_csv(text.value());
  if (!table.ok()) return in_file(path, table.error());
  return table;
}

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string command_list(const std::vector<std::string>& prefix) {
  std::string out;
  for (const Command& c : all_commands()) {
    if (prefix.size() > c.path.size() || !std::equal(prefix.begin(), prefix.end(), c.path.begin())) continue;
    std::string name = joined(c.path);
    name.resize(std::max<std::size_t>(name.size() + 2, 20), ' ');
    out += "  " + name + c.summary + "\n";
  }
  return out;
}

std::string top_help() {
  return "learnloop " + std::string(kVersion) +
         ": bandits, off-policy evaluation, predictors, similarity search and the daily learning job over content "
         "metrics\n\n"
         "usage: learnloop <command> [flags]\n\ncommands:\n" +
         command_list({}) +
         "\nglobal flags:\n  --help, -h          show help (also after a command)\n"
         "  --version           print the version\n  --json              print machine-readable JSON\n\n"
         "exit codes: 0 ok, 2 bad usage or bad input, 1 internal failure, 3 completed with failed parts (e.g. learn "
         "stored its run but a model could not be fitted)\n";
}

std::vector<FlagSpec> flags_with_globals(const Command& c) {
  std::vector<FlagSpec> specs = c.flags;
  specs.push_back({"json", false, "print the result as one line of JSON", "", ""});
  specs.push_back({"help", false, "show this help", "", "h"});
  return specs;
}

std::string command_help(const Command& c) {
  return "usage: learnloop " + joined(c.path) + " [flags]\n\n" + c.summary + "\n\nflags:\n" +
         flags_help(flags_with_globals(c)) + "\nexample:\n  " + c.example + "\n";
}

CliOutput fail(const Error& e) {
  const bool runtime = e.code == ErrorCode::kInternal || e.code == ErrorCode::kBusy;  // not the caller's input
  const int code = runtime ? static_cast<int>(ExitCode::kInternal) : static_cast<int>(ExitCode::kUsage);
  return CliOutput{code, "", "learnloop: error: " + e.message + "\n"};
}

bool is_help(const std::string& arg) { return arg == "--help" || arg == "-h"; }

CliOutput dispatch(const std::vector<std::string>& args, CliHost& host) {
  if (args.empty()) return fail(invalid_argument("missing command; run 'learnloop --help' for the list of commands"));
  if (is_help(args[0])) return CliOutput{0, top_help(), ""};
  if (args[0] == "--version") return CliOutput{0, "learnloop " + std::string(kVersion) + "\n", ""};

  std::vector<std::string> words;
  std::size_t i = 0;
  for (; i < args.size() && !args[i].empty() && args[i][0] != '-'; ++i) words.push_back(args[i]);
  // The command is the longest run of leading words that names one; bare words after it are its arguments.
  const Command* found = nullptr;
  for (const Command& c : all_commands()) {
    const bool named = c.path.size() <= words.size() && std::equal(c.path.begin(), c.path.end(), words.begin());
    if (named && (found == nullptr || c.path.size() > found->path.size())) found = &c;
  }
  if (found == nullptr) {
    const bool is_group = words.size() == 1 && command_list(words) != "";
    if (is_group && i < args.size() && is_help(args[i])) return CliOutput{0, "commands:\n" + command_list(words), ""};
    std::string names;
    for (const Command& c : all_commands()) {
      if (!is_group || c.path[0] == words[0]) names += (names.empty() ? "" : ", ") + joined(c.path);
    }
    const std::string what = words.empty() ? "missing command before '" + args[i] + "'"
                             : is_group    ? "'" + words[0] + "' needs a subcommand"
                                           : "unknown command '" + joined(words) + "'";
    return fail(invalid_argument(what + "; expected one of: " + names));
  }
  i = found->path.size();
  const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  const std::vector<FlagSpec> specs = flags_with_globals(*found);
  for (const std::string& a : rest) {
    if (is_help(a)) return CliOutput{0, command_help(*found), ""};
  }
  Result<Flags> flags = Flags::parse(rest, specs);
  if (!flags.ok()) return fail(flags.error());
  Result<CommandOutput> out = found->run(flags.value(), host);
  if (!out.ok()) return fail(out.error());
  return CliOutput{out.value().exit_code, out.value().out, out.value().err};
}

}  // namespace
}  // namespace learnloop::cli

namespace learnloop {

namespace {

const char* file_error_reason(FileError error, const char* not_found, const char* other) {
  return error == FileError::kNotFound           ? not_found
         : error == FileError::kPermissionDenied ? "permission denied"
                                                 : other;
}

}  // namespace

Error file_read_error(const std::string& path, FileError error) {
  return Error{ErrorCode::kNotFound,
               "cannot read '" + path + "': " + file_error_reason(error, "no such file", "it is not a readable file")};
}

Result<std::string> read_file_text(CliHost& host, const std::string& path) {
  std::string text;
  FileError error = FileError::kOther;
  if (host.read_text_file(path, &text, &error)) return text;
  return file_read_error(path, error);
}

Status write_file_text(CliHost& host, const std::string& path, const std::string& text) {
  FileError error = FileError::kOther;
  if (host.write_text_file(path, text, &error)) return {};
  return Error{ErrorCode::kInvalidArgument,
               "cannot write '" + path + "': " + file_error_reason(error, "no such folder", "the write failed")};
}

Result<std::string> read_file_bytes(CliHost& host, const std::string& path) {
  std::string bytes;
  FileError error = FileError::kOther;
  if (host.read_binary_file(path, &bytes, &error)) return bytes;
  return file_read_error(path, error);
}

Status write_file_bytes(CliHost& host, const std::string& path, const std::string& bytes) {
  FileError error = FileError::kOther;
  if (host.write_binary_file(path, bytes, &error)) return {};
  return Error{ErrorCode::kInvalidArgument,
               "cannot write '" + path + "': " + file_error_reason(error, "no such folder", "the write failed")};
}

CliOutput run_cli(const std::vector<std::string>& args, CliHost& host) {
  try {
    return cli::dispatch(args, host);
  } catch (const std::exception& e) {
    return cli::fail(Error{ErrorCode::kInternal, std::string("internal failure: ") + e.what()});
  }
}

}  // namespace learnloop
