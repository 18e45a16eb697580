// One day of learning over rows already read (the job over a service's own records, learn_records.cpp), through the
// partials the database job streams its window into; and the parts every run shares: its problems and its answer.
#include "job_parts.hpp"
#include "learn_partial.hpp"

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
  // The rows go through the same partials as the database job's streamed window, so both give the same bits.
  Result<BanditPartial> bandits = BanditPartial::start(previous, threshold, content_options, timing_options, true);
  if (!bandits.ok()) return bandits.error();
  for (const OutcomeRow* r : new_rows) {
    if (Status s = bandits.value().add(*r); !s.ok()) return s.error();
  }
  ModelPartial models(in.date);
  ReportPartial report(in.date, in.from, in.retention);
  for (const OutcomeRow& r : in.outcomes) {
    models.add(r);
    report.add(r);
  }
  return finish_day(bandits.value(), models, report, previous, in, threshold, content_options, timing_options);
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
