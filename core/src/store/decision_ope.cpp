// Off-policy evaluation on the decisions table: each logged decision joined with its latest
// outcome (reward: engagement rate above the threshold, the rate falling back to
// (likes + retweets + replies) / impressions), the target's probability of the logged arm, and
// the core's IPS / SNIPS / DR estimators. Only a context-free target is evaluated (the stored
// bandits are): its distribution is the same for every decision.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "learnloop/bandits/off_policy.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/store/decisions.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {

namespace {

struct LoggedRow {
  std::string id;
  std::string arm;
  double propensity;
  bool has_outcome;
  double reward;
};

// The target's distribution over arm names, from a bandit state or {"probabilities": {arm: p}}.
Result<std::map<std::string, double>> target_arm_distribution(const nlohmann::json& target, const std::string& scope,
                                                              std::string* kind) {
  std::map<std::string, double> dist;
  if (target.is_object() && target.contains("format")) {
    *kind = "bandit";
    Result<std::unique_ptr<Bandit>> bandit = bandit_from_json(target.dump());
    if (!bandit.ok()) return Error{bandit.error().code, "target: " + bandit.error().message};
    if (bandit.value()->context_dim() > 0)
      return invalid_argument("target: a " + bandit.value()->config().policy +
                              " policy needs numeric contexts, which logged decisions do not carry; give a "
                              "context-free bandit state or a fixed distribution");
    Result<std::vector<double>> p = bandit.value()->probabilities();
    if (!p.ok()) return Error{p.error().code, "target: " + p.error().message};
    for (std::size_t i = 0; i < p.value().size(); ++i) dist[bandit.value()->arm_names()[i]] = p.value()[i];
    return dist;
  }
  if (!target.is_object() || !target.contains("probabilities") || !target["probabilities"].is_object())
    return invalid_argument(
        "target must be a bandit state (format learnloop.bandit) or {\"probabilities\": {\"ARM\": P, ...}}");
  *kind = "distribution";
  double total = 0;
  for (const auto& item : target["probabilities"].items()) {
    std::string arm = item.key();
    if (scope == "timing" && timing_arm_hour(arm) < 0) {
      Result<std::string> id =
          timing_arm_from_json(nlohmann::json::parse(arm, nullptr, false), "target arm '" + arm + "'");
      if (!id.ok()) return id.error();
      arm = id.value();
    }
    const nlohmann::json& p = item.value();
    if (!p.is_number() || !std::isfinite(p.get<double>()) || p.get<double>() < 0 || p.get<double>() > 1)
      return invalid_argument("target: arm '" + item.key() + "' has probability " + p.dump() + "; expected [0, 1]");
    dist[arm] += p.get<double>();
    total += p.get<double>();
  }
  if (std::abs(total - 1) > 1e-6)
    return invalid_argument("target: the probabilities sum to " + format_number(total) + "; expected 1");
  return dist;
}

// Arms the scope knows: every hour for timing; for content the stored bandit's arms and the logged ones.
Result<std::set<std::string>> known_arms(Database& db, const std::string& scope, const std::vector<LoggedRow>& rows) {
  std::set<std::string> known;
  if (scope == "timing") {
    for (int h = 0; h < 24; ++h) known.insert(timing_arm_id(h));
    return known;
  }
  for (const LoggedRow& r : rows) known.insert(r.arm);
  Result<StoredBandit> stored = load_stored_bandit(db, scope);
  if (stored.ok()) {
    for (const std::string& arm : stored.value().bandit->arm_names()) known.insert(arm);
  } else if (stored.error().code != ErrorCode::kNotFound) {
    return stored.error();
  }
  return known;
}

Result<std::vector<LoggedRow>> read_log(Database& db, const std::string& scope, double threshold) {
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      "SELECT d.decision_id, d.arm, d.propensity, o.decision_id IS NOT NULL, o.engagement_rate, o.impressions, "
      "o.likes + o.retweets + o.replies FROM decisions d LEFT JOIN outcomes o ON o.decision_id = d.decision_id AND "
      "o.collected_at = (SELECT MAX(collected_at) FROM outcomes WHERE decision_id = d.decision_id) "
      "WHERE d.scope = ? ORDER BY d.decided_at, d.decision_id",
      {scope});
  if (!rows.ok()) return rows.error();
  std::vector<LoggedRow> out;
  for (const auto& r : rows.value()) {
    LoggedRow row{sql_text(r[0]), sql_text(r[1]), sql_number(r[2], std::nan("")), sql_number(r[3]) != 0, 0};
    if (!(row.propensity > 0 && row.propensity <= 1))
      return invalid_argument("decision '" + row.id + "' (arm '" + row.arm + "') was logged with propensity " +
                              (is_null(r[2]) ? std::string("NULL") : format_number(row.propensity)) +
                              "; expected a probability in (0, 1]: the log cannot be evaluated");
    if (row.has_outcome) {
      const double impressions = sql_number(r[5]);
      const double rate = !is_null(r[4]) ? sql_number(r[4]) : (impressions > 0 ? sql_number(r[6]) / impressions : 0.0);
      row.reward = rate > threshold ? 1.0 : 0.0;
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace

Result<nlohmann::ordered_json> evaluate_logged_decisions(Database& db, const std::string& scope,
                                                         const nlohmann::json& target, double success_threshold) {
  if (scope != "content" && scope != "timing")
    return invalid_argument("scope is '" + scope + "'; expected content or timing");
  if (!(success_threshold >= 0 && success_threshold < 1))
    return invalid_argument("success threshold is " + format_number(success_threshold) + "; expected [0, 1)");
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<LoggedRow>> log = read_log(db, scope, success_threshold);
  if (!log.ok()) return log.error();
  std::string kind;
  Result<std::map<std::string, double>> dist = target_arm_distribution(target, scope, &kind);
  if (!dist.ok()) return dist.error();
  Result<std::set<std::string>> known = known_arms(db, scope, log.value());
  if (!known.ok()) return known.error();
  std::string unknown;
  for (const auto& [arm, p] : dist.value()) {
    if (!known.value().count(arm)) unknown += (unknown.empty() ? "'" : ", '") + arm + "'";
  }
  if (!unknown.empty()) return invalid_argument("target names arms the " + scope + " scope does not have: " + unknown);

  LoggedDecisions logged;
  std::size_t without = 0;
  std::set<std::string> tried;
  for (const LoggedRow& r : log.value()) {
    if (!r.has_outcome) {
      ++without;
      continue;
    }
    const auto it = dist.value().find(r.arm);
    const double t = it == dist.value().end() ? 0.0 : it->second;
    if (r.propensity == 1 && t < 1)
      return invalid_argument("decision '" + r.id + "' was logged with propensity 1 for arm '" + r.arm +
                              "' (the logging policy could serve nothing else) while the target gives that arm " +
                              format_number(t) +
                              ": the target's value is not identifiable from this log (serve with a floor or with "
                              "Thompson sampling to log every arm with some probability)");
    tried.insert(r.arm);
    logged.rewards.push_back(r.reward);
    logged.propensities.push_back(r.propensity);
    logged.target_probs.push_back(t);
    logged.actions.push_back(r.arm);
  }
  for (const auto& [arm, p] : dist.value()) {
    if (p > 0 && !tried.count(arm))
      return invalid_argument("the target puts " + format_number(p) + " on arm '" + arm +
                              "', which no logged decision with an outcome tried: its value is not identifiable "
                              "from this log");
  }
  if (logged.rewards.size() < 2)
    return invalid_argument("the " + scope + " scope has " + std::to_string(logged.rewards.size()) +
                            " logged decisions with outcomes (" + std::to_string(without) +
                            " without); expected at least 2");
  logged.target_distribution = dist.value();
  Result<OpeReport> report = evaluate_off_policy(logged);
  if (!report.ok()) return report.error();
  nlohmann::ordered_json arms = nlohmann::ordered_json::array();
  for (const auto& [arm, p] : dist.value()) {
    nlohmann::ordered_json a = {{"arm", arm}};
    if (scope == "timing") a["hour"] = timing_arm_hour(arm);
    a["probability"] = p;
    arms.push_back(a);
  }
  const nlohmann::ordered_json estimates = nlohmann::ordered_json::parse(ope_report_to_json(report.value()));
  nlohmann::ordered_json out = {{"scope", scope},
                                {"target", {{"kind", kind}, {"arms", arms}}},
                                {"success_threshold", success_threshold},
                                {"decisions", log.value().size()},
                                {"decisions_without_outcomes", without}};
  for (const auto& [key, value] : estimates.items()) out[key] = value;
  return out;
}

}  // namespace learnloop
