// `learnloop ope`: off-policy evaluation of a logged CSV (one row per decision) with
// evaluate_off_policy(). The host reads the file; parsing and the estimators are the core's.
#include "commands.hpp"
#include "learnloop/bandits/off_policy.hpp"
#include "learnloop/core/format.hpp"
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

Result<CommandOutput> run_ope(const Flags& flags, CliHost& host) {
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
  return Command{{"ope"},
                 "off-policy evaluation of a logged CSV: IPS, self-normalised IPS and doubly robust with 95% intervals",
                 ope_flags(),
                 "learnloop ope --log bts_men.csv --reward-col click --propensity-col propensity_score "
                 "--target-col target_prob --action-col item_id --json",
                 run_ope};
}

}  // namespace learnloop::cli
