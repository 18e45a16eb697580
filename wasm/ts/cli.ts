#!/usr/bin/env node
/**
 * The npm package's `learnloop` bin: the same CLI as the native binary (the core's run_cli()
 * compiled to wasm), with a progress bar on stderr only when it is a terminal.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

import { init } from './node.js';
import { SqliteAdapter, type Sqlite3Module } from './sqlite_adapter.js';
import { loadSqliteNode, openSqliteFile } from './sqlite_node.js';
import { todayUtc } from './store.js';

/** sqlite-wasm is loaded only when a command may open a database: with --db, and for demo (which has a default file). */
const needsDatabase = (args: string[]) =>
  (args.includes('--db') || args.some((a) => a.startsWith('--db=')) || args[0] === 'demo') && !args.includes('--help') && !args.includes('-h');

/** The CLI's openDatabase over sqlite-wasm; the database is saved by the core's flush(). */
function databaseOpener(sqlite3: Sqlite3Module | undefined, opened: SqliteAdapter[]) {
  return (path: string, create: boolean): { db: unknown } | { error: string } => {
    if (sqlite3 === undefined) return { error: `cannot open database '${path}': sqlite-wasm is not loaded` };
    const adapter = openSqliteFile(sqlite3, path, create);
    if (!(adapter instanceof SqliteAdapter)) return { error: adapter.error };
    opened.push(adapter);
    return { db: adapter };
  };
}

/** Reads a file for the CLI, mapping Node's error codes to the core's reasons. */
function readTextFile(path: string): { text: string } | { error: 'not_found' | 'permission_denied' | 'other' } {
  try {
    if (!statSync(path).isFile()) return { error: 'other' };
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission_denied' : 'other' };
  }
}

/** Replaces a file for the CLI through a temporary file and rename, like the native CLI. */
function writeTextFile(path: string, text: string): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' } {
  const temp = `${path}.tmp-learnloop`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
    return { ok: true };
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission_denied' : 'other' };
  }
}

/** Reads a binary file (fvecs, snapshots) for the CLI. */
function readBinaryFile(path: string): { bytes: Uint8Array } | { error: 'not_found' | 'permission_denied' | 'other' } {
  try {
    if (!statSync(path).isFile()) return { error: 'other' };
    return { bytes: readFileSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission_denied' : 'other' };
  }
}

/** Replaces a binary file through a temporary file and rename; `bytes` is only valid during the call. */
function writeBinaryFile(path: string, bytes: Uint8Array): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' } {
  const temp = `${path}.tmp-learnloop`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
    return { ok: true };
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission_denied' : 'other' };
  }
}

async function main(): Promise<number> {
  let ll;
  try {
    ll = await init();
  } catch (error) {
    process.stderr.write(`learnloop: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const draw = process.stderr.isTTY
    ? (label: string, done: number, total: number) =>
        process.stderr.write(`\r${ll.renderProgressLine(label, done, total)}${done >= total ? '\n' : ''}`)
    : undefined;
  const args = process.argv.slice(2);
  let sqlite3: Sqlite3Module | undefined;
  if (needsDatabase(args)) {
    try {
      sqlite3 = await loadSqliteNode();
    } catch (error) {
      process.stderr.write(`learnloop: error: could not load sqlite-wasm: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const opened: SqliteAdapter[] = [];
  const openDatabase = databaseOpener(sqlite3, opened);
  const nowUtc = () => new Date().toISOString();
  const result = ll.runCli(args, { readTextFile, writeTextFile, readBinaryFile, writeBinaryFile, openDatabase, todayUtc, nowUtc, onProgress: draw });
  for (const adapter of opened) adapter.close();
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

process.exitCode = await main();
