// The learning job over records: checks each record as the store would check its row, keeps the
// latest outcome per content in the window as read_outcome_rows() does, then learns the day with
// the database job's own parts (learn_day) and returns the state instead of storing it.
#include "learnloop/pipelines/learn_records.hpp"

#include <algorithm>
#include <map>

#include "job_parts.hpp"
#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop {
namespace {

using Json = nlohmann::json;

std::string at(const std::string& list, std::size_t i, const char* field) {
  return list + "[" + std::to_string(i) + "]." + field;
}

// A string field; `required` ones must be non-empty.
Result<std::string> text_field(const Json& r, const char* key, const std::string& where, bool required) {
  const auto it = r.find(key);
  if (it == r.end() || it->is_null()) {
    if (required) return invalid_argument(where + ": missing (expected a non-empty string)");
    return std::string();
  }
  if (!it->is_string() || (required && it->get<std::string>().empty()))
    return invalid_argument(where + ": expected a non-empty string, got " + it->dump());
  return it->get<std::string>();
}

// A number field >= `min`; `fallback` when absent or null.
Result<double> number_field(const Json& r, const char* key, const std::string& where, double fallback, double min) {
  const auto it = r.find(key);
  if (it == r.end() || it->is_null()) return fallback;
  if (!it->is_number() || !(it->get<double>() >= min))
    return invalid_argument(where + ": expected a number >= " + format_number(min) + ", got " + it->dump());
  return it->get<double>();
}

Result<std::string> timestamp_field(const Json& r, const char* key, const std::string& where, bool required) {
  Result<std::string> text = text_field(r, key, where, required);
  if (!text.ok() || text.value().empty()) return text;
  if (Status s = check_timestamp(text.value(), where); !s.ok()) return s.error();
  return text;
}

// One record as an outcome row whose text goes into `pool`.
Result<OutcomeRow> outcome_row(const Json& r, std::size_t i, TextPool& pool) {
  if (!r.is_object())
    return invalid_argument("records[" + std::to_string(i) + "]: expected an object, got " +
                            std::string(r.type_name()));
  OutcomeRow o;
  const auto text = [&](const char* key, std::string_view* out, bool required) -> Status {
    Result<std::string> v = text_field(r, key, at("records", i, key), required);
    if (!v.ok()) return v.error();
    *out = std::string_view(key) == "decision_id" ? pool.copy(v.value()) : pool.intern(v.value());
    return {};
  };
  const auto number = [&](const char* key, double* out, double fallback, double min) -> Status {
    Result<double> v = number_field(r, key, at("records", i, key), fallback, min);
    if (!v.ok()) return v.error();
    *out = v.value();
    return {};
  };
  double likes = 0, retweets = 0, replies = 0, rate = -1;
  for (const Status& s :
       {text("decision_id", &o.decision_id, true), text("platform", &o.platform, false),
        text("decision_type", &o.decision_type, false), text("bandit_arm", &o.bandit_arm, false),
        text("hook_type", &o.hook_type, false), text("topic", &o.topic, false),
        number("impressions", &o.impressions, -1, 0), number("likes", &likes, 0, 0),
        number("retweets", &retweets, 0, 0), number("replies", &replies, 0, 0), number("engagement_rate", &rate, -1, 0),
        number("followers_gained", &o.followers_gained, 0, -1e300), number("revenue", &o.revenue, -1, -1e300),
        number("quality_score", &o.quality_score, -1, -1e300), number("cost", &o.cost, -1, -1e300),
        number("duration_seconds", &o.duration_seconds, -1, -1e300)}) {
    if (!s.ok()) return s.error();
  }
  if (o.impressions < 0)
    return invalid_argument(at("records", i, "impressions") + ": missing (expected a number >= 0)");
  Result<std::string> collected = timestamp_field(r, "collected_at", at("records", i, "collected_at"), true);
  if (!collected.ok()) return collected.error();
  o.collected_at = pool.copy(collected.value());
  o.collected_day = timestamp_day(collected.value()).value();
  Result<std::string> posted = timestamp_field(r, "posted_at", at("records", i, "posted_at"), false);
  if (!posted.ok()) return posted.error();
  o.posted_hour = posted.value().size() < 13 ? -1 : timestamp_hour(posted.value());
  if (!posted.value().empty()) o.posted_day = timestamp_day(posted.value()).value();
  o.engagements = likes + retweets + replies;
  o.engagement_rate = rate >= 0 ? rate : o.impressions > 0 ? o.engagements / o.impressions : 0;
  return o;
}

Result<RetentionRow> retention_row(const Json& r, std::size_t i) {
  if (!r.is_object())
    return invalid_argument("retention[" + std::to_string(i) + "]: expected an object, got " +
                            std::string(r.type_name()));
  RetentionRow row;
  Result<std::string> id = text_field(r, "content_id", at("retention", i, "content_id"), true);
  if (!id.ok()) return id.error();
  row.content_id = id.value();
  Result<std::string> platform = text_field(r, "platform", at("retention", i, "platform"), false);
  if (!platform.ok()) return platform.error();
  row.platform = platform.value();
  Result<double> watch = number_field(r, "avg_watch_percentage", at("retention", i, "avg_watch_percentage"), 0, 0);
  if (!watch.ok()) return watch.error();
  row.avg_watch_percentage = watch.value();
  Result<double> completion = number_field(r, "completion_rate", at("retention", i, "completion_rate"), 0, 0);
  if (!completion.ok()) return completion.error();
  row.completion_rate = completion.value();
  if (const auto drops = r.find("drop_off_points"); drops != r.end() && !drops->is_null()) {
    if (!drops->is_array())
      return invalid_argument(at("retention", i, "drop_off_points") + ": expected an array of numbers");
    for (const Json& d : *drops) {
      if (d.is_number()) row.drop_off_points.push_back(d.get<double>());
    }
  }
  Result<std::string> measured = timestamp_field(r, "measured_at", at("retention", i, "measured_at"), true);
  if (!measured.ok()) return measured.error();
  row.measured_at = measured.value();
  row.measured_day = timestamp_day(row.measured_at).value();
  return row;
}

// The latest row per content among rows on days [from, to], ordered by content id (as the store's window query),
// appended to `out`.
template <typename Row, typename Out, typename Id, typename Day, typename Newer>
Out latest_per_content(const std::vector<Row>& rows, Out out, DayNumber from, DayNumber to, Id id, Day day,
                       Newer newer) {
  std::map<std::string_view, const Row*> latest;
  for (const Row& r : rows) {
    if (day(r) < from || day(r) > to) continue;
    const Row*& slot = latest[id(r)];
    if (!slot || newer(r, *slot)) slot = &r;
  }
  out.reserve(latest.size());
  for (const auto& entry : latest) out.push_back(*entry.second);
  return out;
}

// The latest outcome per content on days [from, to], sharing the pool of `rows`.
OutcomeRows latest_outcomes(const OutcomeRows& rows, DayNumber from, DayNumber to) {
  return latest_per_content(
      rows, OutcomeRows::sharing_pool(rows), from, to, [](const OutcomeRow& r) { return r.decision_id; },
      [](const OutcomeRow& r) { return r.collected_day; },
      [](const OutcomeRow& a, const OutcomeRow& b) { return a.collected_at > b.collected_at; });
}

Result<OutcomeRows> parse_outcomes(const Json& records) {
  if (!records.is_array())
    return invalid_argument("records: expected an array of outcome records, got " + std::string(records.type_name()));
  OutcomeRows rows;
  std::map<std::pair<std::string_view, std::string_view>, std::size_t> seen;
  for (std::size_t i = 0; i < records.size(); ++i) {
    Result<OutcomeRow> row = outcome_row(records[i], i, rows.pool());
    if (!row.ok()) return row.error();
    const auto [it, fresh] = seen.emplace(std::make_pair(row.value().decision_id, row.value().collected_at), i);
    if (!fresh)
      return invalid_argument("records[" + std::to_string(i) + "]: duplicate of records[" + std::to_string(it->second) +
                              "] (same decision_id '" + std::string(row.value().decision_id) + "' and collected_at " +
                              std::string(row.value().collected_at) + ")");
    rows.push_back(std::move(row).value());
  }
  return rows;
}

// Retention rows carry their content's type, hook and duration, as the store joins them with content_metadata.
void join_content(std::vector<RetentionRow>& retention, const std::vector<OutcomeRow>& outcomes) {
  std::map<std::string_view, const OutcomeRow*> content;
  for (const OutcomeRow& o : outcomes) content.emplace(o.decision_id, &o);
  for (RetentionRow& r : retention) {
    const auto it = content.find(r.content_id);
    if (it == content.end()) continue;
    r.content_type = it->second->bandit_arm;
    r.hook_type = it->second->hook_type;
    r.duration_seconds = it->second->duration_seconds;
  }
}

Result<std::vector<RetentionRow>> parse_retention(const Json& retention) {
  std::vector<RetentionRow> rows;
  if (retention.is_null()) return rows;
  if (!retention.is_array())
    return invalid_argument("retention: expected an array of retention records, got " +
                            std::string(retention.type_name()));
  for (std::size_t i = 0; i < retention.size(); ++i) {
    Result<RetentionRow> row = retention_row(retention[i], i);
    if (!row.ok()) return row.error();
    rows.push_back(std::move(row).value());
  }
  return rows;
}

Result<DayNumber> learning_day(const RecordsLearnRequest& request, const std::vector<OutcomeRow>& rows) {
  DayNumber day = 0;
  if (!request.date.empty()) {
    Result<DayNumber> parsed = parse_date(request.date, "date");
    if (!parsed.ok()) return parsed;
    day = parsed.value();
  } else {
    if (rows.empty()) return invalid_argument("records is empty: give at least one record, or a date to learn");
    for (const OutcomeRow& r : rows) day = std::max(day, r.collected_day);
  }
  if (!request.today.empty()) {
    Result<DayNumber> today = parse_date(request.today, "today");
    if (!today.ok()) return today;
    if (day > today.value())
      return invalid_argument("date " + format_date(day) + " is in the future (today is " + request.today + ", UTC)");
  }
  return day;
}

}  // namespace

Result<nlohmann::ordered_json> learn_from_records(const RecordsLearnRequest& request, ProgressSink* progress) {
  if (request.window_days < 1 || request.window_days > 366)
    return invalid_argument("window must be 1 to 366 days, got " + std::to_string(request.window_days));
  if (!(request.success_threshold >= 0 && request.success_threshold < 1))
    return invalid_argument("success threshold must be in [0, 1)");
  Result<OutcomeRows> outcomes = parse_outcomes(request.records);
  if (!outcomes.ok()) return outcomes.error();
  Result<std::vector<RetentionRow>> retention = parse_retention(request.retention);
  if (!retention.ok()) return retention.error();
  join_content(retention.value(), outcomes.value());
  Result<job::BanditState> previous = job::bandit_state_from_json(request.state, "state");
  if (!previous.ok()) return previous.error();
  Result<DayNumber> date = learning_day(request, outcomes.value());
  if (!date.ok()) return date.error();
  if (progress) progress->on_progress("learning", 1, 3);

  ReportInputs in;
  in.date = date.value();
  in.from = in.date - request.window_days + 1;
  in.outcomes = latest_outcomes(outcomes.value(), in.from, in.date);
  in.retention = latest_per_content(
      retention.value(), std::vector<RetentionRow>(), in.from, in.date,
      [](const RetentionRow& r) -> std::string_view { return r.content_id; },
      [](const RetentionRow& r) { return r.measured_day; },
      [](const RetentionRow& a, const RetentionRow& b) { return a.measured_at > b.measured_at; });
  // New outcomes: collected after the previous run's last day (the whole window on the first run).
  const DayNumber new_from = job::first_uncounted_day(previous.value(), in.from);
  OutcomeRows fresh;
  std::vector<const OutcomeRow*> new_rows;
  if (new_from < in.from) {
    fresh = latest_outcomes(outcomes.value(), new_from, in.date);
    for (const OutcomeRow& r : fresh) new_rows.push_back(&r);
  } else {
    for (const OutcomeRow& r : in.outcomes) {
      if (r.collected_day >= new_from) new_rows.push_back(&r);
    }
  }
  Result<job::DayLearning> learned = job::learn_day(in, previous.value(), new_rows, request.success_threshold);
  if (!learned.ok()) return learned.error();
  if (progress) progress->on_progress("learning", 2, 3);

  nlohmann::ordered_json out = job::job_answer(in, in.outcomes.size(), new_rows.size(), learned.value());
  out["state"] = job::bandit_state_json(learned.value().bandits);
  nlohmann::ordered_json documents = nlohmann::ordered_json::object();
  for (const job::FittedModel& fitted : learned.value().models.fitted)
    documents[fitted.name] = nlohmann::ordered_json::parse(model_to_json(fitted.model));
  out["model_documents"] = documents;
  if (progress) progress->on_progress("learning", 3, 3);
  return out;
}

}  // namespace learnloop
