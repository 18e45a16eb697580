// Serving from the store and logging what was served: the scope's bandit from the latest
// learning run's bandit_state (the state bandit_arms summarises, with its options) and one
// decisions row per pick, written in one transaction.
#include "learnloop/store/decisions.hpp"

#include "learnloop/core/dates.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop {

namespace {

Status check_scope(const std::string& scope) {
  if (scope == "content" || scope == "timing") return {};
  return invalid_argument("scope is '" + scope + "'; expected content or timing");
}

Result<std::int64_t> decisions_logged(Database& db, const std::string& scope) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT COUNT(*) FROM decisions WHERE scope = ?", {scope});
  if (!rows.ok()) return rows.error();
  return static_cast<std::int64_t>(sql_number(rows.value()[0][0]));
}

void add_hour(nlohmann::ordered_json& j, const StoredBandit& served, const std::string& arm) {
  if (served.scope == "timing") j["hour"] = timing_arm_hour(arm);
}

}  // namespace

Result<StoredBandit> load_stored_bandit(Database& db, const std::string& scope) {
  if (Status s = check_scope(scope); !s.ok()) return s.error();
  if (Status s = check_schema(db); !s.ok()) return s.error();
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT run_date, bandit_state FROM learning_runs ORDER BY run_date DESC LIMIT 1");
  if (!rows.ok()) return rows.error();
  if (rows.value().empty())
    return Error{ErrorCode::kNotFound, "no learning run yet: run learn first, then serve the " + scope + " bandit"};
  const std::string run_date = sql_text(rows.value()[0][0]);
  Result<nlohmann::json> state = parse_json(sql_text(rows.value()[0][1]));
  if (!state.ok()) return Error{ErrorCode::kParseError, "learning_runs.bandit_state: " + state.error().message};
  const nlohmann::json saved =
      state.value().is_object() ? state.value().value(scope, nlohmann::json()) : nlohmann::json();
  if (saved.is_null())
    return Error{ErrorCode::kNotFound, "the latest learning run (" + run_date + ") has no " + scope +
                                           " bandit: no outcome so far " +
                                           (scope == "content" ? "names a content arm" : "has a posting hour")};
  Result<std::unique_ptr<Bandit>> bandit = bandit_from_json(saved.dump());
  if (!bandit.ok())
    return Error{bandit.error().code, "learning_runs.bandit_state." + scope + ": " + bandit.error().message};
  Result<std::int64_t> logged = decisions_logged(db, scope);
  if (!logged.ok()) return logged.error();
  StoredBandit out{std::move(bandit).value(), scope, scope + "@" + run_date};
  out.bandit->reseed(out.bandit->config().seed, 4 + static_cast<std::uint64_t>(logged.value()));
  return out;
}

nlohmann::ordered_json decision_probabilities_json(const StoredBandit& served, const std::vector<double>& probs) {
  const Bandit& b = *served.bandit;
  const bool sampled = b.config().policy == "thompson" || b.config().policy == "lints";
  nlohmann::ordered_json arms = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < probs.size(); ++i) {
    nlohmann::ordered_json a = {{"arm", b.arm_names()[i]}};
    add_hour(a, served, b.arm_names()[i]);
    a["probability"] = probs[i];
    arms.push_back(a);
  }
  return {{"scope", served.scope},
          {"policy", b.config().policy},
          {"policy_version", served.policy_version},
          {"floor", b.config().floor},
          {"draws", sampled ? kProbabilityDraws : 0},
          {"arms", arms}};
}

nlohmann::ordered_json decision_pick_json(const StoredBandit& served, const Selection& pick) {
  const std::string& arm = served.bandit->arm_names()[pick.arm];
  nlohmann::ordered_json j = {{"arm", arm}};
  add_hour(j, served, arm);
  j["propensity"] = pick.propensity;
  return j;
}

Result<std::vector<std::string>> log_decisions(Database& db, const std::string& scope,
                                               const std::string& policy_version, const std::vector<ServedPick>& picks,
                                               const std::vector<std::string>& decision_ids,
                                               const nlohmann::json& context, const std::string& decided_at) {
  if (!decision_ids.empty() && decision_ids.size() != picks.size())
    return invalid_argument("decision ids: " + std::to_string(decision_ids.size()) + " given for " +
                            std::to_string(picks.size()) + " picks; expected one per pick (or none)");
  if (Status s = check_scope(scope); !s.ok()) return s.error();
  if (!context.is_null() && !context.is_object())
    return invalid_argument("context must be a JSON object (it is stored with each decision)");
  if (Status s = check_timestamp(decided_at, "decided_at"); !s.ok()) return s.error();
  for (const std::string& id : decision_ids) {
    if (id.empty()) return invalid_argument("a decision id is empty");
  }
  Transaction tx(db);
  if (!tx.status().ok()) return tx.status().error();
  Result<std::int64_t> logged = decisions_logged(db, scope);
  if (!logged.ok()) return logged.error();
  std::vector<std::string> ids;
  const SqlValue context_value = context.is_null() ? SqlValue{} : SqlValue{context.dump()};
  for (std::size_t i = 0; i < picks.size(); ++i) {
    const std::string id =
        decision_ids.empty() ? policy_version + "-" + std::to_string(logged.value() + 1 + static_cast<std::int64_t>(i))
                             : decision_ids[i];
    const double p = picks[i].propensity;
    if (!(p > 0 && p <= 1))
      return invalid_argument("pick " + std::to_string(i) + " has propensity " + format_number(p) +
                              "; expected a probability in (0, 1] (decisions are logged with exact propensities)");
    Status s = run_statement(db,
                             "INSERT INTO decisions (decision_id, scope, arm, propensity, context, policy_version, "
                             "decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             {id, scope, picks[i].arm, p, context_value, policy_version, decided_at});
    if (!s.ok()) return Error{s.error().code, "decision '" + id + "': " + s.error().message};
    ids.push_back(id);
  }
  if (Status s = tx.commit(); !s.ok()) return s.error();
  if (Status s = db.flush(); !s.ok()) return s.error();
  return ids;
}

}  // namespace learnloop
