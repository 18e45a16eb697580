// The content analytics commands: besttime (best time to post per platform), virality (score
// content before posting) and scores (the meta-learning scores the learning job wrote). Too little
// data is an answer (exit 0, status "not_enough_data"); bad flags, files or content are errors.
#include <algorithm>
#include <cmath>

#include "analytics_text.hpp"
#include "commands.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"

namespace learnloop::cli {
namespace {

const FlagSpec kWindowEnd{"date", true,
                          "last day of the history window (default: the latest day an outcome was collected)",
                          "YYYY-MM-DD", ""};
const FlagSpec kDays{"days", true, "days of history (default 28: four of each weekday)", "N", ""};
const FlagSpec kSeed{"seed", true, "seed of the resampling and the held-out split (default 0)", "S", ""};

// The analysis window besttime and virality read: --date (its last day), --days (default 28) and --seed.
template <class Options>
Status read_window_flags(const Flags& flags, Options* options) {
  Result<std::string> date = flags.read_date("date");
  if (!date.ok()) return date.error();
  options->date = date.value();
  Result<int> days = flags.read_int_in("days", 28, 1, 3660);
  if (!days.ok()) return days.error();
  options->days = days.value();
  return flags.read_count("seed", &options->seed);
}

Command besttime_command() {
  return {
      {"besttime"},
      "best hours and weekdays to post on a platform, with a confidence and its method",
      {kDbFlag,
       {"platform", true, "platform, as in content_metadata.platform", "NAME", ""},
       kWindowEnd,
       kDays,
       kSeed,
       {"resamples", true, "bootstrap resamples and posterior draws (default 1000; 0 skips the confidence)", "N", ""}},
      "learnloop besttime --db metrics.db --platform tiktok --json",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        BestTimeOptions options;
        Result<std::string> platform = flags.require("platform", {{"platform", true, "", "NAME", ""}});
        if (!platform.ok()) return platform.error();
        options.platform = platform.value();
        if (Status s = read_window_flags(flags, &options); !s.ok()) return s.error();
        Result<int> resamples = flags.read_int_in("resamples", 1000, 0, 1000000);
        if (!resamples.ok()) return resamples.error();
        options.resamples = resamples.value();
        return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
          Result<nlohmann::ordered_json> r = best_time_to_post(db, options);
          if (!r.ok()) return r.error();
          return CommandOutput{flags.has("json") ? r.value().dump() + "\n" : render_best_time_text(r.value())};
        });
      }};
}

Command virality_command() {
  return {
      {"virality"},
      "predict the virality score, views and engagement of content before posting",
      {kDbFlag,
       {"content", true, "JSON file: {platform, quality_score, content_type, hook_type, duration_seconds, posted_hour}",
        "FILE.json", ""},
       kWindowEnd,
       kDays,
       kSeed},
      "learnloop virality --db metrics.db --content video.json --json",
      [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
        Result<std::string> file = flags.require("content", {{"content", true, "", "FILE.json", ""}});
        if (!file.ok()) return file.error();
        ViralityOptions options;
        if (Status s = read_window_flags(flags, &options); !s.ok()) return s.error();
        Result<std::string> text = read_file_text(host, file.value());
        if (!text.ok()) return text.error();
        Result<nlohmann::json> content = parse_json(text.value());
        if (!content.ok()) return in_file(file.value(), content.error());
        return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
          Result<nlohmann::ordered_json> r = predict_virality(db, content.value(), options);
          if (!r.ok()) return in_file(file.value(), r.error());
          return CommandOutput{flags.has("json") ? r.value().dump() + "\n" : render_virality_text(r.value())};
        });
      }};
}

Command scores_command() {
  return {{"scores"},
          "print the meta-learning scores the learning job wrote for a day",
          {kDbFlag, {"date", true, "the learning day (default: the latest day with scores)", "YYYY-MM-DD", ""}},
          "learnloop scores --db metrics.db --date 2026-11-22 --json",
          [](const Flags& flags, CliHost& host) -> Result<CommandOutput> {
            Result<std::string> date = flags.read_date("date");
            if (!date.ok()) return date.error();
            return with_database(flags, host, false, [&](Database& db) -> Result<CommandOutput> {
              Result<nlohmann::ordered_json> r = read_meta_scores(db, date.value());
              if (!r.ok()) return r.error();
              if (flags.has("json")) return CommandOutput{r.value().dump() + "\n"};
              const auto& j = r.value();
              if (j["count"] == 0) return CommandOutput{j["message"].get<std::string>() + "\n"};
              std::string out = "meta-learning scores of " + j["date"].get<std::string>() + " (" + j["count"].dump() +
                                " items)\n" + "content               overall  retention  engagement  virality  brand\n";
              const auto cell = [](const nlohmann::ordered_json& v, std::size_t width) {
                std::string s = v.is_null() ? "-" : format_number(std::round(v.get<double>() * 1000) / 1000);
                s.resize(std::max(width, s.size() + 1), ' ');
                return s;
              };
              for (const auto& s : j["scores"]) {
                std::string id = s["content_id"].get<std::string>();
                id.resize(std::max<std::size_t>(22, id.size() + 1), ' ');
                out += id + cell(s["overall_score"], 9) + cell(s["retention_score"], 11) +
                       cell(s["engagement_score"], 12) + cell(s["virality_score"], 10) +
                       cell(s["brand_alignment_score"], 0) + "\n";
              }
              return CommandOutput{out};
            });
          }};
}

}  // namespace

std::vector<Command> content_analytics_commands() { return {besttime_command(), virality_command(), scores_command()}; }

}  // namespace learnloop::cli
