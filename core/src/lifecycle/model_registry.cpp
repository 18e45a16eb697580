// models table reads and writes.
#include "learnloop/lifecycle/model_registry.hpp"

#include "learnloop/core/json_state.hpp"

namespace learnloop {
namespace {

const char* const kColumns =
    "model_id, name, tenant, kind, trained_for, trained_at, train_rows, metrics, document, active, owner, "
    "active_reason";

RegisteredModel from_row(const std::vector<SqlValue>& r) {
  RegisteredModel m;
  m.model_id = sql_text(r[0]);
  m.name = sql_text(r[1]);
  m.tenant = sql_text(r[2]);
  m.kind = sql_text(r[3]);
  m.trained_for = sql_text(r[4]);
  m.trained_at = sql_text(r[5]);
  m.train_rows = static_cast<std::int64_t>(sql_number(r[6]));
  Result<nlohmann::json> metrics = parse_json(sql_text(r[7]));
  m.metrics = metrics.ok() ? metrics.value() : nlohmann::json();
  m.document = sql_text(r[8]);
  m.active = sql_number(r[9]) != 0;
  m.owner = is_null(r[10]) ? "" : sql_text(r[10]);
  m.active_reason = is_null(r[11]) ? "" : sql_text(r[11]);
  return m;
}

}  // namespace

Status register_model(Database& db, const RegisteredModel& m, bool activate) {
  if (m.model_id.empty() || m.name.empty() || m.tenant.empty() || m.kind.empty())
    return invalid_argument("a registered model needs a model_id, a name, a tenant and a kind");
  if (!parse_json(m.document).ok())
    return invalid_argument("model '" + m.model_id + "': the document is not valid JSON");
  if (!m.owner.empty()) {
    Result<std::string> owner = model_name_owner(db, m.name, m.tenant);
    if (!owner.ok()) return owner.error();
    if (!owner.value().empty() && owner.value() != m.owner)
      return invalid_argument("model name '" + m.name + "' (tenant '" + m.tenant + "') is written by " + owner.value() +
                              ", not " + m.owner +
                              ": one owner per name, so which model serves stays "
                              "clear; give " +
                              m.owner + " a name of its own");
  }
  const auto text_or_null = [](const std::string& v) { return v.empty() ? SqlValue{} : SqlValue{v}; };
  // Two statements, each atomic, so this also runs inside a caller's transaction: the row goes in
  // inactive, then one UPDATE moves the active flag (and the reason it serves) to it.
  static const std::string kUpsert =
      upsert_sql("models",
                 {"model_id", "name", "tenant", "kind", "trained_for", "trained_at", "train_rows", "metrics",
                  "document", "active", "owner", "active_reason"},
                 {"model_id"});
  Status s = run_statement(db, kUpsert,
                           {m.model_id, m.name, m.tenant, m.kind, m.trained_for, text_or_null(m.trained_at),
                            m.train_rows, m.metrics.is_null() ? std::string("{}") : m.metrics.dump(), m.document,
                            std::int64_t{0}, text_or_null(m.owner), SqlValue{}});
  if (!s.ok() || !activate) return s;
  return run_statement(db,
                       "UPDATE models SET active = CASE WHEN model_id = ? THEN 1 ELSE 0 END, active_reason = CASE WHEN "
                       "model_id = ? THEN ? ELSE "
                       "NULL END WHERE name = ? AND tenant = ?",
                       {m.model_id, m.model_id, text_or_null(m.active_reason), m.name, m.tenant});
}

Result<std::string> model_name_owner(Database& db, const std::string& name, const std::string& tenant) {
  Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
      db,
      "SELECT owner FROM models WHERE name = ? AND tenant = ? AND owner IS NOT NULL ORDER BY trained_for DESC, "
      "trained_at DESC LIMIT 1",
      {name, tenant});
  if (!rows.ok()) return rows.error();
  return rows.value().empty() ? std::string() : sql_text(rows.value()[0][0]);
}

Result<RegisteredModel> latest_model(Database& db, const std::string& name, const std::string& tenant) {
  for (const std::string& t : {tenant, std::string(kDefaultTenant)}) {
    Result<std::vector<std::vector<SqlValue>>> rows = query_rows(
        db, std::string("SELECT ") + kColumns + " FROM models WHERE name = ? AND tenant = ? AND active = 1 LIMIT 1",
        {name, t});
    if (!rows.ok()) return rows.error();
    if (!rows.value().empty()) return from_row(rows.value()[0]);
  }
  return Error{ErrorCode::kNotFound, "no model named '" + name + "' for tenant '" + tenant + "' or the default tenant"};
}

Result<std::vector<RegisteredModel>> list_models(Database& db, const std::string& name, const std::string& tenant) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db,
                 std::string("SELECT ") + kColumns +
                     " FROM models WHERE name = ? AND tenant = ? ORDER BY trained_for DESC, trained_at DESC",
                 {name, tenant});
  if (!rows.ok()) return rows.error();
  std::vector<RegisteredModel> out;
  for (const auto& r : rows.value()) out.push_back(from_row(r));
  return out;
}

}  // namespace learnloop
