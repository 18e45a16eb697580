// The model registry in the `models` table: versioned model documents per name and tenant, with
// one active ("latest") model per name and tenant; a tenant without its own model falls back to
// the default tenant's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "learnloop/store/database.hpp"

namespace learnloop {

/// The tenant every name falls back to.
inline constexpr const char* kDefaultTenant = "default";

/// One registered model.
struct RegisteredModel {
  std::string model_id;                 ///< unique id, e.g. "ctr@ridge-3f9a1c20b4de"
  std::string name;                     ///< what it predicts, e.g. "ctr"
  std::string tenant = kDefaultTenant;  ///< owner; "default" serves every tenant without its own
  std::string kind;                     ///< ridge | logistic | ...
  std::string trained_for;              ///< day the model was trained for (YYYY-MM-DD)
  std::string trained_at;               ///< when it was trained (UTC timestamp)
  std::int64_t train_rows = 0;          ///< rows it was fitted on
  nlohmann::json metrics;               ///< metrics (e.g. {"test": {...}})
  std::string document;                 ///< the model document (JSON text)
  bool active = false;                  ///< the latest model of its name and tenant
  std::string owner;                    ///< who writes this name: "learn", "retrain" ("" on rows from before 0.2.0)
  std::string active_reason;            ///< why it serves (set when it was activated; "" when never active)
};

/// Owner of the names the daily learning job writes.
inline constexpr const char* kOwnerLearn = "learn";
/// Owner of the names check_and_retrain writes.
inline constexpr const char* kOwnerRetrain = "retrain";

/// The owner of `name` for `tenant` (from its newest row that records one), or "" when no row records one.
Result<std::string> model_name_owner(Database& db, const std::string& name, const std::string& tenant);

/// Stores `model` (replacing one with the same id); when `activate`, it becomes the active model of its name and
/// tenant, with `model.active_reason` saying why. Refused (invalid_argument) when another owner writes the name.
Status register_model(Database& db, const RegisteredModel& model, bool activate);

/// The active model of `name` for `tenant`, else the default tenant's; not_found when neither exists.
Result<RegisteredModel> latest_model(Database& db, const std::string& name, const std::string& tenant = kDefaultTenant);

/// Every model of `name` for `tenant`, newest first.
Result<std::vector<RegisteredModel>> list_models(Database& db, const std::string& name,
                                                 const std::string& tenant = kDefaultTenant);

}  // namespace learnloop
