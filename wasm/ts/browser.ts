/**
 * Browser entry point of the `learnloop` package: the wasm file is fetched from beside this
 * module (or from `options.wasmUrl`), so it works from a plain <script type="module"> and bundlers.
 */
import type { Learnloop } from './api.js';
import { LearnloopError } from './errors.js';
import createLearnloopModule from './learnloop_wasm.mjs';
import { loadOnce } from './loader.js';
import { SqliteAdapter } from './sqlite_adapter.js';
import type { Sqlite3Module } from './sqlite_types.js';
import { openMigratedStore, type MetricsStore } from './store.js';

export * from './exports.js';
export { loadEmbeddingIndexFromIndexedDB, saveEmbeddingIndexToIndexedDB, type IndexedDbLocation } from './indexeddb.js';

/** Where to load the wasm from. */
export interface InitOptions {
  /** URL of learnloop_wasm.wasm; default: next to this module. */
  wasmUrl?: string | URL;
}

/**
 * Loads learnloop's wasm module (once; later calls return the same instance).
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm cannot be fetched or compiled
 */
export function init(options: InitOptions = {}): Promise<Learnloop> {
  const url = String(options.wasmUrl ?? new URL('./learnloop_wasm.wasm', import.meta.url));
  return loadOnce(createLearnloopModule, () => Promise.resolve({ locateFile: () => url }));
}

/** Options of openDatabase() in browsers. */
export interface OpenDatabaseOptions {
  /**
   * Where sqlite-wasm's module is: default the bare specifier '@sqlite.org/sqlite-wasm' (bundlers
   * resolve it; plain pages map it in an import map to node_modules/@sqlite.org/sqlite-wasm/index.mjs).
   */
  sqliteUrl?: string | URL;
}

let sqliteLoading: Promise<Sqlite3Module> | undefined;

/** Loads sqlite-wasm once per page. */
function loadSqliteBrowser(url: string | URL | undefined): Promise<Sqlite3Module> {
  sqliteLoading ??= (async () => {
    try {
      // A literal specifier lets bundlers (Vite, webpack, esbuild) see the dependency and split it
      // into its own chunk, fetched only here; an explicit URL is imported as given.
      const module: { default: unknown } =
        url === undefined ? await import('@sqlite.org/sqlite-wasm') : ((await import(/* @vite-ignore */ String(url))) as { default: unknown });
      const init = module.default as (options?: object) => Promise<Sqlite3Module>;
      return await init({ print: () => {}, printErr: () => {} });
    } catch (cause) {
      sqliteLoading = undefined;
      throw new LearnloopError('wasm_load_failed', `could not load sqlite-wasm: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  })();
  return sqliteLoading;
}

/**
 * Opens a metrics database in memory: a copy of `bytes` (a SQLite file, e.g. one the native CLI
 * wrote, fetched or picked by the user), or a new empty one; brings it to the current schema.
 * Browsers keep it in memory: export() gives the bytes to download or to keep with saveDatabaseBytes().
 * @throws {LearnloopError} code `not_found` for bytes that are not a SQLite database; `unsupported_version` for a newer schema
 */
export async function openDatabase(bytes?: Uint8Array | ArrayBuffer, options: OpenDatabaseOptions = {}): Promise<MetricsStore> {
  const [ll, sqlite3] = await Promise.all([init(), loadSqliteBrowser(options.sqliteUrl)]);
  const adapter = SqliteAdapter.fromBytes(sqlite3, bytes === undefined ? undefined : new Uint8Array(bytes));
  if (!(adapter instanceof SqliteAdapter)) throw new LearnloopError('not_found', `cannot open database: ${adapter.error}`);
  return openMigratedStore(ll, adapter);
}

const IDB_NAME = 'learnloop';
const IDB_STORE = 'databases';

/** Opens learnloop's IndexedDB database. */
function openIndexedDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(IDB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(IDB_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** Runs one IndexedDB request on learnloop's object store. */
async function idbRequest<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openIndexedDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(IDB_STORE, mode).objectStore(IDB_STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        reject(request.error ?? new Error('IndexedDB request failed'));
      };
    });
  } finally {
    db.close();
  }
}

/** Keeps database bytes (from MetricsStore.export()) in IndexedDB under `key`. */
export async function saveDatabaseBytes(key: string, bytes: Uint8Array): Promise<void> {
  await idbRequest('readwrite', (store) => store.put(bytes, key));
}

/** Database bytes kept under `key` by saveDatabaseBytes(), or undefined. */
export async function loadDatabaseBytes(key: string): Promise<Uint8Array | undefined> {
  const value = await idbRequest<unknown>('readonly', (store) => store.get(key));
  return value instanceof Uint8Array ? value : undefined;
}
