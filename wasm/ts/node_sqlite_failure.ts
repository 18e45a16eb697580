/**
 * node:sqlite's errors as the core reads them, with the native backend's messages
 * (native/store/sqlite_database.cpp): a constraint is bad input, a write to a read-only file says which
 * permissions to check, and a lock held past the busy timeout is `busy`, never a silent loss. Never throws.
 */
import type { NodeSqliteError } from './node_sqlite_types.js';
import type { AdapterFailure } from './sqlite_types.js';

/** The busy timeout of both file backends, in milliseconds (native/store/sqlite_database.cpp kBusyTimeoutMs). */
export const BUSY_TIMEOUT_MS = 5000;

/** SQLite's primary result codes that the mapping tells apart. */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_CONSTRAINT = 19;

/** Why `path` cannot be written: the native backend's message. */
export function readOnlyFailure(path: string): AdapterFailure {
  return {
    error: `database '${path}' is read-only: this command writes to it (check the permissions of the file, its folder and its -wal and -shm files)`,
    constraint: false,
    readOnly: true,
  };
}

/** `error` from node:sqlite on the database at `path`, as a failure record. */
export function nodeSqliteFailure(error: unknown, path: string): AdapterFailure {
  const e = error as NodeSqliteError;
  const message = error instanceof Error ? error.message : String(error);
  const primary = (typeof e.errcode === 'number' ? e.errcode : 0) & 0xff;
  if (primary === SQLITE_READONLY) return readOnlyFailure(path);
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED)
    return {
      error: `database '${path}' is busy: another process held its lock for longer than the ${BUSY_TIMEOUT_MS} ms busy timeout (${message}); nothing was written, retry the call`,
      constraint: false,
      busy: true,
    };
  return { error: message, constraint: primary === SQLITE_CONSTRAINT };
}
