// Embind: the metrics store and the learning job over a JS SQLite adapter. Data conversion only;
// the SQL, the checks and the job are the core's.
#include <emscripten/bind.h>

#include "js_database.hpp"
#include "js_embedding_store.hpp"
#include "js_progress.hpp"
#include "js_result.hpp"
#include "learnloop/analytics/creative_fatigue.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/embeddings/embedding_types.hpp"
#include "learnloop/lifecycle/accuracy.hpp"
#include "learnloop/lifecycle/model_registry.hpp"
#include "learnloop/lifecycle/retrain.hpp"
#include "learnloop/pipelines/demo_history.hpp"
#include "learnloop/pipelines/job_bandit_options.hpp"
#include "learnloop/pipelines/learn_job.hpp"
#include "learnloop/store/decisions.hpp"
#include "learnloop/store/embedding_index_load.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "learnloop/store/ingest.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/store/overview.hpp"
#include "learnloop/store/schema.hpp"
#include "learnloop/store/snapshots.hpp"

using emscripten::val;

namespace learnloop::wasm {
namespace {

val json_string(const nlohmann::ordered_json& j) { return val(j.dump()); }

Result<nlohmann::json> parse_options(const std::string& text, const std::string& what) {
  Result<nlohmann::json> j = parse_json(text);
  if (!j.ok()) return j.error();
  if (!j.value().is_object()) return invalid_argument(what + " must be an object");
  return j;
}

/// A store handle: owns the Database over the JS adapter.
class JsStore {
 public:
  explicit JsStore(val adapter) : db_(make_js_database(std::move(adapter))) {}

  val migrate() { return status_to_js(migrate_schema(*db_)); }

  val schema_version() { return val(latest_schema_version()); }

  val overview() { return result_to_js(store_overview(*db_), json_string); }

  val write_metrics(const std::string& table, const std::string& records_json) {
    Result<nlohmann::json> records = parse_json(records_json);
    if (!records.ok()) return error_to_js(records.error());
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    return status_to_js(learnloop::write_metrics(*db_, table, records.value()));
  }

  val read_metrics(const std::string& table, const std::string& filter_json) {
    Result<nlohmann::json> f = parse_options(filter_json, "filter");
    if (!f.ok()) return error_to_js(f.error());
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    MetricsFilter filter;
    filter.content_id = f.value().value("contentId", "");
    filter.platform = f.value().value("platform", "");
    filter.from = f.value().value("from", "");
    filter.to = f.value().value("to", "");
    if (Status s = read_json_integer(f.value(), "limit", 0, &filter.limit); !s.ok()) return status_to_js(s);
    return result_to_js(learnloop::read_metrics(*db_, table, filter),
                        [](const nlohmann::json& j) { return val(j.dump()); });
  }

  val read_snapshots(const std::string& from, const std::string& to) {
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    return result_to_js(read_daily_snapshots(*db_, from, to), [](const std::vector<DailySnapshot>& list) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const DailySnapshot& s : list) out.push_back(snapshot_to_json(s));
      return val(out.dump());
    });
  }

  val ingest(const std::string& text, const std::string& options_json, val progress) {
    Result<nlohmann::json> o = parse_options(options_json, "ingest options");
    if (!o.ok()) return error_to_js(o.error());
    IngestOptions options;
    options.table = o.value().value("table", "");
    options.format = o.value().value("format", "csv");
    options.skip_bad = o.value().value("skipBad", false);
    if (o.value().contains("mapping") && o.value()["mapping"].is_object()) {
      for (const auto& [from, to] : o.value()["mapping"].items()) {
        if (!to.is_string()) return error_to_js(invalid_argument("mapping values must be column names (strings)"));
        options.mapping.emplace_back(from, to.get<std::string>());
      }
    }
    JsProgress sink(std::move(progress));
    Result<IngestResult> done = ingest_text(*db_, text, options, &sink);
    if (!done.ok()) return error_to_js(with_option_renamed(done.error(), "skip_bad", "skipBad"));
    return result_to_js(done, [](const IngestResult& r) {
      return json_string({{"rows_written", r.rows_written}, {"bad_rows", r.bad_rows}});
    });
  }

  val learn(const std::string& options_json, val progress) {
    Result<nlohmann::json> o = parse_options(options_json, "learn options");
    if (!o.ok()) return error_to_js(o.error());
    LearnOptions options;
    options.date = o.value().value("date", "");
    options.today = o.value().value("today", "");
    std::uint64_t window = 7;
    if (Status s = read_json_integer(o.value(), "windowDays", 1, &window); !s.ok()) return status_to_js(s);
    options.window_days = static_cast<int>(std::min<std::uint64_t>(window, 100000));
    if (Status s = read_json_number(o.value(), "successThreshold", &options.success_threshold); !s.ok())
      return status_to_js(s);
    if (Status s = read_json_bool(o.value(), "force", &options.force); !s.ok()) return status_to_js(s);
    for (auto [key, target] :
         {std::pair{"contentBandit", &options.content_bandit}, std::pair{"timingBandit", &options.timing_bandit}}) {
      const bool timing = target == &options.timing_bandit;
      Result<JobBanditOptions> bandit =
          job_bandit_options_from_json(o.value().value(key, nlohmann::json()), timing, std::string("options.") + key);
      if (!bandit.ok()) return error_to_js(bandit.error());
      *target = bandit.value();
    }
    JsProgress sink(std::move(progress));
    return result_to_js(run_learning_job(*db_, options, &sink), json_string);
  }

  val report(const std::string& date, int window_days) {
    return result_to_js(learning_report_for(*db_, date, window_days), json_string);
  }

  val history(const std::string& today, int days) {
    return result_to_js(learning_history(*db_, today, days), json_string);
  }

  val generate_demo(const std::string& spec_json, val progress) {
    Result<nlohmann::json> o = parse_options(spec_json, "demo spec");
    if (!o.ok()) return error_to_js(o.error());
    DemoSpec spec;
    spec.end_date = o.value().value("endDate", "");
    std::uint64_t days = 90, posts = 24, dim = 32;
    Status s = read_json_integer(o.value(), "days", 1, &days);
    if (s.ok()) s = read_json_integer(o.value(), "postsPerDay", 1, &posts);
    if (s.ok()) s = read_json_integer(o.value(), "embeddingDim", 0, &dim);
    if (s.ok()) s = read_json_integer(o.value(), "seed", 0, &spec.seed);
    if (!s.ok()) return status_to_js(s);
    spec.days = static_cast<int>(std::min<std::uint64_t>(days, 1u << 30));
    spec.posts_per_day = static_cast<int>(std::min<std::uint64_t>(posts, 1u << 30));
    spec.embedding_dim = static_cast<int>(std::min<std::uint64_t>(dim, 1u << 30));
    if (Status m = migrate_schema(*db_); !m.ok()) return status_to_js(m);
    JsProgress sink(std::move(progress));
    return result_to_js(generate_demo_history(*db_, spec, &sink), [](const DemoCounts& c) {
      return json_string({{"content", c.content},
                          {"outcomes", c.outcomes},
                          {"retention", c.retention},
                          {"engagement", c.engagement},
                          {"embeddings", c.embeddings},
                          {"creative_metrics", c.creative_metrics}});
    });
  }

  val record_prediction(const std::string& record_json) {
    Result<nlohmann::json> o = parse_options(record_json, "prediction");
    if (!o.ok()) return error_to_js(o.error());
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    const nlohmann::json& j = o.value();
    PredictionRecord r;
    // A stored record: the keys are prediction_records' column names (checked by the TS layer).
    r.prediction_id = j.value("prediction_id", "");
    r.model_name = j.value("model_name", "ctr");
    r.model_id = j.value("model_id", "");
    r.content_id = j.value("content_id", "");
    r.hook_type = j.value("hook_type", "");
    r.template_id = j.value("template_id", "");
    r.target = j.value("target", "");
    r.predicted_at = j.value("predicted_at", "");
    if (j.contains("features")) r.features = j["features"];
    for (const auto& [key, field] : {std::pair<const char*, std::optional<double>*>{"predicted", &r.predicted},
                                     {"predicted_ctr", &r.predicted_ctr},
                                     {"predicted_roas", &r.predicted_roas}}) {
      if (!j.contains(key)) continue;
      if (!j[key].is_number()) return error_to_js(invalid_argument(std::string(key) + " must be a number"));
      *field = j[key].get<double>();
    }
    return status_to_js(learnloop::record_prediction(*db_, r));
  }

  val complete_prediction(const std::string& id, const std::string& outcome_json) {
    Result<nlohmann::json> o = parse_options(outcome_json, "outcome");
    if (!o.ok()) return error_to_js(o.error());
    std::optional<double> actual, ctr, roas;
    for (const auto& [key, field] : {std::pair<const char*, std::optional<double>*>{"actual", &actual},
                                     {"actual_ctr", &ctr},
                                     {"actual_roas", &roas}}) {
      if (!o.value().contains(key)) continue;
      if (!o.value()[key].is_number()) return error_to_js(invalid_argument(std::string(key) + " must be a number"));
      *field = o.value()[key].get<double>();
    }
    return status_to_js(
        learnloop::complete_prediction(*db_, id, ctr, roas, o.value().value("completed_at", ""), actual));
  }

  val accuracy(const std::string& model_name, const std::string& now, int lookback_days, const std::string& target) {
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    return result_to_js(prediction_accuracy(*db_, {model_name, now, lookback_days, target}), json_string);
  }

  val check_and_retrain(const std::string& options_json) {
    Result<nlohmann::json> o = parse_options(options_json, "retrain options");
    if (!o.ok()) return error_to_js(o.error());
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    RetrainOptions options;
    options.model_name = o.value().value("modelName", "ctr");
    options.tenant = o.value().value("tenant", "default");
    options.target = o.value().value("target", "");
    options.now = o.value().value("now", "");
    std::uint64_t lookback = 7, min_samples = 50;
    Status s = read_json_number(o.value(), "threshold", &options.threshold);
    if (s.ok()) s = read_json_integer(o.value(), "lookbackDays", 1, &lookback);
    if (s.ok()) s = read_json_integer(o.value(), "minSamples", 2, &min_samples);
    if (s.ok()) s = read_json_integer(o.value(), "seed", 0, &options.seed);
    if (!s.ok()) return status_to_js(s);
    options.lookback_days = static_cast<int>(std::min<std::uint64_t>(lookback, 100000));
    options.min_samples = static_cast<std::int64_t>(min_samples);
    return result_to_js(learnloop::check_and_retrain(*db_, options), json_string);
  }

  val latest_model(const std::string& name, const std::string& tenant) {
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    return result_to_js(learnloop::latest_model(*db_, name, tenant), [](const RegisteredModel& m) {
      // A row of the models table: its column names.
      return json_string({{"model_id", m.model_id},
                          {"name", m.name},
                          {"tenant", m.tenant},
                          {"kind", m.kind},
                          {"trained_for", m.trained_for},
                          {"trained_at", m.trained_at},
                          {"train_rows", m.train_rows},
                          {"metrics", m.metrics},
                          {"document", m.document},
                          {"owner", m.owner},
                          {"active_reason", m.active_reason}});
    });
  }

  val save_embeddings(val snapshot, const std::string& type, const std::string& updated_at) {
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    std::string bytes(snapshot["length"].as<std::size_t>(), '\0');
    val(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<unsigned char*>(bytes.data())))
        .call<void>("set", snapshot);
    Result<EmbeddingStore> index = EmbeddingStore::from_bytes(bytes);
    if (!index.ok()) return error_to_js(index.error());
    return result_to_js(save_embedding_rows(*db_, index.value(), type, updated_at), [](const EmbeddingSaveSummary& s) {
      return json_string(
          {{"inserted", s.inserted}, {"updated", s.updated}, {"deleted", s.deleted}, {"unchanged", s.unchanged}});
    });
  }

  // {index: EmbeddingStore handle, load: JSON text of embedding_index_load_json()}, or an error record.
  val load_embeddings(const std::string& type, const std::string& metric, bool use_snapshot,
                      const std::string& built_at, val on_progress) {
    if (Status s = check_schema(*db_); !s.ok()) return status_to_js(s);
    EmbeddingTypeSpec spec;
    spec.name = type;
    if (!metric.empty()) {
      Result<Metric> parsed = parse_metric(metric);
      if (!parsed.ok()) return error_to_js(parsed.error());
      spec.metric = parsed.value();
    }
    JsProgress progress(std::move(on_progress));
    Result<LoadedEmbeddingIndex> loaded = load_embedding_index(*db_, spec, use_snapshot, built_at, &progress);
    if (!loaded.ok()) return error_to_js(loaded.error());
    JsEmbeddingStore js;
    js.store = std::move(loaded.value().index);
    val out = val::object();
    out.set("index", val(std::move(js)));
    out.set("load", json_string(embedding_index_load_json(loaded.value().load)));
    return out;
  }

  // {scope, policy_version, state}: the scope's bandit as the latest learning run stored it (generator restarted).
  val served_bandit(const std::string& scope) {
    Result<StoredBandit> served = load_stored_bandit(*db_, scope);
    if (!served.ok()) return error_to_js(served.error());
    const nlohmann::ordered_json out = {{"scope", served.value().scope},
                                        {"policy_version", served.value().policy_version},
                                        {"state", served.value().bandit->to_json()}};
    return json_string(out);
  }

  // Writes decisions {scope, policy_version, picks: [{arm, propensity}], decision_ids, context, decided_at}.
  val log_decisions(const std::string& request_json) {
    Result<nlohmann::json> r = parse_options(request_json, "decisions");
    if (!r.ok()) return error_to_js(r.error());
    const nlohmann::json& q = r.value();
    std::vector<ServedPick> picks;
    for (const auto& p : q.value("picks", nlohmann::json::array()))
      picks.push_back({p.value("arm", ""), p.value("propensity", std::nan(""))});
    std::vector<std::string> ids;
    for (const auto& id : q.value("decision_ids", nlohmann::json::array())) {
      if (!id.is_string())
        return error_to_js(invalid_argument("decisionIds holds " + id.dump() + "; expected strings"));
      ids.push_back(id.get<std::string>());
    }
    Result<std::vector<std::string>> logged =
        learnloop::log_decisions(*db_, q.value("scope", ""), q.value("policy_version", ""), picks, ids,
                                 q.value("context", nlohmann::json()), q.value("decided_at", ""));
    return result_to_js(logged, [](const std::vector<std::string>& v) { return val(nlohmann::json(v).dump()); });
  }

  val evaluate_decisions(const std::string& scope, const std::string& target_json, double threshold) {
    Result<nlohmann::json> target = parse_json(target_json);
    if (!target.ok()) return error_to_js(target.error());
    return result_to_js(evaluate_logged_decisions(*db_, scope, target.value(), threshold), json_string);
  }

  val flush() { return status_to_js(db_->flush()); }

  val creative_fatigue(const std::string& date) {
    return result_to_js(creative_fatigue_report(*db_, date), json_string);
  }

 private:
  std::unique_ptr<Database> db_;
};

}  // namespace

}  // namespace learnloop::wasm

EMSCRIPTEN_BINDINGS(learnloop_store) {
  using learnloop::wasm::JsStore;
  emscripten::class_<JsStore>("Store")
      .constructor<val>()
      .function("migrate", &JsStore::migrate)
      .function("schemaVersion", &JsStore::schema_version)
      .function("overview", &JsStore::overview)
      .function("writeMetrics", &JsStore::write_metrics)
      .function("readMetrics", &JsStore::read_metrics)
      .function("readSnapshots", &JsStore::read_snapshots)
      .function("ingest", &JsStore::ingest)
      .function("learn", &JsStore::learn)
      .function("report", &JsStore::report)
      .function("history", &JsStore::history)
      .function("generateDemo", &JsStore::generate_demo)
      .function("recordPrediction", &JsStore::record_prediction)
      .function("completePrediction", &JsStore::complete_prediction)
      .function("accuracy", &JsStore::accuracy)
      .function("checkAndRetrain", &JsStore::check_and_retrain)
      .function("latestModel", &JsStore::latest_model)
      .function("saveEmbeddings", &JsStore::save_embeddings)
      .function("loadEmbeddings", &JsStore::load_embeddings)
      .function("servedBandit", &JsStore::served_bandit)
      .function("logDecisions", &JsStore::log_decisions)
      .function("evaluateDecisions", &JsStore::evaluate_decisions)
      .function("flush", &JsStore::flush)
      .function("creativeFatigue", &JsStore::creative_fatigue);
  emscripten::function("byteProtocol", &learnloop::wasm::byte_protocol_codes);
}
