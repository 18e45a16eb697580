// One day of learning over rows already read: bandits, predictors, report and snapshot. Shared by
// the database job (learn_job.cpp) and the job over a service's own records (learn_records.cpp);
// stores nothing.
#include "job_parts.hpp"
#include "learnloop/analytics/report_partial.hpp"

namespace learnloop::job {
namespace {

// What failed in a day's learning: one {"part", "reason"} per model that could not be fitted (a model skipped for
// too little data is not a failure: its reason is in "models").
nlohmann::ordered_json day_problems(const ModelFits& models) {
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  for (const auto& [name, m] : models.summary.items()) {
    if (m.value("status", "") == "failed")
      problems.push_back({{"part", "models." + name}, {"reason", m.value("reason", "")}});
  }
  return problems;
}

}  // namespace

Result<DayLearning> learn_day(ReportInputs& in, const BanditState& previous,
                              const std::vector<const OutcomeRow*>& new_rows, double threshold,
                              const JobBanditOptions& content_options, const JobBanditOptions& timing_options) {
  DayLearning day;
  Result<BanditState> bandits = update_bandits(previous, new_rows, threshold, in.date, content_options, timing_options);
  if (!bandits.ok()) return bandits.error();
  day.bandits = std::move(bandits).value();
  Result<nlohmann::ordered_json> summary = bandit_summary(day.bandits, threshold);
  if (!summary.ok()) return summary.error();
  in.bandits = summary.value();
  day.models = fit_models(in.outcomes, in.date);
  in.models = day.models.summary;
  // One pass over the window's rows for both the report and the snapshot.
  ReportPartial partial(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) partial.add(r);
  day.report = partial.report(in.retention, in.bandits, in.models).value();
  note_problems(day);
  day.snapshot = partial.snapshot(in.retention, day.report).value();
  return day;
}

void note_problems(DayLearning& day) {
  day.problems = day_problems(day.models);
  // A report of a day whose models could not all be fitted says so (it is stored, and read again by `report`).
  if (!day.problems.empty() && day.report.value("status", "") == "ok") {
    day.report["status"] = "partial";
    day.report["problems"] = day.problems;
  }
}

nlohmann::ordered_json job_answer(const ReportInputs& in, std::size_t outcomes_read, std::size_t new_outcomes,
                                  const DayLearning& day) {
  return nlohmann::ordered_json{{"date", format_date(in.date)}, {"status", day.problems.empty() ? "ok" : "partial"},
                                {"problems", day.problems},     {"outcomes_read", outcomes_read},
                                {"new_outcomes", new_outcomes}, {"bandits", in.bandits},
                                {"models", in.models},          {"snapshot", snapshot_to_json(day.snapshot)},
                                {"report", day.report}};
}

}  // namespace learnloop::job
