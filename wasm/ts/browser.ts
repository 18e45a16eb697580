/**
 * Browser entry point of the `learnloop` package: the wasm file is fetched from beside this
 * module (or from `options.wasmUrl`), so it works from a plain <script type="module"> and bundlers.
 */
import { init } from './browser_init.js';
import { LearnloopError } from './errors.js';
import {
  checkKeepName,
  chooseStorage,
  indexedDbSaver,
  keptDatabaseExists,
  loadDatabaseBytes,
  saveDatabaseBytes,
  writeOpfsFile,
  type KeepOptions,
  type KeptDatabaseInfo,
} from './browser_keep.js';
import { SqliteAdapter, type SaveBytes } from './sqlite_adapter.js';
import type { Sqlite3Module, StoreBackend } from './sqlite_types.js';
import { openMigratedStore, type MetricsStore } from './store.js';

export * from './exports.js';
export { loadEmbeddingIndexFromIndexedDB, saveEmbeddingIndexToIndexedDB, type IndexedDbLocation } from './indexeddb.js';
export { loadDatabaseBytes, saveDatabaseBytes, whenKept, type KeepOptions, type KeptDatabaseInfo, type KeptStorage } from './browser_keep.js';
export { init, type InitOptions } from './browser_init.js';
export { openPostgres, type OpenPostgresOptions } from './postgres_browser.js';
export type { PostgresMethodName, PostgresStore } from './postgres_connection.js';
export type { PgliteLike } from './postgres_drivers.js';


/** Options of openDatabase() in browsers. */
export interface OpenDatabaseOptions {
  /**
   * Where sqlite-wasm's module is: default the bare specifier '@sqlite.org/sqlite-wasm' (bundlers
   * resolve it; plain pages map it in an import map to node_modules/@sqlite.org/sqlite-wasm/index.mjs).
   */
  sqliteUrl?: string | URL;
  /**
   * Keep the database across page loads under `keep.name`: in OPFS through sqlite-wasm's `opfs` VFS where the
   * browser allows it (in a worker of a cross-origin isolated page: COOP/COEP headers), else in IndexedDB (saved
   * by save(); await whenKept(name) for the put), else in memory only. keptDatabase() says which and why;
   * `store.backend` is the storage used. Without it the database lives in memory only.
   */
  keep?: KeepOptions;
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
 * Opens a metrics database: a copy of `bytes` (a SQLite file, e.g. one the native CLI wrote, fetched or picked
 * by the user), or a new empty one; brings it to the current schema. Without `options.keep` it lives in memory:
 * export() gives the bytes to download. With `options.keep`, `bytes` replace the database kept under that name
 * (close any store open on it first: OPFS lets one connection hold a file), and without `bytes` the kept
 * database is reopened (a new empty one when none is kept).
 * @throws {LearnloopError} code `not_found` for bytes that are not a SQLite database; `unsupported_version` for a
 *   newer schema; `invalid_argument` for a bad `keep`, or a storage `keep.storage` asks for that this page lacks;
 *   `busy` when a store still has the kept OPFS file open
 */
export async function openDatabase(bytes?: Uint8Array | ArrayBuffer, options: OpenDatabaseOptions = {}): Promise<MetricsStore> {
  const [ll, sqlite3] = await Promise.all([init(), loadSqliteBrowser(options.sqliteUrl)]);
  const inMemory = (image: Uint8Array | undefined, save?: SaveBytes, backend?: StoreBackend): MetricsStore => {
    const adapter = SqliteAdapter.fromBytes(sqlite3, image, save, backend);
    if (!(adapter instanceof SqliteAdapter)) throw new LearnloopError('not_found', `cannot open database: ${adapter.error}`);
    return openMigratedStore(ll, adapter);
  };
  const given = bytes === undefined ? undefined : new Uint8Array(bytes);
  if (options.keep === undefined) return inMemory(given);
  const name = checkKeepName(options.keep.name);
  const { storage } = chooseStorage(sqlite3, options.keep);
  if (storage === 'memory') return inMemory(given);
  if (storage === 'indexeddb') {
    const image = given ?? (await loadDatabaseBytes(name));
    const store = inMemory(image, indexedDbSaver(name), 'indexeddb');
    // The new database as opened (and migrated) is kept at once, before the first save().
    if (given !== undefined || image === undefined) await saveDatabaseBytes(name, store.export());
    return store;
  }
  if (given !== undefined) {
    // Checked and migrated in memory first, so a bad file never replaces the kept one.
    const checked = inMemory(given);
    const image = checked.export();
    checked.dispose();
    await writeOpfsFile(name, image);
  }
  const OpfsDb = sqlite3.oo1.OpfsDb as NonNullable<typeof sqlite3.oo1.OpfsDb>;
  return openMigratedStore(ll, new SqliteAdapter(sqlite3, new OpfsDb(name, 'c'), undefined, false, 'opfs'));
}

/**
 * Where openDatabase() with `keep` puts (or finds) the database: the storage, why that one (e.g. why OPFS is
 * unavailable on this page), and whether a database is kept there under `keep.name`.
 * @throws {LearnloopError} code `invalid_argument` for a bad `keep`, or a storage `keep.storage` asks for that this page lacks
 */
export async function keptDatabase(keep: KeepOptions, options: Pick<OpenDatabaseOptions, 'sqliteUrl'> = {}): Promise<KeptDatabaseInfo> {
  const sqlite3 = await loadSqliteBrowser(options.sqliteUrl);
  const name = checkKeepName(keep.name);
  const choice = chooseStorage(sqlite3, keep);
  return { ...choice, exists: await keptDatabaseExists(choice.storage, name) };
}
