// Internal: the table of CLI subcommands. Each command declares its flags and a run function;
// cli.cpp does dispatch, help and error-to-exit-code mapping for all of them.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "flags.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/predictors/feature_spec.hpp"
#include "learnloop/predictors/gbdt.hpp"
#include "learnloop/text/csv.hpp"

namespace learnloop::cli {

/// Text a command produced on success.
struct CommandOutput {
  /// Output `text` on stdout, exit 0.
  explicit CommandOutput(std::string text = {}) : out(std::move(text)) {}
  std::string out;    ///< standard output
  int exit_code = 0;  ///< ExitCode::kOk, or ExitCode::kPartial when the command completed with failed parts
  std::string err;    ///< standard error (a warning line with kPartial)
};

/// One subcommand, e.g. {"bandit", "simulate"}.
struct Command {
  std::vector<std::string> path;  ///< words that name it
  std::string summary;            ///< one line for the command list
  std::vector<FlagSpec> flags;    ///< accepted flags (--help and --json are added by the dispatcher)
  std::string example;            ///< one example invocation for --help
  std::function<Result<CommandOutput>(const Flags&, CliHost&)> run;  ///< does the work
};

/// --db FILE, the flag of every command that works on a metrics database.
inline const FlagSpec kDbFlag{
    "db", true, "SQLite database file, or postgres://user@host:port/db (PG* variables fill in what it omits)",
    "FILE|URI", ""};

/// `e` with its message prefixed by the file it is about ("data.csv: line 3: ...").
Error in_file(const std::string& path, const Error& e);

/// Reads and parses a CSV file through the host; errors name the file.
Result<CsvTable> read_csv(CliHost& host, const std::string& path);

/// Work on an open database.
using DatabaseWork = std::function<Result<CommandOutput>(Database&)>;

/// Opens --db through the host (creating the file when `create`), runs `work`, then flushes (the Node host saves
/// there).
Result<CommandOutput> with_database(const Flags& flags, CliHost& host, bool create, const DatabaseWork& work);

/// Every registered command, in help order.
const std::vector<Command>& all_commands();

/// The `bandit simulate` command.
Command bandit_simulate_command();

/// The `ope` command (off-policy evaluation of a logged CSV, or of the decisions table with --db).
Command ope_command();

/// The `select` command (serve the store's content or timing bandit, optionally logging the decisions).
Command select_command();

/// The model-lifecycle commands: accuracy, retrain.
std::vector<Command> lifecycle_commands();

/// The database commands: init, ingest, learn, report, history, demo.
std::vector<Command> store_commands();

/// The `fit gbdt-regressor` and `fit gbdt-classifier` commands.
std::vector<Command> gbdt_commands();

/// The `cv` command (k-fold cross-validation of any predictor kind).
std::vector<Command> cv_commands();

/// GBDT settings from --n-estimators, --max-depth, --learning-rate, --min-child-weight, --lambda, --subsample,
/// --colsample, --max-bins, --early-stopping-rounds and --seed (absent flags keep the defaults).
Result<GbdtOptions> gbdt_options_from_flags(const Flags& flags);

/// The feature spec from --spec FILE, else plain numeric columns from --features (or every numeric column but
/// `target`).
Result<FeatureSpec> spec_from_flags(const Flags& flags, CliHost& host, const CsvTable& table,
                                    const std::string& target);

/// The `fit ridge`, `fit logistic` and `predict` commands.
std::vector<Command> predictor_commands();

/// `learn --records`: the learning job over record files (--records, --retention, --state), no database.
/// The output `out` of a learning run answered `run`: exit 3 and a warning line per problem when its status is partial.
CommandOutput learn_run_output(const nlohmann::ordered_json& run, std::string out);

Result<CommandOutput> learn_from_record_files(const Flags& flags, CliHost& host, int window_days);

/// The `index build` and `search` commands (similarity search over fvecs files).
std::vector<Command> embedding_commands();

/// The content analytics commands: besttime, virality, scores.
std::vector<Command> content_analytics_commands();
/// The ads analytics commands: fatigue, simulate-budget, emq.
std::vector<Command> ads_commands();

}  // namespace learnloop::cli
