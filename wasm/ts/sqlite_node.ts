/**
 * sqlite-wasm in Node 20: it is written for browsers, so it needs `self`, `location` and the
 * wasm bytes handed over (see TOOLCHAIN.md). Files are read whole into memory and saved by
 * writing a temporary file and renaming it over the original, so a crash never leaves half a file.
 */
import { existsSync, readFileSync } from 'node:fs';

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

/** Opens the SQLite file `path` in memory (a new one when `create` and it does not exist); the same messages as the native CLI. */
export function openSqliteFile(sqlite3: Sqlite3Module, path: string, create: boolean): SqliteAdapter | AdapterFailure {
  const save = (bytes: Uint8Array) => replaceFileSync(path, bytes);
  if (!existsSync(path)) {
    if (!create) return { error: `cannot open database '${path}': no such database (create it with 'learnloop init --db ${path}')`, constraint: false };
    return SqliteAdapter.fromBytes(sqlite3, undefined, save);
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { error: `cannot open database '${path}': ${error instanceof Error ? error.message : String(error)}`, constraint: false };
  }
  const adapter = SqliteAdapter.fromBytes(sqlite3, bytes, save);
  if (adapter instanceof SqliteAdapter) return adapter;
  return { error: `cannot open database '${path}': ${adapter.error}`, constraint: false };
}
