/**
 * sqlite-wasm in Node (the in-memory backend: Node 20, or `backend: 'memory'`): it is written for browsers,
 * so it needs `self`, `location` and the wasm bytes handed over (see TOOLCHAIN.md). Files are read whole
 * into memory and saved by writing a temporary file (unique to this process) and renaming it over the
 * original, so a crash never leaves half a file. Because the copy in memory does not see other processes,
 * the file is guarded (file_guard.ts): a file whose -wal holds rows it lacks is not read, and save()
 * refuses to overwrite a file another process changed since it was read, or one this process cannot write.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { canWriteInPlace, stampOf, walHasPendingFrames } from './file_guard.js';
import { readOnlyFailure } from './node_sqlite_failure.js';
import { replaceFileSync } from './node_files.js';
import { SqliteAdapter } from './sqlite_adapter.js';
import type { AdapterFailure, Sqlite3Module } from './sqlite_types.js';

let loading: Promise<Sqlite3Module> | undefined;

/** Loads sqlite-wasm once per process. */
export function loadSqliteNode(): Promise<Sqlite3Module> {
  loading ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    g.self ??= globalThis;
    g.location ??= new URL(import.meta.url);
    // Quiet the browser-only notices (OPFS is missing in Node); errors still reach console.error.
    g.sqlite3ApiConfig ??= { warn: () => {}, log: () => {}, debug: () => {} };
    const jswasm = new URL('./sqlite-wasm/jswasm/', import.meta.resolve('@sqlite.org/sqlite-wasm'));
    const module = (await import(new URL('sqlite3.mjs', jswasm).href)) as { default: (options: object) => Promise<Sqlite3Module> };
    const init = module.default;
    return init({ wasmBinary: readFileSync(new URL('sqlite3.wasm', jswasm)), print: () => {}, printErr: () => {} });
  })();
  return loading;
}

/** Why `path` is not written back: another process changed it (or its -wal) since this process read it. */
function changedOnDisk(path: string): AdapterFailure {
  return {
    error:
      `database '${path}' changed on disk: another process wrote it (or its -wal) since this process read it, and ` +
      `saving the copy held in memory would overwrite that process's rows, so nothing was written (reopen the ` +
      `database and redo the writes, or run Node 22.16+, which writes the file in place and lets processes share it)`,
    constraint: false,
    busy: true,
  };
}

/**
 * Saves `bytes` over `path` when the file is still as `stamp` says it was read (or absent, for a new file) and this
 * process may write it in place; returns the new stamp, or why it refused.
 */
function guardedSave(path: string, stamp: string, bytes: Uint8Array): string | AdapterFailure {
  if (stampOf(path) !== stamp) return changedOnDisk(path);
  if (!canWriteInPlace(path, dirname(path))) return readOnlyFailure(path);
  replaceFileSync(path, bytes);
  return stampOf(path);
}

/** Opens the SQLite file `path` in memory (a new one when `create` and it does not exist); the same messages as the native CLI. */
export function openSqliteFile(sqlite3: Sqlite3Module, path: string, create: boolean): SqliteAdapter | AdapterFailure {
  let stamp = stampOf(path);
  const save = (bytes: Uint8Array): AdapterFailure | undefined => {
    const saved = guardedSave(path, stamp, bytes);
    if (typeof saved !== 'string') return saved;
    stamp = saved;
    return undefined;
  };
  if (!existsSync(path)) {
    if (!create) return { error: `cannot open database '${path}': no such database (create it with 'learnloop init --db ${path}')`, constraint: false };
    return SqliteAdapter.fromBytes(sqlite3, undefined, save);
  }
  if (walHasPendingFrames(path))
    return {
      error:
        `cannot open database '${path}': its write-ahead log (${path}-wal) holds rows that are not in the file yet ` +
        `(another process has it open, or was killed before folding them in), and this Node reads the file into memory ` +
        `without them; close the other writer or open the file once with the native CLI (learnloop info --db ${path}), ` +
        `or run Node 22.16+, which opens it in place`,
      constraint: false,
    };
  let bytes: Uint8Array;
  try {
    stamp = stampOf(path);
    bytes = readFileSync(path);
  } catch (error) {
    return { error: `cannot open database '${path}': ${error instanceof Error ? error.message : String(error)}`, constraint: false };
  }
  const adapter = SqliteAdapter.fromBytes(sqlite3, bytes, save);
  if (adapter instanceof SqliteAdapter) return adapter;
  return { error: `cannot open database '${path}': ${adapter.error}`, constraint: false };
}
