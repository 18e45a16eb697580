// What the PostgreSQL suites share: the throwaway server's URI (LEARNLOOP_TEST_PG_URI, set by
// scripts/pg_test_server.sh run ...), a fresh database per test on it, and the CLI run in process. Without the
// variable the suites skip, and fail under CI=true or in `make test` (a run that should test PostgreSQL must not pass
// without a server).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/file_host.hpp"
#include "learnloop/cli/cli.hpp"
#include "store/postgres_database.hpp"

namespace learnloop::pg_support {

/// The test server's URI (its postgres database, user postgres with a password), or "" when not set.
inline std::string admin_uri() {
  const char* uri = std::getenv("LEARNLOOP_TEST_PG_URI");
  return uri != nullptr ? uri : "";
}

/// True under CI=true or LEARNLOOP_TEST_PG_REQUIRED=1 (scripts/run-tests.sh): a missing server is then a failure.
inline bool in_ci() {
  const char* ci = std::getenv("CI");
  const char* required = std::getenv("LEARNLOOP_TEST_PG_REQUIRED");
  return (ci != nullptr && std::string(ci) == "true") || (required != nullptr && std::string(required) == "1");
}

/// Skips the test (fails it under CI=true) when no test server was started.
#define LEARNLOOP_REQUIRE_POSTGRES()                                                               \
  do {                                                                                             \
    if (::learnloop::pg_support::admin_uri().empty()) {                                            \
      if (::learnloop::pg_support::in_ci())                                                        \
        FAIL() << "LEARNLOOP_TEST_PG_URI is not set (required here): run under "                   \
                  "scripts/pg_test_server.sh run";                                                 \
      GTEST_SKIP() << "LEARNLOOP_TEST_PG_URI is not set: run under scripts/pg_test_server.sh run"; \
    }                                                                                              \
  } while (false)

/// The URI of the PGlite server with pgvector (LEARNLOOP_TEST_PGVECTOR_URI, set by scripts/pglite_socket_server.mjs
/// run ...), or "" when not set.
inline std::string pgvector_uri() {
  const char* uri = std::getenv("LEARNLOOP_TEST_PGVECTOR_URI");
  return uri != nullptr ? uri : "";
}

/// Skips the test (fails it under CI=true or LEARNLOOP_TEST_PG_REQUIRED=1) when no pgvector server was started.
#define LEARNLOOP_REQUIRE_PGVECTOR()                                                                                 \
  do {                                                                                                               \
    if (::learnloop::pg_support::pgvector_uri().empty()) {                                                           \
      if (::learnloop::pg_support::in_ci())                                                                          \
        FAIL() << "LEARNLOOP_TEST_PGVECTOR_URI is not set (required here): run under "                               \
                  "node scripts/pglite_socket_server.mjs run";                                                       \
      GTEST_SKIP() << "LEARNLOOP_TEST_PGVECTOR_URI is not set: run under node scripts/pglite_socket_server.mjs run"; \
    }                                                                                                                \
  } while (false)

/// A connection to `uri`; the test fails when it cannot connect.
inline std::unique_ptr<Database> connect(const std::string& uri) {
  Result<std::unique_ptr<Database>> db = native::open_postgres_database(uri);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  return db.ok() ? std::move(db).value() : nullptr;
}

/// The URI of `database` on the test server (the admin URI with its database name replaced).
inline std::string uri_of(const std::string& database) {
  const std::string admin = admin_uri();
  return admin.substr(0, admin.rfind('/') + 1) + database;
}

/// A new, empty database on the test server (dropped first when an earlier run left it); returns its URI.
inline std::string fresh_database(const std::string& name) {
  std::unique_ptr<Database> admin = connect(admin_uri());
  if (admin == nullptr) return "";
  EXPECT_TRUE(admin->exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").ok());
  Status created = admin->exec("CREATE DATABASE " + name);
  EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
  return uri_of(name);
}

/// run_cli with the native file host (the `learnloop` binary's behaviour, in process).
inline CliOutput cli(const std::vector<std::string>& args) {
  native::FileHost host(stderr);
  return run_cli(args, host);
}

}  // namespace learnloop::pg_support
