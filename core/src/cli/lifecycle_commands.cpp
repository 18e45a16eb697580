// The model-lifecycle commands: accuracy of recorded predictions and check-and-retrain (spec 002).
#include <functional>

#include "commands.hpp"
#include "learnloop/lifecycle/accuracy.hpp"
#include "learnloop/lifecycle/retrain.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop::cli {
namespace {

const FlagSpec kModel{"model", true, "registry name of the model (default ctr)", "NAME", ""};
const FlagSpec kLookback{"lookback-days", true, "days of completed predictions to measure (default 7)", "N", ""};
const FlagSpec kTarget{"target", true, "predictions of this target, e.g. ctr, engagement_rate (default: the model's)",
                       "NAME", ""};
const FlagSpec kNow{"now", true, "time of the check (default: now, UTC)", "TIMESTAMP", ""};

Result<std::string> now_flag(const Flags& flags, CliHost& host) {
  const std::string now = flags.get("now").value_or(host.now_utc());
  if (now.empty()) return invalid_argument("missing --now TIMESTAMP (this host has no clock)");
  return now;
}

Result<int> lookback(const Flags& flags) {
  std::uint64_t days = 7;
  if (Status s = flags.read_count("lookback-days", &days); !s.ok()) return s.error();
  if (days < 1 || days > 3660)
    return invalid_argument("--lookback-days must be in [1, 3660], got " + std::to_string(days));
  return static_cast<int>(days);
}

// Runs `work` on --db at the current schema and prints its JSON (indented unless --json).
Result<CommandOutput> on_database(const Flags& flags, CliHost& host,
                                  const std::function<Result<nlohmann::ordered_json>(Database&)>& work) {
  return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
    if (Status s = check_schema(db); !s.ok()) return s.error();
    Result<nlohmann::ordered_json> out = work(db);
    if (!out.ok()) return out.error();
    return CommandOutput{(flags.has("json") ? out.value().dump() : out.value().dump(2)) + "\n"};
  });
}

Command accuracy_command() {
  return {{"accuracy"},
          "accuracy of a model's completed predictions over a lookback window (MAE, RMSE, R^2, share within 20%)",
          {kDbFlag, kModel, kTarget, kLookback, kNow},
          "learnloop accuracy --db metrics.db --model ctr --lookback-days 7",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<std::string> now = now_flag(flags, host);
            Result<int> days = lookback(flags);
            if (!now.ok()) return now.error();
            if (!days.ok()) return days.error();
            return on_database(flags, host, [&](Database& db) {
              return prediction_accuracy(db, {flags.get("model").value_or("ctr"), now.value(), days.value(),
                                              flags.get("target").value_or("")});
            });
          }};
}

Command retrain_command() {
  return {
      {"retrain"},
      "check a model's accuracy and retrain it on recorded predictions when it drifted (spec 002's check_and_retrain)",
      {kDbFlag,
       kModel,
       kTarget,
       {"tenant", true, "registry tenant (default: default)", "NAME", ""},
       {"threshold", true, "MAE above which to retrain (default 0.02, spec 002's CTR MAE)", "MAE", ""},
       {"min-samples", true, "training rows needed (default 50)", "N", ""},
       kLookback,
       kNow,
       {"seed", true, "seed of the holdout split (default 0)", "S", ""}},
      "learnloop retrain --db metrics.db --threshold 0.02 --lookback-days 7 --min-samples 50 --json",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        RetrainOptions o;
        Result<std::string> now = now_flag(flags, host);
        Result<int> days = lookback(flags);
        if (!now.ok()) return now.error();
        if (!days.ok()) return days.error();
        o.now = now.value();
        o.lookback_days = days.value();
        o.model_name = flags.get("model").value_or("ctr");
        o.tenant = flags.get("tenant").value_or("default");
        o.target = flags.get("target").value_or("");
        std::uint64_t min_samples = 50;
        Status s = flags.read_number("threshold", &o.threshold);
        if (s.ok()) s = flags.read_count("min-samples", &min_samples);
        if (s.ok()) s = flags.read_count("seed", &o.seed);
        if (!s.ok()) return s.error();
        o.min_samples = static_cast<std::int64_t>(min_samples);
        return on_database(flags, host, [&](Database& db) { return check_and_retrain(db, o); });
      }};
}

}  // namespace

std::vector<Command> lifecycle_commands() { return {accuracy_command(), retrain_command()}; }

}  // namespace learnloop::cli
