// `learnloop index build` (fvecs vectors and optional ids to an embeddings snapshot) and
// `learnloop search` (fvecs queries against a snapshot). Scores print as the shortest text that
// reads back as the same float32, so the native CLI and the npm bin print the same bytes.
#include <functional>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "learnloop/core/json_state.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/embeddings/fvecs.hpp"
#include "learnloop/store/embedding_index_load.hpp"
#include "learnloop/store/embedding_rows.hpp"
#include "learnloop/store/pgvector_search.hpp"
#include "learnloop/store/schema.hpp"

namespace learnloop::cli {

namespace {

// JSON whose floating-point numbers are float32: dump() prints them shortest-round-trip as floats.
using FloatJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, float>;

constexpr const char* kDefaultType = "default";
constexpr std::size_t kBuildChunk = 10000;

const std::vector<FlagSpec>& build_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"vectors", true, "vectors to index, fvecs (per row an int32 dimension, then float32 values)", "FILE.fvecs", ""},
      {"ids", true, "one id per line, one line per vector (default: row numbers 0, 1, ...)", "FILE.txt", ""},
      {"metric", true, "cosine (default), ip (inner product) or l2", "METRIC", ""},
      {"m", true, "HNSW graph degree (default 16)", "M", ""},
      {"ef-construction", true, "HNSW candidate list while inserting (default 200)", "E", ""},
      {"ef-search", true, "default HNSW candidate list while searching, stored in the snapshot (default 64)", "E", ""},
      {"type", true, "embedding type name stored in the snapshot (default \"default\"; with --db, the type to read)",
       "TYPE", ""},
      {"db", true,
       "build from the embeddings table of this SQLite file or postgres:// database instead of --vectors (needs "
       "--type)",
       "FILE", ""},
      {"out", true, "write the snapshot here (atomically)", "SNAPSHOT", ""},
  };
  return kSpecs;
}

const std::vector<FlagSpec>& search_flags() {
  static const std::vector<FlagSpec> kSpecs = {
      {"index", true, "snapshot written by learnloop index build", "SNAPSHOT", ""},
      {"queries", true, "query vectors, fvecs", "FILE.fvecs", ""},
      {"k", true, "results per query (default 10)", "K", "k"},
      {"ef", true, "HNSW candidate list (default: the snapshot's ef-search)", "E", ""},
      {"exact", false, "brute-force search (ground truth) instead of HNSW", "", ""},
      {"type", true, "embedding type to search (default: the snapshot's only type)", "TYPE", ""},
      {"db", true,
       "search the embeddings table of this SQLite file or postgres:// database instead of --index; needs --type "
       "(learnloop's index loads from the type's stored snapshot when current, else is built and its snapshot stored)",
       "FILE|URI", ""},
      {"engine", true,
       "with --db on PostgreSQL: pgvector (inside the server, its HNSW index or with --exact a scan; the default "
       "where the embeddings are pgvector values) or index (learnloop's index: the type's stored snapshot when "
       "current for the rows, else built from them and stored; the default elsewhere)",
       "ENGINE", ""},
      {"metric", true, "with --db: the type's similarity, cosine (default), ip or l2", "METRIC", ""},
      {"filter", true, "only items whose metadata has these top-level values, a JSON object", "JSON", ""},
  };
  return kSpecs;
}

std::string format_score(float score) { return FloatJson(score).dump(); }

Result<FloatRows> read_fvecs(CliHost& host, const std::string& path) {
  Result<std::string> bytes = read_file_bytes(host, path);
  if (!bytes.ok()) return bytes.error();
  Result<FloatRows> rows = parse_fvecs(bytes.value());
  if (!rows.ok()) return in_file(path, rows.error());
  return rows;
}

// A size_t setting from flag `name` (keeps `out` when absent).
Status read_size(const Flags& flags, const std::string& name, std::size_t* out) {
  std::uint64_t value = *out;
  if (Status s = flags.read_count(name, &value); !s.ok()) return s;
  *out = static_cast<std::size_t>(value);
  return {};
}

// The index of the embeddings table's rows of --type in --db, with the HNSW settings of `settings`.
Result<EmbeddingStore> index_from_rows(const Flags& flags, Database& db, EmbeddingTypeSpec settings) {
  auto type = flags.get("type");
  if (!type) return invalid_argument("--db needs --type TYPE: the embedding type to read from the embeddings table");
  settings.name = *type;
  EmbeddingStore store;
  Result<std::size_t> loaded = load_embedding_rows(db, store, settings);
  if (!loaded.ok())
    return Error{loaded.error().code, redact_database_target(*flags.get("db")) + ": " + loaded.error().message};
  return store;
}

// --db opened and checked.
Result<std::unique_ptr<Database>> open_checked(const Flags& flags, CliHost& host) {
  Result<std::unique_ptr<Database>> db = host.open_database(*flags.get("db"), false);
  if (!db.ok()) return db.error();
  if (Status s = check_schema(*db.value()); !s.ok()) return s.error();
  return db;
}

// The index of the embeddings table's rows of --type in --db, with the HNSW settings of `settings`.
Result<EmbeddingStore> index_from_db(const Flags& flags, CliHost& host, EmbeddingTypeSpec settings) {
  if (!flags.has("type"))
    return invalid_argument("--db needs --type TYPE: the embedding type to read from the embeddings table");
  Result<std::unique_ptr<Database>> db = open_checked(flags, host);
  if (!db.ok()) return db.error();
  return index_from_rows(flags, *db.value(), std::move(settings));
}

// Metric and HNSW settings from the flags.
Result<EmbeddingTypeSpec> settings_from_flags(const Flags& flags) {
  EmbeddingTypeSpec spec;
  spec.name = flags.get("type").value_or(kDefaultType);
  if (auto metric = flags.get("metric")) {
    Result<Metric> parsed = parse_metric(*metric);
    if (!parsed.ok()) return parsed.error();
    spec.metric = parsed.value();
  }
  for (auto [name, field] : {std::pair<const char*, std::size_t*>{"m", &spec.hnsw.m},
                             {"ef-construction", &spec.hnsw.ef_construction},
                             {"ef-search", &spec.hnsw.ef_search}}) {
    if (!flags.has(name)) continue;
    if (Status s = read_size(flags, name, field); !s.ok()) return s.error();
  }
  return spec;
}

Result<CommandOutput> run_build(const Flags& flags, CliHost& host) {
  if (flags.has("db") == flags.has("vectors"))
    return invalid_argument(
        "give --vectors FILE.fvecs, or --db FILE --type TYPE to build from the embeddings table (one of them)");
  Result<std::string> out_path = flags.require("out", build_flags());
  if (!out_path.ok()) return out_path.error();
  Result<EmbeddingTypeSpec> settings = settings_from_flags(flags);
  if (!settings.ok()) return settings.error();
  if (flags.has("db")) {
    Result<EmbeddingStore> built = index_from_db(flags, host, settings.value());
    if (!built.ok()) return built.error();
    const EmbeddingTypeInfo info = built.value().types().at(0);
    if (Status s = write_file_bytes(host, out_path.value(), built.value().to_bytes()); !s.ok()) return s.error();
    const std::string summary = "indexed " + std::to_string(info.count) + " vectors of dim " +
                                std::to_string(info.spec.dim) + " (type " + info.spec.name + " from " +
                                redact_database_target(*flags.get("db")) + ", metric " + metric_name(info.spec.metric) +
                                ") into " + out_path.value();
    if (flags.has("json"))
      return CommandOutput{nlohmann::ordered_json{{"type", info.spec.name},
                                                  {"count", info.count},
                                                  {"dim", info.spec.dim},
                                                  {"metric", metric_name(info.spec.metric)}}
                               .dump() +
                           "\n"};
    return CommandOutput{summary + "\n"};
  }
  Result<std::string> vectors_path = flags.require("vectors", build_flags());
  if (!vectors_path.ok()) return vectors_path.error();
  Result<FloatRows> rows = read_fvecs(host, vectors_path.value());
  if (!rows.ok()) return rows.error();
  std::vector<std::string> ids;
  if (auto ids_path = flags.get("ids")) {
    Result<std::string> text = read_file_text(host, *ids_path);
    if (!text.ok()) return text.error();
    Result<std::vector<std::string>> parsed = parse_id_lines(text.value());
    if (!parsed.ok()) return in_file(*ids_path, parsed.error());
    if (parsed.value().size() != rows.value().rows)
      return in_file(*ids_path, invalid_argument("has " + std::to_string(parsed.value().size()) + " ids for " +
                                                 std::to_string(rows.value().rows) + " vectors in " +
                                                 vectors_path.value() + "; expected one id per vector"));
    ids = std::move(parsed).value();
  } else {
    for (std::size_t i = 0; i < rows.value().rows; ++i) ids.push_back(std::to_string(i));
  }

  EmbeddingTypeSpec spec = settings.value();
  spec.dim = rows.value().dim;
  EmbeddingStore store;
  if (Status s = store.define_type(spec); !s.ok()) return s.error();
  const std::size_t n = rows.value().rows, dim = spec.dim;
  for (std::size_t start = 0; start < n; start += kBuildChunk) {
    const std::size_t end = std::min(n, start + kBuildChunk);
    const std::vector<std::string> chunk_ids(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                             ids.begin() + static_cast<std::ptrdiff_t>(end));
    const std::vector<float> chunk(rows.value().values.begin() + static_cast<std::ptrdiff_t>(start * dim),
                                   rows.value().values.begin() + static_cast<std::ptrdiff_t>(end * dim));
    Status s = store.store_batch(spec.name, chunk_ids, chunk);
    if (!s.ok()) return in_file(vectors_path.value(), s.error());
    host.on_progress("index build", end, n);
  }
  const std::string bytes = store.to_bytes();
  if (Status s = write_file_bytes(host, out_path.value(), bytes); !s.ok()) return s.error();
  if (flags.has("json")) {
    nlohmann::ordered_json out = {{"type", spec.name},
                                  {"count", store.count(spec.name).value()},
                                  {"dim", dim},
                                  {"metric", metric_name(spec.metric)},
                                  {"m", spec.hnsw.m},
                                  {"ef_construction", spec.hnsw.ef_construction},
                                  {"ef_search", spec.hnsw.ef_search},
                                  {"bytes", bytes.size()}};
    return CommandOutput{out.dump() + "\n"};
  }
  return CommandOutput{"indexed " + std::to_string(store.count(spec.name).value()) + " vectors of dim " +
                       std::to_string(dim) + " (type " + spec.name + ", metric " + metric_name(spec.metric) + ", M " +
                       std::to_string(spec.hnsw.m) + ", ef_construction " + std::to_string(spec.hnsw.ef_construction) +
                       ") into " + out_path.value() + "\n"};
}

// The index to search: the --index snapshot (--db is handled by search_db).
Result<EmbeddingStore> snapshot_to_search(const Flags& flags, CliHost& host) {
  const std::string index_path = *flags.get("index");
  Result<std::string> bytes = read_file_bytes(host, index_path);
  if (!bytes.ok()) return bytes.error();
  Result<EmbeddingStore> store = EmbeddingStore::from_bytes(bytes.value());
  if (!store.ok()) return in_file(index_path, store.error());
  return store;
}

// The search settings every engine shares: k, ef, exact, filter.
Result<SearchOptions> search_options(const Flags& flags) {
  SearchOptions options;
  if (Status s = read_size(flags, "k", &options.k); !s.ok()) return s.error();
  if (flags.has("ef")) {
    std::size_t ef = 0;
    if (Status s = read_size(flags, "ef", &ef); !s.ok()) return s.error();
    options.ef = ef;
  }
  options.exact = flags.has("exact");
  if (auto filter = flags.get("filter")) {
    Result<nlohmann::json> parsed = parse_json(*filter);
    if (!parsed.ok()) return Error{parsed.error().code, "--filter: " + parsed.error().message};
    if (!parsed.value().is_object())
      return invalid_argument("--filter must be a JSON object of metadata keys and the values they must equal");
    options.filter = std::move(parsed).value();
  }
  return options;
}

// What answered a search: the engine, and a note on how it came to answer (a fallback, an index made).
struct SearchEngine {
  std::string name;  // "index" or "pgvector"; "" for a snapshot or SQLite (the JSON then has no engine key)
  std::string note;
};

// Answers each query with `search`, as text or JSON.
Result<CommandOutput> print_hits(const Flags& flags, const std::string& type, const SearchOptions& options,
                                 const SearchEngine& engine,
                                 const std::function<Result<std::vector<SearchHit>>(const std::vector<float>&)>& search,
                                 CliHost& host) {
  const std::string queries_path = *flags.get("queries");
  Result<FloatRows> queries = read_fvecs(host, queries_path);
  if (!queries.ok()) return queries.error();
  FloatJson results = FloatJson::array();
  std::string text;
  const std::size_t dim = queries.value().dim;
  for (std::size_t q = 0; q < queries.value().rows; ++q) {
    const std::vector<float> query(queries.value().values.begin() + static_cast<std::ptrdiff_t>(q * dim),
                                   queries.value().values.begin() + static_cast<std::ptrdiff_t>((q + 1) * dim));
    Result<std::vector<SearchHit>> hits = search(query);
    if (!hits.ok())
      return in_file(queries_path,
                     Error{hits.error().code, "query " + std::to_string(q) + ": " + hits.error().message});
    FloatJson ids = FloatJson::array(), scores = FloatJson::array();
    text += "query " + std::to_string(q) + ":";
    for (const SearchHit& h : hits.value()) {
      ids.push_back(h.id);
      scores.push_back(h.score);
      text += " " + h.id + " " + format_score(h.score);
    }
    text += "\n";
    results.push_back({{"ids", ids}, {"scores", scores}});
  }
  CommandOutput out;
  if (!engine.note.empty()) out.err = "note: " + engine.note + "\n";
  if (flags.has("json")) {
    FloatJson j = FloatJson::object();
    j["type"] = type;
    j["k"] = options.k;
    j["exact"] = options.exact;
    if (!engine.name.empty()) {
      j["engine"] = engine.name;
      j["note"] = engine.note;
    }
    j["results"] = results;
    out.out = j.dump() + "\n";
  } else {
    out.out = text;
  }
  return out;
}

// The index of the rows of spec.name for `search --db`: the type's stored snapshot when it is current for the rows
// (same rows hash, format version and settings), else a build from the rows that replaces the snapshot (saved at
// once on hosts that buffer the database). *how says which, and why a build was needed.
Result<EmbeddingStore> stored_or_built_index(Database& db, CliHost& host, const EmbeddingTypeSpec& spec,
                                             const std::string& shown, std::string* how) {
  Result<LoadedEmbeddingIndex> loaded = load_embedding_index(db, spec, true, host.now_utc(), &host);
  if (!loaded.ok()) return Error{loaded.error().code, shown + ": " + loaded.error().message};
  const EmbeddingIndexLoad& load = loaded.value().load;
  const std::string rows = std::to_string(load.rows) + (load.rows == 1 ? " row" : " rows");
  if (load.from_snapshot) {
    *how = "loaded the stored index snapshot of type '" + spec.name + "' (" + rows + ")";
    return std::move(loaded).value().index;
  }
  *how = "built the index of type '" + spec.name + "' from its " + rows + ": " + load.reason;
  if (load.snapshot_stored) {
    if (Status saved = db.flush(); saved.ok()) {
      *how += "; stored its snapshot for the next search";
    } else {
      *how += "; its snapshot could not be saved (" + saved.error().message + ")";
    }
  }
  return std::move(loaded).value().index;
}

// `search --db`: on PostgreSQL through pgvector or learnloop's index (--engine), on SQLite through the index.
Result<CommandOutput> search_db(const Flags& flags, CliHost& host, const SearchOptions& options) {
  auto type = flags.get("type");
  if (!type) return invalid_argument("--db needs --type TYPE: the embedding type to read from the embeddings table");
  Result<EmbeddingTypeSpec> settings = settings_from_flags(flags);
  if (!settings.ok()) return settings.error();
  Result<std::unique_ptr<Database>> opened = open_checked(flags, host);
  if (!opened.ok()) return opened.error();
  Database& db = *opened.value();
  const std::string shown = redact_database_target(*flags.get("db"));
  const bool pg = db.dialect() == Dialect::kPostgres;
  const std::string asked = flags.get("engine").value_or("");
  if (!asked.empty() && asked != "pgvector" && asked != "index")
    return invalid_argument("--engine must be pgvector or index, not '" + asked + "'");
  if (!pg && asked == "pgvector") return invalid_argument("--engine pgvector needs a postgres:// database");
  SearchEngine engine;
  bool use_pgvector = false;
  if (pg) {
    Result<PgvectorSupport> support = pgvector_support(db);
    if (!support.ok()) return support.error();
    const bool can = support.value().storage == VectorStorage::kPgvector;
    if (asked == "pgvector" && !can)
      return invalid_argument("--engine pgvector: " + shown + ": " + support.value().note);
    use_pgvector = can && asked != "index";
    engine.name = use_pgvector ? "pgvector" : "index";
    engine.note = support.value().note;
  }
  if (!use_pgvector) {
    std::string how;
    Result<EmbeddingStore> store = stored_or_built_index(db, host, settings.value(), shown, &how);
    if (!store.ok()) return store.error();
    engine.note += std::string(engine.note.empty() ? "" : "; ") + how;
    return print_hits(
        flags, *type, options, engine,
        [&](const std::vector<float>& query) { return store.value().search(*type, query, options); }, host);
  }
  Result<PgvectorType> rows = pgvector_type(db, *type);
  if (!rows.ok()) return Error{rows.error().code, shown + ": " + rows.error().message};
  const EmbeddingTypeSpec& spec = settings.value();
  bool exact = options.exact;
  if (!exact) {
    Result<bool> made = ensure_pgvector_index(db, *type, rows.value().dim, spec.metric, spec.hnsw);
    if (!made.ok()) {
      exact = true;
      engine.note = "no HNSW index for type '" + *type + "' and it could not be made (" + made.error().message +
                    "): an exact scan answered";
    } else if (made.value()) {
      engine.note = "made the HNSW index " + pgvector_index_name(*type, rows.value().dim, spec.metric);
    }
  }
  Result<std::unique_ptr<PgvectorSearcher>> searcher =
      PgvectorSearcher::open(db, *type, rows.value().dim, spec.metric, exact, options.ef.value_or(spec.hnsw.ef_search));
  if (!searcher.ok()) return searcher.error();
  if (!exact && !options.filter.is_null() && !searcher.value()->iterative_scan())
    engine.note += std::string(engine.note.empty() ? "" : "; ") +
                   "this pgvector has no hnsw.iterative_scan (0.8+): filtered searches may return fewer than k";
  return print_hits(
      flags, *type, options, engine,
      [&](const std::vector<float>& query) { return searcher.value()->search(query, options); }, host);
}

Result<CommandOutput> run_search(const Flags& flags, CliHost& host) {
  Result<std::string> queries_path = flags.require("queries", search_flags());
  if (!queries_path.ok()) return queries_path.error();
  if (flags.has("db") == flags.has("index"))
    return invalid_argument(
        "give --index SNAPSHOT, or --db FILE|URI --type TYPE to search the embeddings table (one of them)");
  Result<SearchOptions> options = search_options(flags);
  if (!options.ok()) return options.error();
  if (flags.has("db")) return search_db(flags, host, options.value());
  if (flags.has("engine") || flags.has("metric"))
    return invalid_argument("--engine and --metric go with --db (a snapshot has its own metric)");
  Result<EmbeddingStore> store = snapshot_to_search(flags, host);
  if (!store.ok()) return store.error();
  const std::string index_path = *flags.get("index");
  std::string type;
  if (auto named = flags.get("type")) {
    type = *named;
  } else {
    const auto types = store.value().types();
    if (types.size() != 1) {
      std::string names;
      for (const auto& t : types) names += (names.empty() ? "" : ", ") + t.spec.name;
      return invalid_argument(index_path + " holds " + std::to_string(types.size()) + " types (" + names +
                              "); choose one with --type");
    }
    type = types[0].spec.name;
  }
  return print_hits(
      flags, type, options.value(), SearchEngine{},
      [&](const std::vector<float>& query) { return store.value().search(type, query, options.value()); }, host);
}

}  // namespace

std::vector<Command> embedding_commands() {
  return {
      Command{{"index", "build"},
              "build a similarity index (HNSW) from fvecs vectors and write its snapshot",
              build_flags(),
              "learnloop index build --vectors items.fvecs --ids items.txt --metric cosine --out items.index",
              run_build},
      Command{{"search"},
              "find the k most similar items in an index snapshot for each fvecs query",
              search_flags(),
              "learnloop search --index items.index --queries queries.fvecs -k 10 --json",
              run_search},
  };
}

}  // namespace learnloop::cli
