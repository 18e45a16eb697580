/**
 * Node entry point of the `learnloop` package: reads the wasm bytes from beside this file
 * (Emscripten's own loader would try to fetch() a file path under Node 20).
 */
import { readFile } from 'node:fs/promises';

import type { Learnloop } from './api.js';
import { optionsArg } from './args.js';
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
 * @throws {LearnloopError} code `invalid_argument` when `path` is not a non-empty string (bytes are not accepted in Node);
 *   `not_found` for a missing file (with create: false) or a file that is not a database;
 *   `unsupported_version` for a database from a newer learnloop
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<MetricsStore> {
  // A path only: bytes (or anything else) would be turned into a file name such as "\x01\x02\x03".
  if (typeof path !== 'string' || path === '' || path.includes('\0'))
    throw new LearnloopError('invalid_argument', 'openDatabase in Node expects a file path (a non-empty string without NUL characters)');
  const { create = true } = optionsArg(options, 'options');
  if (typeof create !== 'boolean') throw new LearnloopError('invalid_argument', 'options.create must be true or false');
  const [ll, sqlite3] = await Promise.all([init(), loadSqliteNode()]);
  const adapter = openSqliteFile(sqlite3, path, create);
  if (!(adapter instanceof SqliteAdapter)) throw new LearnloopError('not_found', adapter.error);
  return openMigratedStore(ll, adapter);
}
