// The database commands: init, ingest, learn, report, history and demo. The host opens the
// database (libsqlite3 natively, sqlite-wasm in the npm bin); everything else happens here.
#include <cmath>
#include <functional>

#include "analytics_text.hpp"
#include "commands.hpp"
#include "host_file_source.hpp"
#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/pipelines/learn_shards.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/overview.hpp"
#include "learnloop/store/pgvector_search.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop::cli {
namespace {

// Bytes ingest reads from its file at once: memory holds one such chunk, not the file.
constexpr std::size_t kIngestChunkBytes = std::size_t{1} << 20;

const FlagSpec kDateFlag{"date", true, "day to work on (default: yesterday, UTC)", "YYYY-MM-DD", ""};

// --date, or yesterday by the host's clock.
Result<std::string> day_flag(const Flags& flags, CliHost& host) {
  if (flags.has("date")) return flags.read_date("date");
  const std::string today = host.today_utc();
  if (today.empty())
    return invalid_argument("missing --date YYYY-MM-DD (this host has no clock for the default, yesterday)");
  Result<DayNumber> t = parse_date(today, "today");
  if (!t.ok()) return t.error();
  return format_date(t.value() - 1);
}

std::string json_line(const nlohmann::ordered_json& j) { return j.dump() + "\n"; }

// --content-* or --timing-* bandit options of learn (`prefix` "content" or "timing").
Result<JobBanditOptions> job_bandit_flags(const Flags& flags, const std::string& prefix) {
  JobBanditOptions o;
  for (auto [name, field] : {std::pair{"-discount", &o.discount}, std::pair{"-floor", &o.floor}}) {
    if (!flags.has(prefix + name)) continue;
    double v = 0;
    if (Status s = flags.read_number(prefix + name, &v); !s.ok()) return s.error();
    *field = v;
  }
  if (flags.has(prefix + "-window")) {
    std::uint64_t w = 0;
    if (Status s = flags.read_count(prefix + "-window", &w); !s.ok()) return s.error();
    o.window = static_cast<std::size_t>(w);
  }
  if (auto allowed = flags.get(prefix + "-allowed")) {
    if (prefix == "timing") {
      Result<std::vector<std::string>> arms = timing_arms_from_text(*allowed);
      if (!arms.ok()) return invalid_argument("--timing-allowed: " + arms.error().message);
      o.allowed = arms.value();
    } else {
      Result<std::vector<std::string>> arms = split_names(*allowed, "content-allowed");
      if (!arms.ok()) return arms.error();
      o.allowed = arms.value();
    }
  }
  return o;
}

Result<CommandOutput> learn(Database& db, const Flags& flags, CliHost& host, const std::string& date) {
  LearnOptions options;
  options.date = date;
  options.today = host.today_utc();
  Result<int> window = flags.read_int_in("window", 7, 1, 366);
  if (!window.ok()) return window.error();
  options.window_days = window.value();
  if (Status s = flags.read_number("threshold", &options.success_threshold); !s.ok()) return s.error();
  options.force = flags.has("force");
  Result<JobBanditOptions> content = job_bandit_flags(flags, "content");
  if (!content.ok()) return content.error();
  Result<JobBanditOptions> timing = job_bandit_flags(flags, "timing");
  if (!timing.ok()) return timing.error();
  options.content_bandit = content.value();
  options.timing_bandit = timing.value();
  options.now = host.now_utc();
  options.tasks = host.task_pair();
  Result<nlohmann::ordered_json> run = invalid_argument("no run");
  if (auto spec = flags.get("shard")) {
    Result<ShardSpec> shard = parse_shard_spec(*spec);
    if (!shard.ok()) return Error{shard.error().code, "--shard: " + shard.error().message};
    run = run_learning_shard(db, options, shard.value(), &host);
  } else if (flags.has("merge")) {
    run = merge_learning_shards(db, options, &host);
  } else {
    run = run_learning_job(db, options, &host);
  }
  if (!run.ok()) return run.error();
  if (flags.has("json")) return learn_run_output(run.value(), json_line(run.value()));
  const auto& r = run.value();
  if (r["status"] == "already_learned" || r["status"] == "shard_stored")
    return CommandOutput{r["message"].get<std::string>() + "\n"};
  std::string out = "learned " + r["date"].get<std::string>() + ": " + r["outcomes_read"].dump() +
                    " outcomes in the window, " + r["new_outcomes"].dump() + " new for the bandits\n";
  return learn_run_output(r, out + "\n" + render_report_text(r["report"]));
}

Command init_command() {
  return {{"init"},
          "create a metrics database (or migrate one to this version's schema)",
          {kDbFlag},
          "learnloop init --db metrics.db",
          [](const Flags& flags, CliHost& host) {
            return with_database(flags, host, true, [&](Database& db) -> Result<CommandOutput> {
              if (Status s = migrate_schema(db); !s.ok()) return s.error();
              Result<bool> converted = adopt_pgvector(db);
              if (!converted.ok()) return converted.error();
              const std::string shown = redact_database_target(*flags.get("db"));
              nlohmann::ordered_json j = {{"db", shown}, {"schema_version", latest_schema_version()}};
              std::string text =
                  "database " + shown + " is at schema version " + std::to_string(latest_schema_version()) + "\n";
              if (db.dialect() == Dialect::kPostgres) {
                // Which embeddings path init took: pgvector values, or float32 bytea and why.
                Result<PgvectorSupport> support = pgvector_support(db);
                if (!support.ok()) return support.error();
                const bool pgvector = support.value().storage == VectorStorage::kPgvector;
                j["embeddings"] = pgvector ? "pgvector" : "bytea";
                j["embeddings_note"] = support.value().note;
                j["embeddings_converted"] = converted.value();
                if (converted.value()) text += "embeddings: converted from float32 bytea to pgvector values\n";
                text += pgvector ? "embeddings: pgvector values (search --db answers through pgvector by default)\n"
                                 : "embeddings: float32 bytea; " + support.value().note + "\n";
              }
              if (flags.has("json")) return CommandOutput{json_line(j)};
              return CommandOutput{text};
            });
          }};
}

Command info_command() {
  return {{"info"},
          "show what a metrics database holds: rows per table, the days of its outcomes, its latest learning run",
          {kDbFlag},
          "learnloop info --db metrics.db",
          [](const Flags& flags, CliHost& host) {
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<nlohmann::ordered_json> overview = store_overview(db);
              if (!overview.ok()) return overview.error();
              const nlohmann::ordered_json& o = overview.value();
              if (flags.has("json")) return CommandOutput{json_line(o)};
              std::string out = "database " + redact_database_target(*flags.get("db")) + " (schema version " +
                                o["schema_version"].dump() + ")\n";
              for (const auto& [table, rows] : o["tables"].items())
                out += "  " + table + ": " + rows.dump() + " rows\n";
              const auto day = [](const nlohmann::ordered_json& d) {
                return d.is_null() ? std::string("none") : d.get<std::string>();
              };
              out += "outcomes from " + day(o["outcomes"]["first_day"]) + " to " + day(o["outcomes"]["last_day"]) +
                     "; latest learning run: " + day(o["latest_run"]) + "\n";
              return CommandOutput{out};
            });
          }};
}

Command ingest_command() {
  return {{"ingest"},
          "load a CSV or JSON Lines file into a metric table, in one transaction",
          {kDbFlag,
           {"table", true, "metric table, e.g. outcomes or retention_metrics", "TABLE", ""},
           {"file", true, "the file to load (also the bare argument)", "FILE", "", true},
           {"format", true, "csv or jsonl (default: from the file name)", "FORMAT", ""},
           {"map", true, "rename source columns", "SRC=COL,...", ""},
           {"skip-bad", false, "write the good rows and list the bad ones (default: all or nothing)", "", ""}},
          "learnloop ingest --db metrics.db --table outcomes outcomes.csv",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<std::string> table = flags.require("table", {{"table", true, "", "TABLE", ""}});
            if (!table.ok()) return table.error();
            Result<std::string> file = flags.require("file", {{"file", true, "", "FILE", ""}});
            if (!file.ok()) return file.error();
            IngestOptions options;
            options.table = table.value();
            const std::string& f = file.value();
            const auto ends = [&](const std::string& suffix) {
              return f.size() >= suffix.size() && f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0;
            };
            options.format = flags.get("format").value_or(ends(".jsonl") || ends(".ndjson") ? "jsonl" : "csv");
            if (auto m = flags.get("map")) {
              Result<std::vector<std::pair<std::string, std::string>>> mapping = parse_column_mapping(*m);
              if (!mapping.ok()) return mapping.error();
              options.mapping = mapping.value();
            }
            options.skip_bad = flags.has("skip-bad");
            HostFileSource source(host, f, kIngestChunkBytes);
            if (Status s = source.open(); !s.ok()) return s.error();
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<IngestResult> done = ingest_stream(db, source, options, &host);
              if (!done.ok()) return in_file(f, with_option_renamed(done.error(), "skip_bad", "--skip-bad"));
              const nlohmann::ordered_json j = {{"table", options.table},
                                                {"rows_written", done.value().rows_written},
                                                {"bad_rows", done.value().bad_rows}};
              if (flags.has("json")) return CommandOutput{json_line(j)};
              std::string out =
                  "ingested " + std::to_string(done.value().rows_written) + " rows into " + options.table + "\n";
              for (const std::string& bad : done.value().bad_rows) out += "  skipped " + bad + "\n";
              return CommandOutput{out};
            });
          }};
}

Command learn_command() {
  return {
      {"learn"},
      "run the daily learning job: bandits, predictors, snapshot and report for one day",
      {kDbFlag,
       kDateFlag,
       {"window", true, "days of outcomes to learn from (default 7)", "DAYS", ""},
       {"threshold", true, "engagement rate that counts as a success (default 0.03)", "RATE", ""},
       {"force", false, "replace the run already committed for the date (else it is kept: already_learned)", "", ""},
       {"shard", true,
        "compute shard i of N of the run (content split by a hash of its id) and store it in learn_partials; run "
        "i = 0..N-1, then --merge",
        "i/N", ""},
       {"merge", false, "merge the N stored shards of the date and commit the run (same options as the shards)", "",
        ""},
       {"content-floor", true, "least probability of each allowed content arm when serving (stored)", "P", ""},
       {"content-allowed", true, "content arms the bandit may serve (stored; default all)", "ARM,...", ""},
       {"content-discount", true, "content bandit: discount in (0,1] per update (set when it is first made)", "D", ""},
       {"content-window", true, "content bandit: last N rewards per arm count (set when it is first made)", "N", ""},
       {"timing-floor", true, "least probability of each allowed hour when serving (stored)", "P", ""},
       {"timing-allowed", true, "hours the timing bandit may serve, UTC (stored; default all), e.g. 6-23", "HOURS", ""},
       {"timing-discount", true, "timing bandit: discount in (0,1] per update (set when it is first made)", "D", ""},
       {"timing-window", true, "timing bandit: last N rewards per hour count (set when it is first made)", "N", ""},
       {"records", true,
        "learn from outcome records (JSON array or JSON Lines) instead of --db; --date defaults to their latest day",
        "FILE", ""},
       {"retention", true, "with --records: retention records (JSON array or JSON Lines)", "FILE", ""},
       {"state", true,
        "with --records: bandit state file, read when it exists and OVERWRITTEN with the new state after a successful "
        "run (unless --state-out is given)",
        "FILE", ""},
       {"state-out", true, "with --records: write the new state here instead of overwriting --state", "FILE", ""}},
      "learnloop learn --db metrics.db --date 2026-11-22",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        if (flags.has("records")) {
          for (const char* only_db :
               {"shard", "merge", "content-floor", "content-allowed", "content-discount", "content-window",
                "timing-floor", "timing-allowed", "timing-discount", "timing-window"}) {
            if (flags.has(only_db))
              return invalid_argument(std::string("--") + only_db + " goes with --db, not --records");
          }
          if (flags.has("db"))
            return invalid_argument("give --db (learn from a database) or --records (learn from files), not both");
          Result<int> window = flags.read_int_in("window", 7, 1, 366);
          if (!window.ok()) return window.error();
          return learn_from_record_files(flags, host, window.value());
        }
        for (const char* only_records : {"retention", "state", "state-out"}) {
          if (flags.has(only_records))
            return invalid_argument(std::string("--") + only_records + " goes with --records, not --db");
        }
        if (flags.has("shard") && flags.has("merge"))
          return invalid_argument("give --shard i/N (compute one shard) or --merge (combine them), not both");
        Result<std::string> date = day_flag(flags, host);
        if (!date.ok()) return date.error();
        return with_database(flags, host, false, [&](Database& db) { return learn(db, flags, host, date.value()); });
      }};
}

Command report_command() {
  return {{"report"},
          "print the learning report of a day (stored by learn, else computed from the data)",
          {kDbFlag, kDateFlag, {"window", true, "days the report covers when computed (default 7)", "DAYS", ""}},
          "learnloop report --db metrics.db --date 2026-11-22 --json",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<std::string> date = day_flag(flags, host);
            if (!date.ok()) return date.error();
            Result<int> window = flags.read_int_in("window", 7, 1, 366);
            if (!window.ok()) return window.error();
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<nlohmann::ordered_json> report = learning_report_for(db, date.value(), window.value());
              if (!report.ok()) return report.error();
              if (flags.has("json")) return CommandOutput{json_line(report.value())};
              return CommandOutput{render_report_text(report.value())};
            });
          }};
}

Command history_command() {
  return {{"history"},
          "list the learning runs of the last N days",
          {kDbFlag,
           {"days", true, "how many days back from today (default 30)", "N", ""},
           {"today", true, "count back from this day instead of today", "YYYY-MM-DD", ""}},
          "learnloop history --db metrics.db --days 14",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<int> days = flags.read_int_in("days", 30, 1, 36600);
            if (!days.ok()) return days.error();
            const std::string today = flags.get("today").value_or(host.today_utc());
            if (today.empty()) return invalid_argument("missing --today YYYY-MM-DD (this host has no clock)");
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<nlohmann::ordered_json> runs = learning_history(db, today, days.value());
              if (!runs.ok()) return runs.error();
              if (flags.has("json")) return CommandOutput{json_line(runs.value())};
              if (runs.value().empty())
                return CommandOutput{"no learning runs in the " + std::to_string(days.value()) + " days to " + today +
                                     "\n"};
              std::string out = "date        outcomes  engagement  best content type        model r2\n";
              for (const auto& r : runs.value()) {
                std::string line = r["date"].get<std::string>() + "  " + r["outcomes_read"].dump();
                line.resize(22, ' ');
                line += r["avg_engagement_rate"].is_null()
                            ? "-"
                            : format_number(std::round(r["avg_engagement_rate"].get<double>() * 1e4) / 100) + "%";
                line.resize(34, ' ');
                line +=
                    r["recommended_content_type"].is_null() ? "-" : r["recommended_content_type"].get<std::string>();
                line.resize(59, ' ');
                line += r["engagement_model_r2"].is_null()
                            ? "-"
                            : format_number(std::round(r["engagement_model_r2"].get<double>() * 1e4) / 1e4);
                out += line + "\n";
              }
              return CommandOutput{out};
            });
          }};
}

Command demo_command() {
  return {{"demo"},
          "generate a synthetic content history, run the learning job for its last day and print the report",
          {{"db", true, "database file to create (default learnloop-demo.db)", "FILE", ""},
           kDateFlag,
           {"days", true, "days of history (default 90)", "N", ""},
           {"posts-per-day", true, "posts per day (default 24)", "N", ""},
           {"seed", true, "generator seed (default 42)", "S", ""}},
          "learnloop demo --db demo.db --days 90 --seed 42",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            DemoSpec spec;
            Result<std::string> date = day_flag(flags, host);
            if (!date.ok()) return date.error();
            spec.end_date = date.value();
            Result<int> days = flags.read_int_in("days", 90, 1, 3650);
            Result<int> posts = flags.read_int_in("posts-per-day", 24, 1, 1000000);
            if (!days.ok()) return days.error();
            if (!posts.ok()) return posts.error();
            spec.days = days.value();
            spec.posts_per_day = posts.value();
            if (Status s = flags.read_count("seed", &spec.seed); !s.ok()) return s.error();
            const std::string path = flags.get("db").value_or("learnloop-demo.db");
            return with_database(
                Flags::with_value(flags, "db", path), host, true, [&](Database& db) -> Result<CommandOutput> {
                  if (Status s = migrate_schema(db); !s.ok()) return s.error();
                  Result<DemoCounts> counts = generate_demo_history(db, spec, &host);
                  if (!counts.ok())
                    return counts.error().message.find("already holds content") != std::string::npos
                               ? Error{ErrorCode::kInvalidArgument, "'" + path +
                                                                        "' already holds content; the demo needs a new "
                                                                        "file (delete it or pass another --db)"}
                               : counts.error();
                  Result<CommandOutput> learned = learn(db, flags, host, spec.end_date);
                  if (!learned.ok() || flags.has("json")) return learned;
                  const DemoCounts& c = counts.value();
                  CommandOutput demo = learned.value();
                  demo.out = "demo database: " + path + " (" + std::to_string(c.content) + " posts, " +
                             std::to_string(c.outcomes) + " outcomes, " + std::to_string(c.retention) +
                             " retention curves, " + std::to_string(c.embeddings) + " embeddings over " +
                             std::to_string(spec.days) + " days)\n" + learned.value().out +
                             "\nthe report is stored in " + path +
                             " (table learning_runs); print it again with:\n  learnloop report --db " + path +
                             " --date " + spec.end_date + "\n";
                  return demo;
                });
          }};
}

}  // namespace

CommandOutput learn_run_output(const nlohmann::ordered_json& run, std::string out) {
  CommandOutput result{std::move(out)};
  if (run.value("status", "") != "partial") return result;
  result.exit_code = static_cast<int>(ExitCode::kPartial);
  for (const auto& p : run["problems"])
    result.err += "learnloop: warning: " + p.value("part", "") + " failed: " + p.value("reason", "") + "\n";
  result.err += "learnloop: the run of " + run.value("date", "") + " completed with failed parts (exit 3)\n";
  return result;
}

Result<CommandOutput> with_database(const Flags& flags, CliHost& host, bool create, const DatabaseWork& work) {
  Result<std::string> path = flags.require("db", {kDbFlag});
  if (!path.ok()) return path.error();
  Result<std::unique_ptr<Database>> db = host.open_database(path.value(), create);
  if (!db.ok()) return db.error();
  Result<CommandOutput> out = work(*db.value());
  if (!out.ok()) return out;
  if (Status s = db.value()->flush(); !s.ok())
    return Error{s.error().code, "cannot save '" + redact_database_target(path.value()) + "': " + s.error().message};
  return out;
}

std::vector<Command> store_commands() {
  return {init_command(),   info_command(),    ingest_command(), learn_command(),
          report_command(), history_command(), demo_command()};
}

}  // namespace learnloop::cli
