/**
 * Node entry point of the `learnloop` package: reads the wasm bytes from beside this file
 * (Emscripten's own loader would try to fetch() a file path under Node 20).
 */
import { readFile } from 'node:fs/promises';

import type { Learnloop } from './api.js';
import { LearnloopError } from './errors.js';
import createLearnloopModule from './learnloop_wasm.mjs';
import { loadOnce } from './loader.js';
import { SqliteAdapter } from './sqlite_adapter.js';
import { loadSqliteNode, openSqliteFile } from './sqlite_node.js';
import { openMigratedStore, type MetricsStore } from './store.js';

export * from './exports.js';
export { loadEmbeddingIndex, saveEmbeddingIndex } from './snapshot_files.js';

/**
 * Loads learnloop's wasm module (once; later calls return the same instance).
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm file is missing or invalid
 */
export function init(): Promise<Learnloop> {
  return loadOnce(createLearnloopModule, async () => ({
    wasmBinary: await readFile(new URL('./learnloop_wasm.wasm', import.meta.url)),
  }));
}

/** Options of openDatabase() in Node. */
export interface OpenDatabaseOptions {
  /** Create the file when it does not exist; default true. */
  create?: boolean;
}

/**
 * Opens (or creates) the SQLite metrics database at `path`, the same file format the native CLI
 * writes, and brings it to the current schema. The file is read into memory; save() writes it back
 * atomically. Dispose the store when done.
 * @throws {LearnloopError} code `not_found` for a missing file (with create: false) or a file that is not a database;
 *   `unsupported_version` for a database from a newer learnloop
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<MetricsStore> {
  const [ll, sqlite3] = await Promise.all([init(), loadSqliteNode()]);
  const adapter = openSqliteFile(sqlite3, path, options.create ?? true);
  if (!(adapter instanceof SqliteAdapter)) throw new LearnloopError('not_found', adapter.error);
  return openMigratedStore(ll, adapter);
}
