/**
 * Browser only: where openDatabase() keeps a database across page loads, and the storage itself. OPFS (the
 * origin private file system) through sqlite-wasm's `opfs` VFS where the browser allows it: a worker, a
 * cross-origin isolated page (COOP/COEP headers, for SharedArrayBuffer and Atomics.wait) and OPFS's sync
 * access handles; there the file is the database and every write is in it when its call returns. Otherwise
 * IndexedDB: the database in memory, its bytes put in IndexedDB by save(). Otherwise memory only. It never
 * decides what is kept: the caller names the database and calls save(); it only stores and says why.
 */
import { LearnloopError } from './errors.js';
import type { SaveBytes } from './sqlite_adapter.js';
import type { Sqlite3Module, StoreBackend } from './sqlite_types.js';

/** Where a kept database can be: OPFS, IndexedDB, or nowhere but memory. */
export type KeptStorage = Extract<StoreBackend, 'opfs' | 'indexeddb' | 'memory'>;

/** openDatabase()'s `keep` option: keep the database across page loads under `name`. */
export interface KeepOptions {
  /** The kept database's name (its OPFS file name, or its IndexedDB key): letters, digits, '.', '_' and '-'. */
  name: string;
  /** Where to keep it: `'auto'` (default) is OPFS where the browser allows it, else IndexedDB, else memory only. */
  storage?: 'auto' | KeptStorage;
}

/** Where a database named by KeepOptions is (or would be) kept, and why there. */
export interface KeptDatabaseInfo {
  /** The storage openDatabase() uses for it. */
  storage: KeptStorage;
  /** Why that storage, in words for a page to show (e.g. why OPFS is unavailable). */
  reason: string;
  /** Whether a database is kept there under that name. */
  exists: boolean;
}

const NAME = /^[A-Za-z0-9._-]{1,120}$/;
const IDB_NAME = 'learnloop';
const IDB_STORE = 'databases';

/**
 * Checks a kept database's name.
 * @throws {LearnloopError} code `invalid_argument` for a name that is not 1-120 letters, digits, '.', '_' or '-'
 */
export function checkKeepName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('.'))
    throw new LearnloopError('invalid_argument', `keep.name must be 1-120 letters, digits, '.', '_' or '-' (not starting with '.'), got ${JSON.stringify(name)}`);
  return name;
}

/** Why sqlite-wasm's OPFS VFS is missing here (its own preconditions, in words), or undefined when it is installed. */
export function opfsUnavailableReason(sqlite3: Sqlite3Module): string | undefined {
  if (sqlite3.oo1.OpfsDb !== undefined) return undefined;
  const g = globalThis as Record<string, unknown> & { navigator?: { storage?: { getDirectory?: unknown } } };
  if (typeof g.SharedArrayBuffer === 'undefined' || !g.crossOriginIsolated)
    return 'the page is not cross-origin isolated, which OPFS through sqlite-wasm needs: its server sends no Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp headers';
  if (typeof g.document !== 'undefined') return 'OPFS through sqlite-wasm runs only in a worker, and this database was opened on the page itself';
  const handle = g.FileSystemFileHandle as { prototype?: Record<string, unknown> } | undefined;
  if (typeof g.navigator?.storage?.getDirectory !== 'function' || typeof handle?.prototype?.createSyncAccessHandle !== 'function')
    return 'this browser has no OPFS with synchronous access handles';
  return 'sqlite-wasm could not install its OPFS storage';
}

/**
 * The storage `keep` asks for on this page, and why.
 * @throws {LearnloopError} code `invalid_argument` for an unknown `keep.storage`, or one this page lacks
 */
export function chooseStorage(sqlite3: Sqlite3Module, keep: KeepOptions): { storage: KeptStorage; reason: string } {
  const wanted = keep.storage ?? 'auto';
  if (!['auto', 'opfs', 'indexeddb', 'memory'].includes(wanted))
    throw new LearnloopError('invalid_argument', `keep.storage must be 'auto', 'opfs', 'indexeddb' or 'memory', got ${JSON.stringify(wanted)}`);
  const noOpfs = opfsUnavailableReason(sqlite3);
  const hasIdb = typeof indexedDB !== 'undefined';
  if (wanted === 'memory') return { storage: 'memory', reason: 'memory only, as asked: closing the page drops the database' };
  if (wanted === 'opfs' || (wanted === 'auto' && noOpfs === undefined)) {
    if (noOpfs !== undefined) throw new LearnloopError('invalid_argument', `cannot keep the database in OPFS: ${noOpfs}`);
    return { storage: 'opfs', reason: "OPFS (the browser's private file system for this site) through sqlite-wasm: every change is kept as it is made" };
  }
  const why = wanted === 'indexeddb' ? 'kept there as asked' : `OPFS is unavailable: ${noOpfs ?? ''}`;
  if (hasIdb) return { storage: 'indexeddb', reason: `IndexedDB, saved after each change; ${why}` };
  if (wanted === 'indexeddb') throw new LearnloopError('invalid_argument', 'cannot keep the database in IndexedDB: this browser has none');
  return { storage: 'memory', reason: `memory only, so closing the page drops the database; ${why}, and this browser has no IndexedDB` };
}

/** A file handle's synchronous access (OPFS in a worker), as far as it is used here. */
interface SyncAccessHandle {
  truncate(size: number): void;
  write(bytes: Uint8Array, options: { at: number }): number;
  getSize(): number;
  flush(): void;
  close(): void;
}

/** OPFS's root folder. */
function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  return navigator.storage.getDirectory();
}

/** Size of OPFS file `name`, or 0 when it does not exist. */
async function opfsFileSize(name: string): Promise<number> {
  try {
    const file = await (await opfsRoot()).getFileHandle(name);
    return (await file.getFile()).size;
  } catch {
    return 0;
  }
}

/**
 * Writes `bytes` as OPFS file `name` (replacing it) and removes its old rollback journal; the file must not be open.
 * @throws {LearnloopError} code `busy` when a store still has the file open
 */
export async function writeOpfsFile(name: string, bytes: Uint8Array): Promise<void> {
  const root = await opfsRoot();
  const file = await root.getFileHandle(name, { create: true });
  let access: SyncAccessHandle;
  try {
    access = await (file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
  } catch (cause) {
    throw new LearnloopError('busy', `cannot replace the kept database '${name}': it is open (dispose its store first)`, { cause });
  }
  try {
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
  } finally {
    access.close();
  }
  await root.removeEntry(`${name}-journal`).catch(() => undefined);
}

/** Runs one request on learnloop's IndexedDB object store of kept databases. */
async function idbRequest<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(IDB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(IDB_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB request failed'));
    };
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(IDB_STORE, mode);
      const request = run(transaction.objectStore(IDB_STORE));
      // Resolved once the transaction commits (a put is durable then), not when the request succeeds.
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = transaction.onabort = () => {
        reject(transaction.error ?? request.error ?? new Error('IndexedDB transaction failed'));
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

/** Puts in IndexedDB still running or failed, by kept database name. */
const pendingPuts = new Map<string, Promise<void>>();

/**
 * A SaveBytes that queues a put of a copy of the bytes in IndexedDB under `name` (puts run in order);
 * whenKept(name) waits for them and reports a failure.
 */
export function indexedDbSaver(name: string): SaveBytes {
  return (bytes) => {
    const copy = bytes.slice();
    const previous = pendingPuts.get(name) ?? Promise.resolve();
    pendingPuts.set(name, previous.then(() => saveDatabaseBytes(name, copy)));
    return undefined;
  };
}

/**
 * Resolves when every save() of the kept database `name` is stored (IndexedDB puts run after save() returns;
 * OPFS and memory have nothing to wait for).
 * @throws {LearnloopError} code `internal` when IndexedDB refused a put (e.g. the quota is used up)
 */
export async function whenKept(name: string): Promise<void> {
  const pending = pendingPuts.get(name);
  if (pending === undefined) return;
  try {
    await pending;
  } catch (cause) {
    throw new LearnloopError('internal', `could not keep the database '${name}' in IndexedDB: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  } finally {
    if (pendingPuts.get(name) === pending) pendingPuts.delete(name);
  }
}

/** Whether a database is kept under `name` in `storage`. */
export async function keptDatabaseExists(storage: KeptStorage, name: string): Promise<boolean> {
  if (storage === 'opfs') return (await opfsFileSize(name)) > 0;
  if (storage === 'indexeddb') return (await loadDatabaseBytes(name)) !== undefined;
  return false;
}
