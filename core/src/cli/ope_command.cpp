// `learnloop ope`: off-policy evaluation of a logged CSV (one row per decision) with
// evaluate_off_policy(). The host reads the file; parsing and the estimators are the core's.
#include "commands.hpp"
#include "learnloop/bandits/off_policy.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/store/decisions.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& ope_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"log", true, "CSV of logged decisions with a header line", "FILE.csv", ""},
      {"reward-col", true, "column of observed rewards", "NAME", ""},
      {"propensity-col", true, "column of the logging policy's probability of the logged action, in (0,1]", "NAME", ""},
      {"target-col", true, "column of the target policy's probability of the logged action, in [0,1]", "NAME", ""},
      {"action-col", true, "column of logged action ids (per-action reward model for DR)", "NAME", ""},
      kDbFlag,
      {"scope", true, "with --db: the logged decisions of content or timing", "SCOPE", ""},
      {"target", true, "with --db: the policy to evaluate, a bandit state or {\"probabilities\":{ARM:P}}",
       "POLICY.json", ""},
      {"threshold", true, "with --db: engagement rate that counts as a success (default 0.03)", "RATE", ""},
  };
  return kSpecs;
}

std::string render_text(const OpeReport& r) {
  auto line = [](const char* name, const OpeEstimate& e) {
    return std::string(name) + format_number(e.value) + "  (stderr " + format_number(e.std_error) + ", 95% CI [" +
           format_number(e.ci95_low) + ", " + format_number(e.ci95_high) + "])\n";
  };
  return "rows   " + std::to_string(r.n) + "\n" + line("ips    ", r.ips) + line("snips  ", r.snips) +
         line("dr     ", r.dr) + "ess    " + format_number(r.ess) + "\n";
}

// `ope --db`: the decisions table of --scope against the --target policy file.
Result<CommandOutput> run_ope_db(const Flags& flags, CliHost& host) {
  for (const char* csv_only : {"log", "reward-col", "propensity-col", "target-col", "action-col"}) {
    if (flags.has(csv_only)) return invalid_argument(std::string("--") + csv_only + " goes with --log, not --db");
  }
  Result<std::string> scope = flags.require("scope", ope_flags());
  if (!scope.ok()) return scope.error();
  Result<std::string> target_path = flags.require("target", ope_flags());
  if (!target_path.ok()) return target_path.error();
  double threshold = 0.03;
  if (Status s = flags.read_number("threshold", &threshold); !s.ok()) return s.error();
  Result<std::string> text = read_file_text(host, target_path.value());
  if (!text.ok()) return text.error();
  Result<nlohmann::json> target = parse_json(text.value());
  if (!target.ok()) return in_file(target_path.value(), target.error());
  return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
    Result<nlohmann::ordered_json> report = evaluate_logged_decisions(db, scope.value(), target.value(), threshold);
    if (!report.ok()) return report.error();
    const nlohmann::ordered_json& r = report.value();
    if (flags.has("json")) return CommandOutput{r.dump() + "\n"};
    auto line = [](const char* name, const nlohmann::ordered_json& e) {
      return std::string(name) + e["value"].dump() + "  (stderr " + e["stderr"].dump() + ", 95% CI [" +
             e["ci95"][0].dump() + ", " + e["ci95"][1].dump() + "])\n";
    };
    return CommandOutput{"decisions " + r["decisions"].dump() + " (" + r["decisions_without_outcomes"].dump() +
                         " without outcomes, left out)\n" + line("ips    ", r["ips"]) + line("snips  ", r["snips"]) +
                         line("dr     ", r["dr"]) + "ess    " + r["ess"].dump() + "\n"};
  });
}

Result<CommandOutput> run_ope(const Flags& flags, CliHost& host) {
  if (flags.has("db")) return run_ope_db(flags, host);
  for (const char* db_only : {"scope", "target", "threshold"}) {
    if (flags.has(db_only)) return invalid_argument(std::string("--") + db_only + " goes with --db, not --log");
  }
  std::string columns[4];
  const char* required[4] = {"log", "reward-col", "propensity-col", "target-col"};
  for (int i = 0; i < 4; ++i) {
    Result<std::string> v = flags.require(required[i], ope_flags());
    if (!v.ok()) return v.error();
    columns[i] = v.value();
  }
  const std::string& path = columns[0];
  Result<CsvTable> table = read_csv(host, path);
  if (!table.ok()) return table.error();
  LoggedDecisions log;
  for (auto [column, target] : {std::pair{&columns[1], &log.rewards}, std::pair{&columns[2], &log.propensities},
                                std::pair{&columns[3], &log.target_probs}}) {
    Result<std::vector<double>> values = table.value().numbers(*column);
    if (!values.ok()) return in_file(path, values.error());
    *target = std::move(values).value();
  }
  if (auto action_col = flags.get("action-col")) {
    Result<std::vector<std::string>> actions = table.value().strings(*action_col);
    if (!actions.ok()) return in_file(path, actions.error());
    log.actions = std::move(actions).value();
  }
  log.source_lines = table.value().line_numbers;
  Result<OpeReport> report = evaluate_off_policy(log);
  if (!report.ok()) return in_file(path, report.error());
  return CommandOutput{flags.has("json") ? ope_report_to_json(report.value()) + "\n" : render_text(report.value())};
}

}  // namespace

Command ope_command() {
  return Command{
      {"ope"},
      "off-policy evaluation of a logged CSV, or of the store's decisions (--db): IPS, SNIPS and DR with 95% intervals",
      ope_flags(),
      "learnloop ope --log bts_men.csv --reward-col click --propensity-col propensity_score "
      "--target-col target_prob --action-col item_id --json",
      run_ope};
}

}  // namespace learnloop::cli
