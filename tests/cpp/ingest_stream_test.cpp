// Streamed ingest: the chunked CSV reader hands out the records and errors of parse_csv() wherever the
// chunks are cut, and ingest gives the same answers (rows, bad rows, messages) at every chunk size,
// including records longer than a chunk (in memory and through the native CLI's chunked file reads).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/file_host.hpp"
#include "learnloop/cli/cli.hpp"
#include "learnloop/store/metrics_store.hpp"
#include "learnloop/text/csv.hpp"
#include "learnloop/text/csv_stream.hpp"
#include "store_support.hpp"

namespace learnloop {
namespace {

using store_support::open_fresh;

// What the chunked reader makes of `text` cut into pieces of `chunk`: every record as "line:f1|f2|..." (the
// header first, as "H:..."), or the error.
std::string streamed(const std::string& text, std::size_t chunk) {
  CsvStreamReader reader;
  std::string out;
  const CsvStreamReader::RecordFn collect = [&](const CsvRecord& r) -> Status {
    out += r.header ? "H:" : std::to_string(r.line) + ":";
    for (std::size_t i = 0; i < r.fields.size(); ++i) out += (i ? "|" : "") + std::string(r.fields[i]);
    out += "\n";
    return {};
  };
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    if (Status s = reader.feed(std::string_view(text).substr(at, chunk), collect); !s.ok())
      return "error: " + s.error().message;
  }
  if (Status s = reader.finish(collect); !s.ok()) return "error: " + s.error().message;
  return out;
}

// The same rendering from parse_csv() over the whole text.
std::string whole(const std::string& text) {
  Result<CsvTable> t = parse_csv(text);
  if (!t.ok()) return "error: " + t.error().message;
  std::string out = "H:";
  for (std::size_t i = 0; i < t.value().header.size(); ++i) out += (i ? "|" : "") + t.value().header[i];
  out += "\n";
  for (std::size_t r = 0; r < t.value().rows.size(); ++r) {
    out += std::to_string(t.value().line_numbers[r]) + ":";
    for (std::size_t i = 0; i < t.value().rows[r].size(); ++i) out += (i ? "|" : "") + t.value().rows[r][i];
    out += "\n";
  }
  return out;
}

TEST(CsvStream, SameRecordsAndErrorsAsParseCsvWhereverTheChunksAreCut) {
  const std::vector<std::string> cases = {
      "a,b\n1,2\n3,4\n",
      "a,b\r\n1,2\r\n3,4",
      "a,b\r1,2\r3,4\r",
      "a,b\n\n1,2\n\n\n3,4\n\n",
      "a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",z\n5,6\n",
      "a,b\n\"\"\"\",\"\"x\n\"\",\n",
      "a,b\n1,2,3\n",
      "a,b\n1\n",
      "a,b\n\"open,2\n",
      "",
      "\n\n",
      "a\n\n\"\"\n",
      "a,b\nx\"y,\"q\"r\n",
      "a,b\n1,2\r",
      "a,b\n\"c\r\nd\",e\r\n",
  };
  for (const std::string& text : cases) {
    for (std::size_t chunk : {1u, 2u, 3u, 5u, 64u}) {
      EXPECT_EQ(streamed(text, chunk), whole(text)) << "chunk " << chunk << " of: " << text;
    }
  }
  // Random texts over the bytes that matter, cut at every small size.
  std::uint32_t state = 12345;
  const std::string alphabet = "ab,\"\n\r ";
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const std::size_t len = 1 + n % 23;
    for (std::size_t i = 0; i < len; ++i) {
      state = state * 1664525u + 1013904223u;
      text += alphabet[(state >> 24) % alphabet.size()];
    }
    for (std::size_t chunk : {1u, 2u, 3u, 7u}) {
      ASSERT_EQ(streamed(text, chunk), whole(text)) << "chunk " << chunk << " of: " << text;
    }
  }
}

// Everything in `table` of `db`, as rows of values.
std::vector<std::vector<SqlValue>> all_rows(Database& db, const std::string& table) {
  return query_rows(db, "SELECT * FROM \"" + table + "\" ORDER BY rowid").value();
}

TEST(IngestStream, SameAnswersAtEveryChunkSize) {
  const std::string csv =
      "post,impressions,likes,engagement_rate,collected_at\n"
      "a,100,3,0.5,2026-01-01\n"
      "\"b\nwith a newline\",lots,3,,2026-01-01\n"
      "c,100,3,x,yesterday\r\n"
      "\"d\"\"q\",100,-2,1e-3,2026-01-01T10:00Z\n"
      "e,+7, 3,,2026-01-02\n";
  const std::string jsonl =
      "{\"post\":\"j\",\"impressions\":7,\"collected_at\":\"2026-01-02\"}\n\n{oops\r\n"
      "{\"post\":\"k\",\"impressions\":-1,\"collected_at\":\"2026-01-02\"}\n[1]\n"
      "{\"post\":\"l\",\"impressions\":8,\"collected_at\":\"2026-01-03\"}";
  for (const auto& [format, text] : {std::pair{"csv", csv}, std::pair{"jsonl", jsonl}}) {
    for (const bool skip_bad : {false, true}) {
      std::string first, first_rows;
      for (const std::size_t chunk : {std::size_t{1}, std::size_t{4}, std::size_t{1} << 20}) {
        auto db = open_fresh("ingest_stream");
        IngestOptions options{"outcomes", format, {{"post", "decision_id"}}, skip_bad, chunk};
        Result<IngestResult> r = ingest_text(*db, text, options, nullptr);
        std::string answer = r.ok() ? std::to_string(r.value().rows_written) : "error: " + r.error().message;
        if (r.ok()) {
          for (const std::string& b : r.value().bad_rows) answer += "\n" + b;
        }
        std::string rows;
        for (const auto& row : all_rows(*db, "outcomes")) {
          for (const SqlValue& v : row) rows += sql_text(v) + "|";
          rows += "\n";
        }
        if (first.empty()) {
          first = answer;
          first_rows = rows;
        }
        EXPECT_EQ(answer, first) << format << " chunk " << chunk;
        EXPECT_EQ(rows, first_rows) << format << " chunk " << chunk;
      }
      if (skip_bad) {
        EXPECT_EQ(first.substr(0, 2), "2\n") << first;  // a and e; j and l
      } else {
        EXPECT_EQ(first.rfind("error: ", 0), 0u) << first;
      }
    }
  }
}

// The ingest holds SQLite's statement journals in memory (temp_store = MEMORY) while it runs: enough rows for a
// journal to have spilled to a file before, a row the database refuses late (a duplicate key: undone alone, the rows
// around it kept), and the connection's own temp_store put back afterwards, whatever it was.
TEST(IngestStream, RowsRefusedByTheDatabaseAreUndoneAloneAndTempStoreIsPutBack) {
  for (const int temp_store : {0, 1}) {
    auto db = open_fresh("ingest_temp_store");
    ASSERT_TRUE(db->exec("PRAGMA temp_store = " + std::to_string(temp_store)).ok());
    std::string csv = "decision_id,impressions,collected_at\n";
    for (int i = 0; i < 3000; ++i) csv += "d" + std::to_string(i) + "," + std::to_string(i) + ",2026-01-01\n";
    csv += "d17,5,2026-01-01\nlast,1,2026-01-01\n";  // line 3002 repeats d17's key
    Result<IngestResult> r = ingest_text(*db, csv, {"outcomes", "csv", {}, true, 4096}, nullptr);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value().rows_written, 3001);
    ASSERT_EQ(r.value().bad_rows.size(), 1u);
    EXPECT_EQ(r.value().bad_rows[0].rfind("line 3002: ", 0), 0u) << r.value().bad_rows[0];
    EXPECT_EQ(sql_number(query_rows(*db, "SELECT impressions FROM outcomes WHERE decision_id = 'd17'").value()[0][0]),
              17);
    EXPECT_EQ(sql_number(query_rows(*db, "PRAGMA temp_store").value()[0][0]), temp_store);
  }
  // A connection with a temporary table keeps it: its temp_store is left alone.
  auto db = open_fresh("ingest_temp_table");
  ASSERT_TRUE(db->exec("CREATE TEMP TABLE mine (x)").ok());
  const Result<IngestResult> kept = ingest_text(*db, "decision_id,impressions,collected_at\na,1,2026-01-01\n",
                                                {"outcomes", "csv", {}, false, 64}, nullptr);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_TRUE(query_rows(*db, "SELECT * FROM temp.mine").ok());
}

TEST(IngestStream, CsvErrorLaterInTheFileWinsOverAHeaderProblem) {
  auto db = open_fresh("ingest_stream_order");
  // 'nope' is not a column, and line 3 is ragged: the whole file is checked as CSV first, as before streaming.
  IngestOptions options{"outcomes", "csv", {}, false, 3};
  Result<IngestResult> r = ingest_text(*db, "nope,impressions\na,1\nb,2,3\n", options, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 3 has 3 fields; expected 2 like the header");
  r = ingest_text(*db, "nope,impressions\na,1\n", options, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("has no column 'nope'"), std::string::npos) << r.error().message;
}

TEST(IngestStream, RecordsLongerThanTheChunkBuffer) {
  auto db = open_fresh("ingest_stream_long");
  const std::string long_id(5000, 'x');
  const std::string quoted = "\"" + std::string(3000, 'y') + "\n" + std::string(3000, ',') + "\"";
  const std::string csv = "decision_id,impressions,collected_at\n" + long_id + ",5,2026-01-01\n" + quoted +
                          ",6,2026-01-01\nshort,7,2026-01-01\n";
  IngestOptions options{"outcomes", "csv", {}, false, 64};
  Result<IngestResult> r = ingest_text(*db, csv, options, nullptr);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().rows_written, 3);
  const auto rows = query_rows(*db, "SELECT decision_id, impressions FROM outcomes ORDER BY impressions").value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(sql_text(rows[0][0]), long_id);
  EXPECT_EQ(sql_text(rows[1][0]), std::string(3000, 'y') + "\n" + std::string(3000, ','));
  EXPECT_EQ(sql_text(rows[2][0]), "short");
  const std::string jsonl = "{\"decision_id\":\"" + std::string(4000, 'z') +
                            "\",\"impressions\":1,\"collected_at\":\"2026-01-05\"}\n{\"bad\n";
  Result<IngestResult> j = ingest_text(*db, jsonl, {"outcomes", "jsonl", {}, true, 16}, nullptr);
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ(j.value().rows_written, 1);
  ASSERT_EQ(j.value().bad_rows.size(), 1u);
  EXPECT_EQ(j.value().bad_rows[0].rfind("line 2: ", 0), 0u) << j.value().bad_rows[0];
}

TEST(IngestStream, CliStreamsALineLongerThanItsChunk) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "learnloop-ingest-stream";
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "cli.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  const std::string csv = (dir / "long.csv").string();
  const std::string long_id((std::size_t{1} << 20) * 5 / 2, 'q');  // 2.5 MiB: longer than the CLI's 1 MiB chunks
  {
    std::ofstream out(csv, std::ios::binary);
    out << "decision_id,impressions,collected_at\r\na,1,2026-01-01\r\n" << long_id << ",2,2026-01-01\r\nb,3,2026-01-02";
  }
  native::FileHost host(stderr);
  ASSERT_EQ(run_cli({"init", "--db", db}, host).exit_code, 0);
  const CliOutput done = run_cli({"ingest", "--db", db, "--table", "outcomes", csv}, host);
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_EQ(done.out, "ingested 3 rows into outcomes\n");
  Result<std::unique_ptr<Database>> opened = native::open_sqlite_database(db, false);
  ASSERT_TRUE(opened.ok());
  const auto rows = query_rows(*opened.value(), "SELECT decision_id FROM outcomes ORDER BY impressions").value();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(sql_text(rows[1][0]), long_id);
  const CliOutput missing = run_cli({"ingest", "--db", db, "--table", "outcomes", (dir / "none.csv").string()}, host);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace learnloop
