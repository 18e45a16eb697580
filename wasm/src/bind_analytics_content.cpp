// Embind: the content analytics (best time to post, virality prediction, meta-learning scores)
// over the same JS SQLite adapter a MetricsStore owns. Data conversion only; the analyses are the core's.
#include <emscripten/bind.h>

#include "js_database.hpp"
#include "js_result.hpp"
#include "learnloop/analytics/best_time.hpp"
#include "learnloop/analytics/meta_scores.hpp"
#include "learnloop/analytics/virality.hpp"
#include "learnloop/core/json_state.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val json_string(const nlohmann::ordered_json& j) { return val(j.dump()); }

// Window options shared by both analyses: {date?, days?, seed?}.
Status read_window(const nlohmann::json& o, std::string* date, int* days, std::uint64_t* seed) {
  if (o.contains("date") && !o["date"].is_null()) {
    if (!o["date"].is_string()) return invalid_argument("date must be a string YYYY-MM-DD");
    *date = o["date"].get<std::string>();
  }
  std::uint64_t d = static_cast<std::uint64_t>(*days);
  if (Status s = read_json_integer(o, "days", 1, &d); !s.ok()) return s;
  if (d > 3660) return invalid_argument("days must be in [1, 3660], got " + std::to_string(d));
  *days = static_cast<int>(d);
  return read_json_integer(o, "seed", 0, seed);
}

Result<nlohmann::json> options_object(const std::string& text) {
  Result<nlohmann::json> o = parse_json(text);
  if (!o.ok()) return o.error();
  if (!o.value().is_object()) return invalid_argument("options must be an object");
  return o;
}

val best_time_to_post(val adapter, const std::string& options_json) {
  Result<nlohmann::json> o = options_object(options_json);
  if (!o.ok()) return error_to_js(o.error());
  BestTimeOptions options;
  options.platform = o.value().value("platform", "");
  if (Status s = read_window(o.value(), &options.date, &options.days, &options.seed); !s.ok()) return status_to_js(s);
  std::uint64_t resamples = 1000;
  if (Status s = read_json_integer(o.value(), "resamples", 0, &resamples); !s.ok()) return status_to_js(s);
  options.resamples = static_cast<int>(std::min<std::uint64_t>(resamples, 1u << 30));
  std::unique_ptr<Database> db = make_js_database(std::move(adapter));
  return result_to_js(learnloop::best_time_to_post(*db, options), json_string);
}

val predict_virality(val adapter, const std::string& content_json, const std::string& options_json) {
  Result<nlohmann::json> content = parse_json(content_json);
  if (!content.ok()) return error_to_js(content.error());
  Result<nlohmann::json> o = options_object(options_json);
  if (!o.ok()) return error_to_js(o.error());
  ViralityOptions options;
  if (Status s = read_window(o.value(), &options.date, &options.days, &options.seed); !s.ok()) return status_to_js(s);
  std::unique_ptr<Database> db = make_js_database(std::move(adapter));
  return result_to_js(learnloop::predict_virality(*db, content.value(), options), json_string);
}

val meta_learning_scores(val adapter, const std::string& date) {
  std::unique_ptr<Database> db = make_js_database(std::move(adapter));
  return result_to_js(read_meta_scores(*db, date), json_string);
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_analytics_content) {
  emscripten::function("bestTimeToPost", &learnloop::wasm::best_time_to_post);
  emscripten::function("predictVirality", &learnloop::wasm::predict_virality);
  emscripten::function("metaLearningScores", &learnloop::wasm::meta_learning_scores);
}
