// The CLI's terminal text for the analytics results (see analytics_text.hpp). Layout only: every
// figure is read from the result JSON, and rounding for display goes through round_to().
#include "analytics_text.hpp"

#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"

namespace learnloop::cli {

std::string render_best_time_text(const nlohmann::ordered_json& r) {
  std::string out = "best time to post on " + r["platform"].get<std::string>();
  if (r["window"].is_object())
    out += " (" + r["window"]["from"].get<std::string>() + " to " + r["window"]["to"].get<std::string>() + ")";
  out += "\n";
  if (r["status"] != "ok") return out + "  " + r["message"].get<std::string>() + "\n";
  std::string hours, days;
  for (const auto& h : r["best_hours"])
    hours += (hours.empty() ? "" : ", ") + hour_label(h.get<int>()) + " (" +
             format_number(round_to(r["hourly_performance"][std::to_string(h.get<int>())].get<double>() * 100, 2)) +
             "%)";
  for (const auto& d : r["best_days"])
    days += (days.empty() ? "" : ", ") + d.get<std::string>() + " (" +
            format_number(round_to(r["daily_performance"][d.get<std::string>()].get<double>() * 100, 2)) + "%)";
  out += "  best hours (UTC)  " + hours + "\n  best days         " + days + "\n  sample size       " +
         r["sample_size"].dump() + " posts\n";
  if (r.contains("answer") && r["answer"].is_object())
    out += "  hours             " + r["answer"].value("hour", "") + "\n  days              " +
           r["answer"].value("weekday", "") + "\n";
  if (!r["confidence"].is_null())
    out += "  confidence        " + format_number(r["confidence"].get<double>()) + " (" +
           r["method"].get<std::string>() + ": " + r["method_detail"].get<std::string>() + ")\n";
  return out;
}

std::string render_virality_text(const nlohmann::ordered_json& r) {
  std::string out = "virality of " +
                    (r["content_id"].is_null() ? std::string("the content") : r["content_id"].get<std::string>()) +
                    " on " + r["platform"].get<std::string>() + "\n";
  if (r["status"] != "ok") return out + "  " + r["message"].get<std::string>() + "\n";
  out += "  score             " + format_number(r["virality_score"].get<double>()) + " / 100 (" +
         r["weights_source"].get<std::string>() + " weights)\n";
  for (const auto& [name, c] : r["components"].items())
    out += "  " + name + std::string(18 - name.size(), ' ') +
           (c["value"].is_null() ? std::string("-") : format_number(c["value"].get<double>())) + "  " +
           c["basis"].get<std::string>() + "\n";
  const auto& v = r["predicted_views"];
  const auto& e = r["predicted_engagement_rate"];
  out += "  views             " + format_number(v["value"].get<double>()) +
         " (80%: " + format_number(v["lower"].get<double>()) + " to " + format_number(v["upper"].get<double>()) + ")\n";
  out += "  engagement rate   " + format_number(round_to(e["value"].get<double>() * 100, 2)) +
         "% (80%: " + format_number(round_to(e["lower"].get<double>() * 100, 2)) + "% to " +
         format_number(round_to(e["upper"].get<double>() * 100, 2)) + "%)\n";
  out += "  weights           " + r["weights_reason"].get<std::string>() + "\n";
  for (const auto& a : r["recommendations"]["actions"]) out += "  - " + a.get<std::string>() + "\n";
  return out;
}

std::string render_report_text(const nlohmann::ordered_json& report) {
  std::string out = "learning report for " + report.value("date", "") + " (window " +
                    report["window"].value("from", "") + " to " + report["window"].value("to", "") + ")\n";
  const std::string status = report.value("status", "");
  if (status != "ok" && status != "partial") return out + "  " + report.value("message", "no data") + "\n";
  const auto& sum = report["summary"];
  out += "\nsummary\n  content analyzed  " + sum["content_analyzed"].dump() + "\n  impressions       " +
         sum["impressions"].dump() + "\n  engagement rate   " +
         format_percent(sum["avg_engagement_rate"].get<double>()) + "\n  followers gained  " +
         sum["followers_gained"].dump() + "\n";
  if (!sum["avg_retention"].is_null())
    out += "  average watch     " + format_number(sum["avg_retention"].get<double>()) + "%\n";
  const auto section = [&](const char* title, const nlohmann::ordered_json& lines) {
    if (lines.empty()) return;
    out += std::string("\n") + title + "\n";
    for (const auto& l : lines) out += "  - " + l.get<std::string>() + "\n";
  };
  section("patterns", report["patterns"]);
  if (report.contains("when_to_post") && report["when_to_post"].is_object()) {
    const auto& when = report["when_to_post"];
    out += "\nwhen to post\n  " + when.value("answer", "") + "\n";
    if (when["timing_bandit"].is_object()) out += "  (" + when["timing_bandit"].value("note", "") + ")\n";
  }
  if (!report["best_performers"].empty()) {
    out += "\nbest performers\n";
    for (const auto& p : report["best_performers"])
      out += "  " + p["decision_id"].get<std::string>() + "  " + format_percent(p["engagement_rate"].get<double>()) +
             "  " + p["content_type"].get<std::string>() + " on " + p["platform"].get<std::string>() + "\n";
  }
  section("recommendations: content", report["recommendations"]["content"]);
  section("recommendations: timing", report["recommendations"]["timing"]);
  section("recommendations: platform", report["recommendations"]["platform"]);
  if (!report["cost"].is_null() && !report["cost"]["roi"].is_null())
    out += "\ncost\n  total " + format_number(report["cost"]["total_cost"].get<double>()) + ", revenue " +
           format_number(report["cost"]["total_revenue"].get<double>()) + ", ROI " +
           format_signed_percent(report["cost"]["roi"].get<double>()) + "\n";
  const auto& bandits = report["bandits"];
  if (bandits.is_object() && (bandits.contains("content") || bandits.contains("timing"))) {
    out += "\nbandits (learned through " + bandits.value("through", "") + ")\n";
    if (bandits.contains("content") && !bandits["content"]["arms"].empty()) {
      const auto& best = bandits["content"]["arms"][0];
      out += "  content type: " + best["arm"].get<std::string>() + " (Thompson sampling; P(success) " +
             format_number(round_to(best["estimate"].get<double>(), 3)) + " after " +
             format_number(best["pulls"].get<double>()) + " posts)\n";
    }
    if (bandits.contains("timing") && !bandits["timing"]["best_hours"].empty()) {
      std::string hours;
      for (const auto& h : bandits["timing"]["best_hours"])
        hours += (hours.empty() ? "" : ", ") + h["arm"].get<std::string>().substr(1) + ":00";
      out += "  posting hours by success rate over every learned day: " + hours + " UTC (UCB1)\n";
    }
  }
  if (report["models"].is_object()) {
    out += "\nmodels (scored on held-out rows)\n";
    for (const auto& [name, m] : report["models"].items()) {
      out += "  " + name + ": ";
      if (m.value("status", "") != "trained") {
        out += m.value("status", "") + " (" + m.value("reason", "") + ")\n";
        continue;
      }
      const auto& t = m["test"];
      out += m["kind"].get<std::string>() + " on " + m["train_rows"].dump() + " rows, " +
             (t.contains("r2") ? "r2 " + format_number(round_to(t["r2"].get<double>(), 3)) + ", mae " +
                                     format_number(round_to(t["mae"].get<double>(), 5))
                               : "auc " + format_number(round_to(t["roc_auc"].get<double>(), 3)) + ", log loss " +
                                     format_number(round_to(t["log_loss"].get<double>(), 3))) +
             " (" + m["model_id"].get<std::string>() + ")\n";
    }
  }
  if (status == "partial") {
    out += "\npartial: parts of this run failed\n";
    for (const auto& p : report["problems"]) out += "  " + p.value("part", "") + ": " + p.value("reason", "") + "\n";
  }
  return out;
}

}  // namespace learnloop::cli
