/**
 * sqlite-wasm's exceptions as the core reads them: the SQLite message without sqlite-wasm's prefix,
 * and whether a constraint (CHECK, UNIQUE, NOT NULL) rejected the row. Never throws.
 */
import type { AdapterFailure } from './sqlite_types.js';

/** SQLite's primary result code of a constraint violation. */
const SQLITE_CONSTRAINT = 19;

/** The SQLite message without sqlite-wasm's "sqlite3 result code N: " prefix, and whether a constraint failed. */
export function failure(error: unknown): AdapterFailure {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = /^sqlite3 result code (\d+): /.exec(message);
  // The message carries the extended code (e.g. 275, CHECK); resultCode may hold only SQLITE_ERROR.
  const code = prefix ? Number(prefix[1]) : ((error as { resultCode?: number }).resultCode ?? 0);
  return { error: message.slice(prefix?.[0].length ?? 0), constraint: (code & 0xff) === SQLITE_CONSTRAINT };
}
