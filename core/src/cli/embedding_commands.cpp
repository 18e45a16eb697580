// `learnloop index build` (fvecs vectors and optional ids to an embeddings snapshot) and
// `learnloop search` (fvecs queries against a snapshot). Scores print as the shortest text that
// reads back as the same float32, so the native CLI and the npm bin print the same bytes.
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "learnloop/embeddings/embedding_store.hpp"
#include "learnloop/embeddings/fvecs.hpp"
#include "learnloop/store/embedding_rows.hpp"
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
      {"db", true, "build from the embeddings table of this SQLite database instead of --vectors (needs --type)",
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
       "search the embeddings table of this SQLite database (built in memory) instead of --index; needs --type", "FILE",
       ""},
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
Result<EmbeddingStore> index_from_db(const Flags& flags, CliHost& host, EmbeddingTypeSpec settings) {
  auto type = flags.get("type");
  if (!type) return invalid_argument("--db needs --type TYPE: the embedding type to read from the embeddings table");
  settings.name = *type;
  const std::string path = *flags.get("db");
  Result<std::unique_ptr<Database>> db = host.open_database(path, false);
  if (!db.ok()) return db.error();
  if (Status s = check_schema(*db.value()); !s.ok()) return s.error();
  EmbeddingStore store;
  Result<std::size_t> loaded = load_embedding_rows(*db.value(), store, settings);
  if (!loaded.ok()) return Error{loaded.error().code, redact_database_target(path) + ": " + loaded.error().message};
  return store;
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

// The index to search: the --index snapshot, or the --db table's rows of --type.
Result<EmbeddingStore> index_to_search(const Flags& flags, CliHost& host) {
  if (flags.has("db") == flags.has("index"))
    return invalid_argument(
        "give --index SNAPSHOT, or --db FILE --type TYPE to search the embeddings table (one of them)");
  if (flags.has("db")) {
    Result<EmbeddingTypeSpec> settings = settings_from_flags(flags);
    if (!settings.ok()) return settings.error();
    return index_from_db(flags, host, settings.value());
  }
  const std::string index_path = *flags.get("index");
  Result<std::string> bytes = read_file_bytes(host, index_path);
  if (!bytes.ok()) return bytes.error();
  Result<EmbeddingStore> store = EmbeddingStore::from_bytes(bytes.value());
  if (!store.ok()) return in_file(index_path, store.error());
  return store;
}

Result<CommandOutput> run_search(const Flags& flags, CliHost& host) {
  Result<std::string> queries_path = flags.require("queries", search_flags());
  if (!queries_path.ok()) return queries_path.error();
  Result<EmbeddingStore> store = index_to_search(flags, host);
  if (!store.ok()) return store.error();
  const std::string index_path = flags.get("index").value_or(flags.get("db").value_or(""));
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
  SearchOptions options;
  if (Status s = read_size(flags, "k", &options.k); !s.ok()) return s.error();
  if (flags.has("ef")) {
    std::size_t ef = 0;
    if (Status s = read_size(flags, "ef", &ef); !s.ok()) return s.error();
    options.ef = ef;
  }
  options.exact = flags.has("exact");
  Result<FloatRows> queries = read_fvecs(host, queries_path.value());
  if (!queries.ok()) return queries.error();

  FloatJson results = FloatJson::array();
  std::string text;
  const std::size_t dim = queries.value().dim;
  for (std::size_t q = 0; q < queries.value().rows; ++q) {
    const std::vector<float> query(queries.value().values.begin() + static_cast<std::ptrdiff_t>(q * dim),
                                   queries.value().values.begin() + static_cast<std::ptrdiff_t>((q + 1) * dim));
    Result<std::vector<SearchHit>> hits = store.value().search(type, query, options);
    if (!hits.ok())
      return in_file(queries_path.value(),
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
  if (flags.has("json")) {
    FloatJson out = FloatJson::object();
    out["type"] = type;
    out["k"] = options.k;
    out["exact"] = options.exact;
    out["results"] = results;
    return CommandOutput{out.dump() + "\n"};
  }
  return CommandOutput{text};
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
