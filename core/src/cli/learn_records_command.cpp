// `learnloop learn --records FILE`: the learning job over a service's own records, no database.
// Records come as a JSON array or JSON Lines; --state names the file that carries the bandit state
// from run to run (read when it exists, replaced after a successful run, or written to --state-out instead).
#include "analytics_text.hpp"
#include "commands.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/pipelines/learn_records.hpp"

namespace learnloop::cli {
namespace {

// A JSON array, or JSON Lines (one object per non-empty line); errors name the file and line.
Result<nlohmann::json> read_records(CliHost& host, const std::string& path) {
  Result<std::string> text = read_file_text(host, path);
  if (!text.ok()) return text.error();
  const std::string& t = text.value();
  const std::size_t first = t.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && t[first] == '[') {
    Result<nlohmann::json> parsed = parse_json(t);
    if (!parsed.ok()) return in_file(path, parsed.error());
    return parsed;
  }
  nlohmann::json rows = nlohmann::json::array();
  std::size_t line_no = 0, start = 0;
  while (start < t.size()) {
    std::size_t end = t.find('\n', start);
    if (end == std::string::npos) end = t.size();
    const std::string line = t.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Result<nlohmann::json> row = parse_json(line);
    if (!row.ok())
      return in_file(path, invalid_argument("line " + std::to_string(line_no) + ": " + row.error().message));
    rows.push_back(std::move(row).value());
  }
  return rows;
}

// The saved state, or null when the file does not exist yet (the first run).
Result<nlohmann::json> read_state(CliHost& host, const std::string& path) {
  std::string text;
  FileError error = FileError::kOther;
  if (!host.read_text_file(path, &text, &error)) {
    if (error == FileError::kNotFound) return nlohmann::json();
    return read_file_text(host, path).error();
  }
  Result<nlohmann::json> parsed = parse_json(text);
  if (!parsed.ok()) return in_file(path, parsed.error());
  return parsed;
}

}  // namespace

Result<CommandOutput> learn_from_record_files(const Flags& flags, CliHost& host, int window_days) {
  RecordsLearnRequest request;
  Result<std::string> date = flags.read_date("date");
  if (!date.ok()) return date.error();
  request.date = date.value();
  request.today = host.today_utc();
  request.window_days = window_days;
  if (Status s = flags.read_number("threshold", &request.success_threshold); !s.ok()) return s.error();
  const std::string records_path = *flags.get("records");
  Result<nlohmann::json> records = read_records(host, records_path);
  if (!records.ok()) return records.error();
  request.records = std::move(records).value();
  if (auto path = flags.get("retention")) {
    Result<nlohmann::json> retention = read_records(host, *path);
    if (!retention.ok()) return retention.error();
    request.retention = std::move(retention).value();
  }
  const auto state_path = flags.get("state");
  if (state_path) {
    Result<nlohmann::json> state = read_state(host, *state_path);
    if (!state.ok()) return state.error();
    request.state = std::move(state).value();
  }
  Result<nlohmann::ordered_json> run = learn_from_records(request, &host);
  if (!run.ok()) {
    // The core names the input ("records[3].impressions: ...", "retention[0]...", "state.through: ..."); add its file.
    const std::string& message = run.error().message;
    for (const auto& [input, path] :
         {std::pair{"records", flags.get("records")}, {"retention", flags.get("retention")}, {"state", state_path}}) {
      if (path && message.rfind(input, 0) == 0) return in_file(*path, run.error());
    }
    return run.error();
  }
  const nlohmann::ordered_json& r = run.value();
  // The new state goes to --state-out when given, else it replaces --state (the help says so).
  const auto state_out = flags.has("state-out") ? flags.get("state-out") : state_path;
  if (state_out) {
    if (Status s = write_file_text(host, *state_out, r["state"].dump() + "\n"); !s.ok()) return s.error();
  }
  if (flags.has("json")) return learn_run_output(r, r.dump() + "\n");
  std::string out = "learned " + r["date"].get<std::string>() + " from " + records_path + ": " +
                    r["outcomes_read"].dump() + " outcomes in the window, " + r["new_outcomes"].dump() +
                    " new for the bandits" + (state_out ? "; state saved to " + *state_out : "") + "\n";
  return learn_run_output(r, out + "\n" + render_report_text(r["report"]));
}

}  // namespace learnloop::cli
