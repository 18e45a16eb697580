/**
 * Opening a SQLite file in place through node:sqlite, with the native backend's settings and checks
 * (native/store/sqlite_database.cpp): a folder, a missing file, a file that is not SQLite and a read-only
 * file get its messages (a read-only WAL file in a read-only folder is opened immutable, as there); a
 * writable file is switched to WAL with synchronous=NORMAL and the same busy timeout. node:sqlite is looked up once; its ExperimentalWarning (printed by some Node versions when the
 * module loads) is dropped here, and only that warning, so a service's logs stay clean.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { BUSY_TIMEOUT_MS, nodeSqliteFailure } from './node_sqlite_failure.js';
import { NodeSqliteAdapter } from './node_sqlite_adapter.js';
import type { NodeSqliteError, NodeSqliteModule } from './node_sqlite_types.js';
import type { AdapterFailure } from './sqlite_types.js';

/** node:sqlite once looked up: the module, or null when this Node has none (or one without the API the adapter needs). */
let nodeSqlite: NodeSqliteModule | null | undefined;

/** True for the warning node:sqlite prints when it loads on Node 22 (and 24 before 24.x made it stable). */
function isSqliteExperimentalWarning(warning: unknown, rest: unknown[]): boolean {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
  const name = warning instanceof Error ? warning.name : type;
  const message = warning instanceof Error ? warning.message : String(warning);
  return name === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(message);
}

/**
 * node:sqlite when this Node has it with StatementSync.columns() and setReturnArrays() (Node 22.16+, 24), else
 * undefined (Node 20, and 22.13-22.15). Loaded once, without its ExperimentalWarning.
 */
export function loadNodeSqlite(): NodeSqliteModule | undefined {
  if (nodeSqlite === undefined) {
    const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
    const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (!isSqliteExperimentalWarning(warning, rest)) emit(warning, ...rest);
    });
    let found: NodeSqliteModule | undefined;
    try {
      found = getBuiltin?.('node:sqlite') as NodeSqliteModule | undefined;
    } catch {
      found = undefined;
    } finally {
      if (original === undefined) Reflect.deleteProperty(process, 'emitWarning');
      else Object.defineProperty(process, 'emitWarning', original);
    }
    const statement = found?.StatementSync.prototype as Record<string, unknown> | undefined;
    const complete = typeof statement?.setReturnArrays === 'function' && typeof statement.columns === 'function';
    nodeSqlite = complete && found !== undefined ? found : null;
  }
  return nodeSqlite ?? undefined;
}

/** `failure` with "cannot open database 'path': " before its message, as the native CLI words it. */
function cannotOpen(path: string, failure: AdapterFailure): AdapterFailure {
  return { ...failure, error: `cannot open database '${path}': ${failure.error}` };
}

/** True when this process may write `path`. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Opens the SQLite file `path` in place (a new one when `create` and it does not exist); the native CLI's messages. */
export function openNodeSqliteFile(sqlite: NodeSqliteModule, path: string, create: boolean): NodeSqliteAdapter | AdapterFailure {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // Missing: created below, or refused.
  }
  if (isFolder) return { error: `cannot open database '${path}': it is a folder; expected a SQLite database file`, constraint: false };
  const exists = existsSync(path);
  if (!exists && !create)
    return { error: `cannot open database '${path}': no such database (create it with 'learnloop init --db ${path}')`, constraint: false };
  // A file this process cannot write is opened for reading as it is: reads work, a write transaction is refused up front.
  const readOnly = exists && !writable(path);
  const opened = openChecked(sqlite, path, readOnly, false);
  if (!('code' in opened)) return opened;
  // A read-only WAL database in a folder this process cannot write: SQLite cannot create the -shm file it reads
  // through, so the file is opened immutable, unless a write-ahead log was left behind (only a writer folds it in).
  if (!readOnly || (opened.code !== SQLITE_READONLY && opened.code !== SQLITE_CANTOPEN)) return opened.failure;
  if (hasWal(path))
    return {
      error: `cannot open database '${path}': it is read-only and has an unfinished write-ahead log (${path}-wal); open it once with write access to fold it in`,
      constraint: false,
    };
  const immutable = openChecked(sqlite, path, true, true);
  return 'code' in immutable ? immutable.failure : immutable;
}

/** SQLite's primary result codes of a read-only connection that cannot read a WAL database. */
const SQLITE_READONLY = 8;
const SQLITE_CANTOPEN = 14;

/** True when `path`-wal exists and is not empty. */
function hasWal(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Opens `path` (immutable: as a file no one writes, through a file: URL) with the native backend's settings, and reads
 * it once; the adapter, or the failure with SQLite's primary result code.
 */
function openChecked(sqlite: NodeSqliteModule, path: string, readOnly: boolean, immutable: boolean): NodeSqliteAdapter | { failure: AdapterFailure; code: number } {
  let db;
  try {
    const target = immutable ? `${pathToFileURL(path).href}?immutable=1` : path;
    db = new sqlite.DatabaseSync(target, { readOnly });
  } catch (error) {
    return { failure: cannotOpen(path, nodeSqliteFailure(error, path)), code: primaryCode(error) };
  }
  // The busy timeout first, so the checks below wait for another process's commit too; a file that is not a
  // database fails at its first read. WAL lets readers work while another process writes; synchronous=NORMAL as
  // the native backend.
  const setup = [`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`, 'SELECT count(*) FROM sqlite_master'];
  if (!readOnly) setup.push('PRAGMA journal_mode = WAL', 'PRAGMA synchronous = NORMAL');
  for (const sql of setup) {
    try {
      db.exec(sql);
    } catch (error) {
      db.close();
      return { failure: cannotOpen(path, nodeSqliteFailure(error, path)), code: primaryCode(error) };
    }
  }
  return new NodeSqliteAdapter(db, path, readOnly);
}

/** SQLite's primary result code of a node:sqlite error (0 when it carries none). */
function primaryCode(error: unknown): number {
  const code = (error as NodeSqliteError).errcode;
  return typeof code === 'number' ? code & 0xff : 0;
}
