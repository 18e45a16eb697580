// The ads analytics commands: `fatigue` (creative fatigue of every creative in the store),
// `simulate-budget` (Monte Carlo budget scenarios from a JSON file) and `emq` (event match quality
// of a JSON Lines file of conversion events). The host reads the files and opens the database.
#include <cmath>

#include "commands.hpp"
#include "learnloop/analytics/budget_simulator.hpp"
#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/analytics/data_quality.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop::cli {
namespace {

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + " ";
}

std::string number_or_dash(const nlohmann::ordered_json& v) {
  return v.is_number() ? format_number(v.get<double>()) : "-";
}

// The "critical in" cell: days, or why there is no number.
std::string critical_in(const nlohmann::ordered_json& c) {
  const std::string outlook = c["critical_outlook"].get<std::string>();
  if (outlook == "already_critical") return "now";
  if (outlook == "projected") return c["days_until_critical"].dump() + " days";
  if (outlook == "beyond_90_days") return "> 90 days";
  if (outlook == "not_heading_there") return "not rising";
  return "too few days";
}

std::string fatigue_text(const nlohmann::ordered_json& r) {
  if (r["status"] == "no_data")
    return r["message"].get<std::string>() + " (learnloop ingest --table creative_metrics FILE)\n";
  const auto& l = r["levels"];
  std::string out = "creative fatigue as of " + r["date"].get<std::string>() + " (" + r["creatives"].dump() +
                    " creatives: " + l["critical"].dump() + " critical, " + l["high"].dump() + " high, " +
                    l["medium"].dump() + " medium, " + l["low"].dump() + " low, " + l["not_enough_data"].dump() +
                    " without enough data)\n";
  out += padded("creative", 14) + padded("campaign", 10) + padded("platform", 9) + padded("score", 6) +
         padded("level", 9) + padded("critical in", 13) + "recommendation\n";
  for (const auto& c : r["results"]) {
    const bool ok = c["status"] == "ok";
    out += padded(c["creative_id"].get<std::string>(), 14) +
           padded(c["campaign_id"].is_string() ? c["campaign_id"].get<std::string>() : "-", 10) +
           padded(c["platform"].is_string() ? c["platform"].get<std::string>() : "-", 9) +
           padded(ok ? format_number(c["fatigue_score"].get<double>()) : "-", 6) +
           padded(ok ? c["fatigue_level"].get<std::string>() : "-", 9) + padded(ok ? critical_in(c) : "-", 13) +
           (ok ? c["recommendation"].get<std::string>() : c["message"].get<std::string>()) + "\n";
  }
  return out;
}

Command fatigue_command() {
  return {{"fatigue"},
          "score the creative fatigue of every ad creative in the database (table creative_metrics)",
          {kDbFlag,
           {"date", true, "score as of this day (default: the latest metric_date in the table)", "YYYY-MM-DD", ""}},
          "learnloop fatigue --db metrics.db --date 2026-11-22 --json",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<std::string> date = flags.read_date("date");
            if (!date.ok()) return date.error();
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<nlohmann::ordered_json> report = creative_fatigue_report(db, date.value());
              if (!report.ok()) return report.error();
              return CommandOutput{flags.has("json") ? report.value().dump() + "\n" : fatigue_text(report.value())};
            });
          }};
}

std::string interval_text(const nlohmann::ordered_json& v) {
  return v.is_array() ? "[" + format_number(v[0].get<double>()) + ", " + format_number(v[1].get<double>()) + "]" : "-";
}

std::string budget_text(const nlohmann::ordered_json& r) {
  const auto& b = r["baseline"];
  std::string out = "baseline: spend " + number_or_dash(b["spend"]) + ", revenue " + number_or_dash(b["revenue"]) +
                    ", ROAS " + number_or_dash(b["roas"]) + ", conversions " + number_or_dash(b["conversions"]) +
                    " over " + r["time_horizon_days"].dump() + " days\n";
  out += padded("scenario", 16) + padded("spend", 11) + padded("revenue", 11) + padded("5-95% revenue", 25) +
         padded("ROAS", 7) + padded("conversions", 11) + "marginal ROAS\n";
  for (const auto& s : r["scenarios"]) {
    out += padded(s["name"].get<std::string>(), 16) + padded(number_or_dash(s["spend"]), 11) +
           padded(number_or_dash(s["revenue"]), 11) + padded(interval_text(s["confidence_interval"]), 25) +
           padded(number_or_dash(s["roas"]), 7) + padded(number_or_dash(s["conversions"]), 11) +
           number_or_dash(s["marginal_roas"]) + "\n";
  }
  return out + "(" + r["iterations"].dump() + " Monte Carlo iterations, seed " + r["seed"].dump() + ")\n";
}

Command simulate_budget_command() {
  return {
      {"simulate-budget"},
      "Monte Carlo budget scenarios: spend, revenue, ROAS, conversions and marginal ROAS with 5-95% intervals",
      {{"scenario", true, "JSON file: base_budget, baseline or campaign, scenarios (see the README)", "FILE.json", ""},
       {"seed", true, "generator seed (default: the file's \"seed\", else 0)", "S", ""},
       {"iterations", true, "Monte Carlo iterations (default: the file's \"simulations\", else 1000)", "N", ""}},
      "learnloop simulate-budget --scenario budget.json --seed 7 --json",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        Result<std::string> path = flags.require("scenario", {{"scenario", true, "", "FILE.json", ""}});
        if (!path.ok()) return path.error();
        Result<std::string> text = read_file_text(host, path.value());
        if (!text.ok()) return text.error();
        Result<nlohmann::json> request = parse_json(text.value());
        if (!request.ok()) return in_file(path.value(), request.error());
        Result<BudgetSimulationSpec> spec = budget_spec_from_json(request.value());
        if (!spec.ok()) return in_file(path.value(), spec.error());
        if (Status s = flags.read_count("seed", &spec.value().seed); !s.ok()) return s.error();
        if (Status s = flags.read_count("iterations", &spec.value().iterations); !s.ok()) return s.error();
        if (flags.has("iterations") && spec.value().iterations == 0)
          return invalid_argument("--iterations is 0; expected a whole number >= 1 such as 1000");
        Result<nlohmann::ordered_json> result = simulate_budget(spec.value());
        if (!result.ok()) return result.error();
        return CommandOutput{flags.has("json") ? result.value().dump() + "\n" : budget_text(result.value())};
      }};
}

std::string emq_text(const nlohmann::ordered_json& r) {
  const auto& s = r["summary"];
  std::string out = "event match quality of " + s["events"].dump() + " events for " + r["platform"].get<std::string>() +
                    ": mean score " + number_or_dash(s["mean_score"]) + " (" + s["level"].get<std::string>() + ", " +
                    s["roas_impact_estimate"].get<std::string>() + ")\n";
  out += "levels: excellent " + s["levels"]["excellent"].dump() + ", good " + s["levels"]["good"].dump() + ", fair " +
         s["levels"]["fair"].dump() + ", poor " + s["levels"]["poor"].dump() + "\nfield coverage:";
  for (const auto& [field, share] : s["field_coverage"].items())
    out += " " + field + " " + format_number(std::round(share.get<double>() * 1000) / 10) + "%";
  out += "\n";
  if (s["malformed_lines"].get<std::size_t>() > 0) {
    out += "malformed lines: " + s["malformed_lines"].dump() + "\n";
    for (const auto& m : r["malformed"])
      out += "  line " + m["line"].dump() + ": " + m["error"].get<std::string>() + "\n";
  }
  if (!s["recommendations"].empty()) out += "recommendations:\n";
  for (const auto& rec : s["recommendations"]) out += "  - " + rec.get<std::string>() + "\n";
  return out;
}

Command emq_command() {
  return {
      {"emq"},
      "event match quality of conversion events (JSON Lines): per-event score, level, missing fields and a batch "
      "summary",
      {{"events", true, "JSON Lines file, one event object per line (also the bare argument)", "FILE.jsonl", "", true},
       {"platform", true, "field weights of meta or google (default meta)", "P", ""}},
      "learnloop emq --events events.jsonl --platform google --json",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        Result<std::string> path = flags.require("events", {{"events", true, "", "FILE.jsonl", ""}});
        if (!path.ok()) return path.error();
        const std::string platform = flags.get("platform").value_or("meta");
        if (Result<std::vector<EmqFieldWeight>> w = emq_field_weights(platform); !w.ok())
          return Error{w.error().code, "--platform: " + w.error().message};
        Result<std::string> text = read_file_text(host, path.value());
        if (!text.ok()) return text.error();
        Result<nlohmann::ordered_json> result = analyze_event_quality_batch(text.value(), platform);
        if (!result.ok()) return in_file(path.value(), result.error());
        return CommandOutput{flags.has("json") ? result.value().dump() + "\n" : emq_text(result.value())};
      }};
}

}  // namespace

std::vector<Command> ads_commands() { return {fatigue_command(), simulate_budget_command(), emq_command()}; }

}  // namespace learnloop::cli
