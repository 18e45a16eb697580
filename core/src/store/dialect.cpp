// Renders the core's SQLite-syntax SQL for PostgreSQL: placeholders, transaction locks and schema.sql's
// migrations (types, JSON checks, comments). Pure text work; it never talks to a database.
#include "learnloop/store/dialect.hpp"

#include <cctype>
#include <regex>

namespace learnloop {
namespace {

// The advisory lock key every learnloop write transaction takes on PostgreSQL: "learnloo" in ASCII, so it is
// unlikely to collide with another application's keys in the same database.
constexpr const char* kWriteLockKey = "7809644070862933871";

// `text` copied, each character outside '...' and "..." quotes passed to `outside(text, i, out)`, which appends
// what stands for it and returns the index of the last character it consumed.
template <class Outside>
std::string rewrite_outside_quotes(const std::string& text, Outside outside) {
  std::string out;
  out.reserve(text.size() + 16);
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else {
      i = outside(text, i, out);
    }
  }
  return out;
}

// `text` without its "--" comments (outside quotes), lines kept.
std::string strip_comments(const std::string& text) {
  return rewrite_outside_quotes(text, [](const std::string& t, std::size_t i, std::string& out) {
    if (t[i] == '-' && i + 1 < t.size() && t[i + 1] == '-') {
      while (i < t.size() && t[i] != '\n') ++i;
      if (i < t.size()) out += '\n';
      return i;
    }
    out += t[i];
    return i;
  });
}

// Migration 8's first step on PostgreSQL with pgvector: embeddings.vector from little-endian float32 bytea to
// pgvector's `vector` (no fixed dimension). The bytes are decoded in SQL (sign, exponent, mantissa; subnormals
// too), exactly, as float8 arithmetic on powers of two, then cast to real[] and vector. A temporary function
// serves the one ALTER and goes. The bytes' length check goes first (PostgreSQL named it after the columns it reads).
constexpr const char* kEmbeddingsToPgvector = R"sql(
CREATE FUNCTION pg_temp.learnloop_f32le_vector(b bytea) RETURNS vector LANGUAGE sql IMMUTABLE AS $f$
  SELECT array_agg(CASE WHEN e = 0 THEN m * 2::float8 ^ -149 ELSE (8388608 + m) * 2::float8 ^ (e - 150) END * s
                   ORDER BY i)::real[]::vector
  FROM (SELECT i,
               CASE WHEN get_byte(b, 4 * i + 3) >= 128 THEN -1::float8 ELSE 1::float8 END AS s,
               ((get_byte(b, 4 * i + 3) & 127) << 1) | (get_byte(b, 4 * i + 2) >> 7) AS e,
               (((get_byte(b, 4 * i + 2) & 127) << 16) | (get_byte(b, 4 * i + 1) << 8) | get_byte(b, 4 * i))::float8 AS m
        FROM generate_series(0, length(b) / 4 - 1) AS i) AS f
$f$;
DO $d$ DECLARE c text; BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'embeddings'::regclass AND contype = 'c'
             AND pg_get_constraintdef(oid) LIKE '%length(vector)%' LOOP
    EXECUTE format('ALTER TABLE embeddings DROP CONSTRAINT %I', c);
  END LOOP;
END $d$;
ALTER TABLE embeddings ALTER COLUMN vector TYPE vector USING pg_temp.learnloop_f32le_vector(vector);
ALTER TABLE embeddings ADD CONSTRAINT embeddings_vector_check CHECK (vector_dims(vector) = dim);
DROP FUNCTION pg_temp.learnloop_f32le_vector(bytea);
)sql";

}  // namespace

std::string render_sql(Dialect dialect, const std::string& sql) {
  if (dialect == Dialect::kSqlite) return sql;
  int next = 1;
  return rewrite_outside_quotes(sql, [&next](const std::string& t, std::size_t i, std::string& out) {
    if (t[i] == '?')
      out += '$' + std::to_string(next++);
    else
      out += t[i];
    return i;
  });
}

std::string begin_write_sql(Dialect dialect) {
  if (dialect == Dialect::kSqlite) return "BEGIN IMMEDIATE";
  return std::string("BEGIN; SELECT pg_advisory_xact_lock(") + kWriteLockKey + ")";
}

std::string begin_read_sql(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

std::string render_migration(Dialect dialect, const std::string& migration, int number, bool pgvector) {
  if (dialect == Dialect::kSqlite) return migration;
  std::string sql = strip_comments(migration);
  // The json type checks its values itself (and keeps their text as written, key order included, so stored
  // reports read back byte for byte; jsonb would reorder keys), so json_valid() checks go.
  sql = std::regex_replace(sql, std::regex(R"( CHECK \((\w+ IS NULL OR )?json_valid\(\w+\)\))"), "");
  // Text compares byte by byte as in SQLite (ORDER BY ids and dates gives the same order on every server locale).
  static const std::vector<std::pair<std::regex, std::string>> kTypes = {
      {std::regex(R"(\bJSON_TEXT\b)"), "json_text"},
      {std::regex(R"(\bDATE_TEXT\b)"), "date_text"},
      {std::regex(R"(\bTIMESTAMP_TEXT\b)"), "timestamp_text"},
      {std::regex(R"(\bTEXT\b)"), "text COLLATE \"C\""},
      {std::regex(R"(\bINTEGER\b)"), "bigint"},
      {std::regex(R"(\bREAL\b)"), "double precision"},
      {std::regex(R"(\bBLOB\b)"), "bytea"}};
  for (const auto& [pattern, type] : kTypes) sql = std::regex_replace(sql, pattern, type);
  if (number == 1) {
    // Timestamps stay text: they render exactly as written (the JSON answers match SQLite's), and they compare
    // with the date bounds the core passes ('2026-11-01' <= '2026-11-01T09:00:00Z') as they do in SQLite.
    sql =
        "CREATE DOMAIN json_text AS json;\n"
        "CREATE DOMAIN date_text AS text COLLATE \"C\";\n"
        "CREATE DOMAIN timestamp_text AS text COLLATE \"C\";\n" +
        sql;
  }
  if (number == kPgvectorMigration && pgvector) sql = kEmbeddingsToPgvector + sql;
  return sql;
}

std::string pgvector_conversion_sql() { return kEmbeddingsToPgvector; }

std::string declared_type_of(const std::string& postgres_type) {
  if (postgres_type == "bigint" || postgres_type == "integer" || postgres_type == "smallint") return "INTEGER";
  if (postgres_type == "double precision") return "REAL";
  if (postgres_type == "bytea") return "BLOB";
  if (postgres_type == "text") return "TEXT";
  std::string out = postgres_type;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string redact_database_target(const std::string& target) {
  const std::size_t scheme = target.find("://");
  if (target.rfind("postgres", 0) != 0 || scheme == std::string::npos) return target;
  std::string out = target;
  const std::size_t end = out.find_first_of("/?", scheme + 3);
  const std::size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at != std::string::npos && at > scheme) {
    const std::size_t colon = out.find(':', scheme + 3);
    if (colon < at) out.erase(colon, at - colon);
  }
  return std::regex_replace(out, std::regex("([?&]password=)[^&]*"), "$1***");
}

std::string upsert_sql(const std::string& table, const std::vector<std::string>& columns,
                       const std::vector<std::string>& keys) {
  std::string names, marks, key_list, updates;
  for (const std::string& c : columns) {
    names += (names.empty() ? "" : ", ") + c;
    marks += marks.empty() ? "?" : ", ?";
    bool is_key = false;
    for (const std::string& k : keys) is_key = is_key || k == c;
    if (!is_key) updates += (updates.empty() ? "" : ", ") + c + " = excluded." + c;
  }
  for (const std::string& k : keys) key_list += (key_list.empty() ? "" : ", ") + k;
  return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + key_list +
         ") DO UPDATE SET " + updates;
}

}  // namespace learnloop
