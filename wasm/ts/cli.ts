#!/usr/bin/env node
/**
 * The npm package's `learnloop` bin: the same CLI as the native binary (the core's run_cli()
 * compiled to wasm), with a progress bar on stderr only when it is a terminal.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

import type { CliHost } from './api.js';
import { todayUtc } from './dates.js';
import { fileErrorReason, replaceFileSync, type FileErrorReason } from './node_files.js';
import { init } from './node.js';
import { loadFileOpener, type FileOpener } from './node_database.js';
import type { DatabaseAdapter } from './sqlite_types.js';

/** A database driver is loaded only when a command may open a database: with --db, and for demo (which has a default file). */
const needsDatabase = (args: string[]) =>
  (args.includes('--db') || args.some((a) => a.startsWith('--db=')) || args[0] === 'demo') && !args.includes('--help') && !args.includes('-h');

/**
 * The CLI's openDatabase: node:sqlite in place where this Node has it (every write in the file when its command
 * commits), else sqlite-wasm in memory, saved by the core's flush() (which refuses when another process changed it).
 */
function databaseOpener(open: FileOpener | undefined, opened: DatabaseAdapter[]) {
  return (path: string, create: boolean): { db: unknown } | { error: string } => {
    if (open === undefined) return { error: `cannot open database '${path}': no database driver is loaded` };
    const adapter = open(path, create);
    if ('error' in adapter) return { error: adapter.error };
    opened.push(adapter);
    return { db: adapter };
  };
}

/** Reads a whole file for the CLI: text (UTF-8) or bytes. */
function readHostFile<T>(path: string, read: (path: string) => T): T | { error: FileErrorReason } {
  try {
    if (!statSync(path).isFile()) return { error: 'other' };
    return read(path);
  } catch (error) {
    return { error: fileErrorReason(error) };
  }
}

/** Replaces a file for the CLI through a temporary file and rename, like the native CLI. */
function writeHostFile(path: string, data: string | Uint8Array): { ok: true } | { error: FileErrorReason } {
  try {
    replaceFileSync(path, data);
    return { ok: true };
  } catch (error) {
    return { error: fileErrorReason(error) };
  }
}

const readTextFile = (path: string) => readHostFile(path, (p) => ({ text: readFileSync(p, 'utf8') }));
const readBinaryFile = (path: string) => readHostFile(path, (p) => ({ bytes: readFileSync(p) }));
const writeTextFile = (path: string, text: string) => writeHostFile(path, text);
/** One buffer for every chunk: the core copies a chunk into wasm memory before it asks for the next. */
let chunkBuffer = Buffer.alloc(0);
/** Reads at most `maxBytes` of a file from `offset` (ingest streams its file through it) and the file's size. */
const readFileChunk = (path: string, offset: number, maxBytes: number) =>
  readHostFile(path, (p) => {
    const fd = openSync(p, 'r');
    try {
      if (chunkBuffer.length < maxBytes) chunkBuffer = Buffer.allocUnsafe(maxBytes);
      const got = readSync(fd, chunkBuffer, 0, maxBytes, offset);
      return { bytes: chunkBuffer.subarray(0, got), size: fstatSync(fd).size };
    } finally {
      closeSync(fd);
    }
  });
/** `bytes` is a view of wasm memory, valid during the call only (written out before returning). */
const writeBinaryFile = (path: string, bytes: Uint8Array) => writeHostFile(path, bytes);

async function main(): Promise<number> {
  let ll;
  try {
    ll = await init();
  } catch (error) {
    process.stderr.write(`learnloop: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // A progress line left open (work that failed midway) is ended before anything else is printed, as the native
  // host's ProgressBar does, so an error never lands on the same line.
  let lineOpen = false;
  const draw = process.stderr.isTTY
    ? (label: string, done: number, total: number) => {
        process.stderr.write(`\r${ll.renderProgressLine(label, done, total)}${done >= total ? '\n' : ''}`);
        lineOpen = done < total;
      }
    : undefined;
  const args = process.argv.slice(2);
  let open: FileOpener | undefined;
  if (needsDatabase(args)) {
    try {
      open = await loadFileOpener();
    } catch (error) {
      process.stderr.write(`learnloop: error: could not load sqlite-wasm: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const opened: DatabaseAdapter[] = [];
  const openDatabase = databaseOpener(open, opened);
  const nowUtc = () => new Date().toISOString();
  const host: CliHost = { readTextFile, writeTextFile, readBinaryFile, writeBinaryFile, readFileChunk, openDatabase, todayUtc, nowUtc };
  if (draw) host.onProgress = draw;
  const result = ll.runCli(args, host);
  for (const adapter of opened) adapter.close();
  if (lineOpen) process.stderr.write('\n');
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exit_code;
}

process.exitCode = await main();
