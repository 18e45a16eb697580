// The core's Database interface over a JS adapter object (wasm/ts/sqlite_adapter.ts over @sqlite.org/sqlite-wasm,
// or wasm/ts/node_sqlite_adapter.ts over node:sqlite, or wasm/ts/postgres_worker_adapter.ts over PostgreSQL from a
// worker thread). The adapter never throws: failures come back as {error: message}. copy_in goes to the adapter's
// copyIn when it has one (the PostgreSQL worker adapter); without it the core's ingest inserts row by row.
#pragma once

#include <emscripten/val.h>

#include <memory>

#include "learnloop/store/database.hpp"

namespace learnloop::wasm {

/// Wraps adapter `db` ({exec, prepare, flush, optional checkWritable}) as a core Database.
std::unique_ptr<Database> make_js_database(emscripten::val db);

/// The byte protocol's codes as the core reads and writes them: {batch: {more, done, failed}, bind: {null,
/// number, text, blob}, sqliteType: {integer, float, text, blob, null}} (wasm/ts/byte_protocol.ts holds the JS copy).
emscripten::val byte_protocol_codes();

}  // namespace learnloop::wasm
