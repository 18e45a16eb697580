/**
 * Node entry point of the `learnloop` package: reads the wasm bytes from beside this file
 * (Emscripten's own loader would try to fetch() a file path under Node 20), and opens metrics
 * databases on the best backend this Node has (node:sqlite in place, else sqlite-wasm in memory).
 */
import { optionsArg } from './args.js';
import { LearnloopError } from './errors.js';
import { init } from './node_init.js';
import { openDatabaseFile } from './node_database.js';
import type { NodeStoreBackend } from './sqlite_types.js';
import { openMigratedStore, type MetricsStore } from './store.js';

export * from './exports.js';
export { init } from './node_init.js';
export { loadEmbeddingIndex, saveEmbeddingIndex } from './snapshot_files.js';
export { openPostgres, type PostgresMethodName, type PostgresStore, type PostgresTarget } from './postgres_store.js';
export type { PgliteLike, PgPoolClientLike, PgPoolLike } from './postgres_drivers.js';
export { buildIndexInWorker, learnInWorker, type WorkerIndexOptions, type WorkerLearnOptions } from './worker_jobs.js';

/** Options of openDatabase() in Node. */
export interface OpenDatabaseOptions {
  /** Create the file when it does not exist; default true. */
  create?: boolean;
  /**
   * `'node:sqlite'` opens the file in place (Node 22.16+ and 24; the default there); `'memory'` reads it into
   * sqlite-wasm's memory and writes it back on save() (the only backend on Node 20). Default: the best this Node has.
   */
  backend?: NodeStoreBackend;
}

/** The in-memory backend's warning is printed once per process. */
let warnedMemory = false;

/** Warns once that a file opened in memory is written only by save(), and that concurrent writers overwrite each other. */
function warnMemoryBackend(path: string): void {
  if (warnedMemory) return;
  warnedMemory = true;
  process.emitWarning(
    `learnloop opened '${path}' in memory (sqlite-wasm): writes are held in memory until ` +
      `save(), and processes writing the same file overwrite each other (save() refuses when the file changed since it ` +
      `was read). Node 22.16+ opens it in place, shared and durable.`,
    { type: 'LearnloopWarning', code: 'LEARNLOOP_MEMORY_STORE' },
  );
}

/**
 * Opens (or creates) the SQLite metrics database at `path`, the same file format the native CLI
 * writes, and brings it to the current schema. On Node 22.16+ and 24 the file is opened in place through
 * node:sqlite (`store.backend === 'node:sqlite'`): WAL, a 5 s busy timeout, every write in the file when its
 * call returns, shared safely with other processes and the native CLI; save() does nothing. On Node 20 it is
 * read into memory (`'memory'`) and save() writes it back atomically; a warning says so once per process.
 * Dispose the store when done.
 * @throws {LearnloopError} code `invalid_argument` when `path` is not a non-empty string (bytes are not accepted in Node)
 *   or `backend` is not available; `not_found` for a missing file (with create: false), a folder, a file that is not a
 *   database, or a -wal the in-memory backend cannot read; `unsupported_version` for a database from a newer learnloop;
 *   `busy` when another process held the file's lock past the busy timeout
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<MetricsStore> {
  // A path only: bytes (or anything else) would be turned into a file name such as "\x01\x02\x03".
  if (typeof path !== 'string' || path === '' || path.includes('\0'))
    throw new LearnloopError('invalid_argument', 'openDatabase in Node expects a file path (a non-empty string without NUL characters)');
  const { create = true, backend } = optionsArg(options, 'options');
  if (typeof create !== 'boolean') throw new LearnloopError('invalid_argument', 'options.create must be true or false');
  if (backend !== undefined && backend !== 'node:sqlite' && backend !== 'memory')
    throw new LearnloopError('invalid_argument', "options.backend must be 'node:sqlite' or 'memory'");
  const [ll, adapter] = await Promise.all([init(), openDatabaseFile(path, create, backend)]);
  if ('error' in adapter) throw new LearnloopError(adapter.busy === true ? 'busy' : 'not_found', adapter.error);
  if (adapter.backend === 'memory') warnMemoryBackend(path);
  return openMigratedStore(ll, adapter);
}
