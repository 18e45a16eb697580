// `learnloop select`: serve from the store: the content or timing bandit as the latest learning
// run left it gives its arm distribution and n picks with their propensities, and with --log
// writes them to the decisions table. `ope --db` (ope_command.cpp) evaluates policies on that log.
#include "commands.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/store/decisions.hpp"

namespace learnloop::cli {

namespace {

const std::vector<FlagSpec>& select_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      kDbFlag,
      {"scope", true, "content or timing", "SCOPE", ""},
      {"n", true, "how many picks (default 1)", "K", ""},
      {"allowed", true, "arms this call may pick (timing: hours such as 6-23, or h06,...); default all", "ARMS", ""},
      {"seed", true, "restart the bandit's generator at this seed (default: by the decisions already logged)", "N", ""},
      {"log", false, "write each pick to the decisions table (with its propensity and policy version)", "", ""},
      {"decision-ids", true, "with --log: the decisions' ids, one per pick (default generated)", "ID,...", ""},
      {"context", true, "with --log: a JSON object stored with each decision", "JSON", ""},
      {"decided-at", true, "with --log: the decisions' time (default now, UTC)", "TIMESTAMP", ""},
  };
  return kSpecs;
}

Result<AllowedArms> allowed_flag(const Flags& flags, const std::string& scope) {
  auto text = flags.get("allowed");
  if (!text) return AllowedArms{};
  Result<std::vector<std::string>> arms =
      scope == "timing" ? timing_arms_from_text(*text) : split_names(*text, "allowed");
  if (!arms.ok()) return invalid_argument("--allowed: " + arms.error().message);
  return AllowedArms{arms.value()};
}

Result<CommandOutput> serve(Database& db, const Flags& flags, CliHost& host, const std::string& scope) {
  Result<StoredBandit> loaded = load_stored_bandit(db, scope);
  if (!loaded.ok()) return loaded.error();
  StoredBandit served = std::move(loaded).value();
  if (flags.has("seed")) {
    std::uint64_t seed = 0;
    if (Status s = flags.read_count("seed", &seed); !s.ok()) return s.error();
    served.bandit->reseed(seed, 4);
  }
  std::uint64_t n = 1;
  if (Status s = flags.read_count("n", &n); !s.ok()) return s.error();
  Result<AllowedArms> allowed = allowed_flag(flags, scope);
  if (!allowed.ok()) return allowed.error();
  Result<std::vector<double>> probs = served.bandit->probabilities({}, allowed.value());
  if (!probs.ok()) return probs.error();
  Result<std::vector<Selection>> picks = served.bandit->select_many(static_cast<std::size_t>(n), {}, allowed.value());
  if (!picks.ok()) return invalid_argument("--n: " + picks.error().message);
  nlohmann::ordered_json out = decision_probabilities_json(served, probs.value());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Selection& pick : picks.value()) list.push_back(decision_pick_json(served, pick));
  if (flags.has("log")) {
    std::vector<std::string> ids;
    if (auto given = flags.get("decision-ids")) {
      Result<std::vector<std::string>> split = split_names(*given, "decision-ids");
      if (!split.ok()) return split.error();
      ids = split.value();
    }
    nlohmann::json context;
    if (auto text = flags.get("context")) {
      Result<nlohmann::json> parsed = parse_json(*text);
      if (!parsed.ok()) return invalid_argument("--context: " + parsed.error().message);
      context = parsed.value();
    }
    const std::string decided_at = flags.get("decided-at").value_or(host.now_utc());
    if (decided_at.empty()) return invalid_argument("--log needs --decided-at TIMESTAMP (this host has no clock)");
    std::vector<ServedPick> served_picks;
    for (const Selection& pick : picks.value())
      served_picks.push_back({served.bandit->arm_names()[pick.arm], pick.propensity});
    Result<std::vector<std::string>> logged =
        log_decisions(db, served.scope, served.policy_version, served_picks, ids, context, decided_at);
    if (!logged.ok()) return logged.error();
    for (std::size_t i = 0; i < list.size(); ++i) list[i]["decision_id"] = logged.value()[i];
  } else {
    for (const char* only_log : {"decision-ids", "context", "decided-at"}) {
      if (flags.has(only_log)) return invalid_argument(std::string("--") + only_log + " goes with --log");
    }
  }
  out["picks"] = list;
  if (flags.has("json")) return CommandOutput{out.dump() + "\n"};
  std::string text =
      scope + " bandit (" + out["policy"].get<std::string>() + ", " + out["policy_version"].get<std::string>() + ")\n";
  for (const auto& a : out["arms"]) {
    if (a["probability"].get<double>() > 0)
      text += "  " + a["arm"].get<std::string>() + "  p=" + a["probability"].dump() + "\n";
  }
  text += "picks:";
  for (const auto& p : list) text += " " + p["arm"].get<std::string>();
  return CommandOutput{text + "\n"};
}

}  // namespace

Command select_command() {
  return Command{{"select"},
                 "serve from the store: the content or timing bandit's arm distribution and picks with propensities",
                 select_flags(),
                 "learnloop select --db metrics.db --scope timing --n 5 --allowed 6-23 --log --json",
                 [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
                   Result<std::string> scope = flags.require("scope", select_flags());
                   if (!scope.ok()) return scope.error();
                   return with_database(flags, host, false,
                                        [&](Database& db) { return serve(db, flags, host, scope.value()); });
                 }};
}

}  // namespace learnloop::cli
