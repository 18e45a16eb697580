// Embind: the learning job over records (no database). Data conversion only: the request comes as
// JSON text, the answer leaves as JSON text (the bytes of `learnloop learn --records --json`).
#include <emscripten/bind.h>

#include "js_progress.hpp"
#include "js_result.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/pipelines/learn_records.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

/// {records, retention, state, date, today, windowDays, successThreshold} as JSON text → the job's answer.
val learn_records(const std::string& request_json, val progress) {
  Result<nlohmann::json> parsed = parse_json(request_json);
  if (!parsed.ok()) return error_to_js(parsed.error());
  const nlohmann::json& r = parsed.value();
  RecordsLearnRequest request;
  request.records = r.value("records", nlohmann::json());
  request.retention = r.value("retention", nlohmann::json());
  request.state = r.value("state", nlohmann::json());
  request.date = r.value("date", "");
  request.today = r.value("today", "");
  std::uint64_t window = 7;
  if (Status s = read_json_integer(r, "windowDays", 1, &window); !s.ok()) return status_to_js(s);
  request.window_days = static_cast<int>(std::min<std::uint64_t>(window, 100000));
  if (Status s = read_json_number(r, "successThreshold", &request.success_threshold); !s.ok()) return status_to_js(s);
  JsProgress sink(std::move(progress));
  return result_to_js(learn_from_records(request, &sink),
                      [](const nlohmann::ordered_json& j) { return val(j.dump()); });
}

}  // namespace
}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_pipelines) { emscripten::function("learnRecords", &learnloop::wasm::learn_records); }
