// The learning job's bandits: a Thompson-sampling content bandit and a UCB1 timing bandit whose
// state moves from run to run through learning_runs, so rerunning a date never counts twice.
#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "job_parts.hpp"
#include "learnloop/bandits/bandit.hpp"
#include "learnloop/core/format.hpp"
#include "learnloop/core/json_numbers.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/store/row_batch.hpp"

namespace learnloop::job {
namespace {

constexpr double kPrior = 1.0;

// The forgetting the options ask for, on a new bandit's config.
void apply_forgetting(BanditConfig& config, const JobBanditOptions& options) {
  if (options.discount) config.forgetting.discount = *options.discount;
  if (options.window) config.forgetting.window = *options.window;
}

nlohmann::ordered_json arm_json(const Bandit& b, std::size_t i) {
  const ArmStats& s = b.stats(i);
  return {{"arm", b.arm_names()[i]},
          {"successes", json_count<nlohmann::ordered_json>(s.successes)},
          {"failures", json_count<nlohmann::ordered_json>(s.failures)},
          {"pulls", json_count<nlohmann::ordered_json>(s.pulls)},
          {"estimate", b.estimate(i)}};
}

}  // namespace

Result<std::size_t> arm_of(Bandit& bandit, const std::string& name) {
  Result<std::size_t> found = bandit.arm_index(name);
  if (found.ok()) return found;
  if (Status s = bandit.add_arm(name); !s.ok()) return s.error();
  return bandit.arm_count() - 1;
}

Result<std::unique_ptr<Bandit>> load_or_make(const nlohmann::json& saved, const BanditConfig& config) {
  if (!saved.is_null()) return bandit_from_json(saved.dump());
  return make_bandit(config);
}

// A stored bandit keeps the forgetting it was made with: a different one asked for now is refused.
Status check_forgetting(const Bandit& bandit, const JobBanditOptions& options, const std::string& name) {
  const Forgetting& f = bandit.config().forgetting;
  if ((options.discount && *options.discount != f.discount) || (options.window && *options.window != f.window))
    return invalid_argument("the " + name + " bandit was made with discount " + format_number(f.discount) +
                            " and window " + std::to_string(f.window) +
                            "; forgetting is fixed when a bandit is first made (learn from the first day again with "
                            "the new options, or leave them out)");
  return {};
}

// Applies the options' floor and allowed arms (a bandit's own checks name bad values) over the stored ones.
Status apply_serving(Bandit& bandit, const JobBanditOptions& options, const std::string& name) {
  if (!options.floor && !options.allowed) return {};
  const double floor = options.floor.value_or(bandit.config().floor);
  const std::vector<std::string> allowed = options.allowed.value_or(bandit.config().allowed);
  if (Status s = bandit.set_serving(floor, allowed); !s.ok())
    return Error{s.error().code, name + " bandit: " + s.error().message};
  return {};
}

BanditConfig content_bandit_config(const std::vector<std::string>& arms, double threshold,
                                   const JobBanditOptions& options) {
  BanditConfig config;
  config.policy = "thompson";
  config.arms = arms;
  config.success_threshold = threshold;
  config.prior_alpha = config.prior_beta = kPrior;
  apply_forgetting(config, options);
  return config;
}

BanditConfig timing_bandit_config(const JobBanditOptions& options) {
  BanditConfig config;
  config.policy = "ucb1";
  for (int h = 0; h < 24; ++h) config.arms.push_back(timing_arm_id(h));
  apply_forgetting(config, options);
  return config;
}

bool has_bandit_options(const JobBanditOptions& options) {
  return options.floor || options.allowed || options.discount || options.window;
}

DayNumber first_uncounted_day(const BanditState& state, DayNumber from) {
  return state.through.empty() ? from : parse_date(state.through).value() + 1;
}

Result<BanditState> previous_bandit_state(Database& db, DayNumber date) {
  Result<std::vector<std::vector<SqlValue>>> rows =
      query_rows(db, "SELECT bandit_state FROM learning_runs WHERE run_date < ? ORDER BY run_date DESC LIMIT 1",
                 {format_date(date)});
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return BanditState{};
  Result<nlohmann::json> saved = parse_json(sql_text(rows.value()[0][0]));
  if (!saved.ok()) return Error{ErrorCode::kParseError, "learning_runs.bandit_state: " + saved.error().message};
  return bandit_state_from_json(saved.value(), "learning_runs.bandit_state");
}

Result<BanditState> bandit_state_from_json(const nlohmann::json& saved, const std::string& where) {
  BanditState state;
  if (saved.is_null()) return state;
  if (!saved.is_object())
    return invalid_argument(where + ": expected an object {content, timing, through}, got " +
                            std::string(saved.type_name()));
  state.content = saved.value("content", nlohmann::json());
  state.timing = saved.value("timing", nlohmann::json());
  const nlohmann::json through = saved.value("through", nlohmann::json(""));
  if (!through.is_string()) return invalid_argument(where + ".through: expected a date YYYY-MM-DD or \"\"");
  state.through = through.get<std::string>();
  if (!state.through.empty()) {
    if (Result<DayNumber> day = parse_date(state.through, where + ".through"); !day.ok()) return day.error();
  }
  // Validated whole: a state without "through" counted every outcome again, one without "content"
  // dropped that bandit's history while "through" moved on.
  for (const char* key : {"content", "timing", "through"}) {
    if (!saved.contains(key))
      return invalid_argument(where + "." + key +
                              " is missing; a state holds content, timing and through as learn wrote it (give no "
                              "state for a first run)");
  }
  if (state.through.empty() && (!state.content.is_null() || !state.timing.is_null()))
    return invalid_argument(where +
                            ".through is \"\" while the state holds bandits, whose outcomes would be counted again");
  for (const auto& [name, bandit] :
       {std::pair<const char*, const nlohmann::json*>{"content", &state.content}, {"timing", &state.timing}}) {
    if (bandit->is_null()) continue;
    if (Result<std::unique_ptr<Bandit>> b = bandit_from_json(bandit->dump()); !b.ok())
      return Error{b.error().code, where + "." + name + ": " + b.error().message};
  }
  return state;
}

Result<BanditState> update_bandits(const BanditState& state, const std::vector<const OutcomeRow*>& rows,
                                   double threshold, DayNumber date, const JobBanditOptions& content_options,
                                   const JobBanditOptions& timing_options) {
  BanditState out = state;
  out.through = format_date(date);
  const bool options_given = has_bandit_options(content_options) || has_bandit_options(timing_options);
  if (rows.empty() && !options_given) return out;
  // Distinct arms as views first (a hash lookup per row, no string built), then sorted as a set of strings.
  // (A map of views to counts, the container the other passes use, keeps the wasm from another hash table's code.)
  std::unordered_map<std::string_view, std::size_t> seen_arms;
  for (const OutcomeRow* r : rows) {
    if (!std::string_view(r->bandit_arm).empty()) ++seen_arms[r->bandit_arm];
  }
  std::set<std::string> arms;
  for (const auto& [arm, rows_of_arm] : seen_arms) arms.emplace(arm);
  const BanditConfig content_config =
      content_bandit_config(std::vector<std::string>(arms.begin(), arms.end()), threshold, content_options);
  const BanditConfig timing_config = timing_bandit_config(timing_options);

  std::unique_ptr<Bandit> content;
  if (!state.content.is_null() || !arms.empty()) {
    Result<std::unique_ptr<Bandit>> made = load_or_make(state.content, content_config);
    if (!made.ok()) return made.error();
    content = std::move(made).value();
    if (!state.content.is_null()) {
      if (Status s = check_forgetting(*content, content_options, "content"); !s.ok()) return s.error();
    }
  }
  Result<std::unique_ptr<Bandit>> timing = load_or_make(state.timing, timing_config);
  if (!timing.ok()) return timing.error();
  if (!state.timing.is_null()) {
    if (Status s = check_forgetting(*timing.value(), timing_options, "timing"); !s.ok()) return s.error();
  }
  std::unordered_map<std::string_view, std::size_t> arm_index;  // arms only grow at the end: an index stays valid
  for (const OutcomeRow* row : rows) {
    const OutcomeRow& r = *row;
    const double rate = std::clamp(r.engagement_rate, 0.0, 1.0);
    const std::string_view arm_name = r.bandit_arm;
    if (content && !arm_name.empty()) {
      auto found = arm_index.find(arm_name);
      if (found == arm_index.end()) {
        Result<std::size_t> arm = arm_of(*content, std::string(arm_name));
        if (!arm.ok()) return arm.error();
        found = arm_index.emplace(arm_name, arm.value()).first;
      }
      if (Status s = content->update(found->second, rate); !s.ok()) return s.error();
    }
    if (r.posted_hour >= 0) {
      if (Status s = timing.value()->update(static_cast<std::size_t>(r.posted_hour), rate > threshold ? 1.0 : 0.0);
          !s.ok())
        return s.error();
    }
  }
  if (Status s = store_served_bandits(content.get(), *timing.value(), content_options, timing_options, &out); !s.ok())
    return s.error();
  return out;
}

Status store_served_bandits(Bandit* content, Bandit& timing, const JobBanditOptions& content_options,
                            const JobBanditOptions& timing_options, BanditState* out) {
  if (content) {
    if (Status s = apply_serving(*content, content_options, "content"); !s.ok()) return s;
    out->content = nlohmann::json::parse(content->to_json());
  } else if (content_options.floor || content_options.allowed) {
    return invalid_argument("content bandit options were given but no outcome so far names a content arm (bandit_arm)");
  }
  if (Status s = apply_serving(timing, timing_options, "timing"); !s.ok()) return s;
  out->timing = nlohmann::json::parse(timing.to_json());
  return {};
}

Result<nlohmann::ordered_json> bandit_summary(const BanditState& state, double threshold) {
  nlohmann::ordered_json out = {{"success_threshold", threshold}, {"through", state.through}};
  if (!state.content.is_null()) {
    Result<std::unique_ptr<Bandit>> b = bandit_from_json(state.content.dump());
    if (!b.ok()) return b.error();
    std::vector<std::size_t> order(b.value()->arm_count());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return b.value()->estimate(x) > b.value()->estimate(y); });
    nlohmann::ordered_json arms = nlohmann::ordered_json::array();
    for (std::size_t i : order) arms.push_back(arm_json(*b.value(), i));
    out["content"] = {{"policy", "thompson"},
                      {"recommended", arms.empty() ? nlohmann::ordered_json() : arms[0]["arm"]},
                      {"arms", arms}};
  }
  if (!state.timing.is_null()) {
    Result<std::unique_ptr<Bandit>> b = bandit_from_json(state.timing.dump());
    if (!b.ok()) return b.error();
    std::vector<std::size_t> tried;
    for (std::size_t i = 0; i < b.value()->arm_count(); ++i) {
      if (b.value()->stats(i).pulls > 0) tried.push_back(i);
    }
    std::stable_sort(tried.begin(), tried.end(),
                     [&](std::size_t x, std::size_t y) { return b.value()->estimate(x) > b.value()->estimate(y); });
    nlohmann::ordered_json best = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < tried.size() && k < 3; ++k) {
      // Every result that lists timing arms carries the arm's hour as an integer (issue 18): "h15" -> 15.
      nlohmann::ordered_json arm = arm_json(*b.value(), tried[k]);
      arm["hour"] = std::stoi(arm["arm"].get<std::string>().substr(1));
      best.push_back(std::move(arm));
    }
    out["timing"] = {{"policy", "ucb1"}, {"best_hours", best}, {"hours_tried", tried.size()}};
  }
  return out;
}

Status write_bandit_arms(Database& db, const BanditState& state, DayNumber date) {
  if (Status s = run_statement(db, "DELETE FROM bandit_arms"); !s.ok()) return s;
  RowBatch insert(
      db, "bandit_arms",
      {"scope", "arm_name", "successes", "failures", "alpha", "beta", "pulls", "mean_reward", "updated_at"});
  for (const auto& [scope, saved] :
       {std::pair<const char*, const nlohmann::json*>{"content", &state.content}, {"timing", &state.timing}}) {
    if (saved->is_null()) continue;
    Result<std::unique_ptr<Bandit>> b = bandit_from_json(saved->dump());
    if (!b.ok()) return b.error();
    for (std::size_t i = 0; i < b.value()->arm_count(); ++i) {
      const ArmStats& st = b.value()->stats(i);
      Status s = insert.add({std::string(scope), b.value()->arm_names()[i], static_cast<std::int64_t>(st.successes),
                             static_cast<std::int64_t>(st.failures), st.successes + kPrior, st.failures + kPrior,
                             static_cast<std::int64_t>(st.pulls), st.mean(0), format_date(date)});
      if (!s.ok()) return s;
    }
  }
  return insert.finish();
}

nlohmann::json bandit_state_json(const BanditState& state) {
  return {{"content", state.content}, {"timing", state.timing}, {"through", state.through}};
}

}  // namespace learnloop::job
