#!/usr/bin/env node
/**
 * The npm package's `learnloop` bin: the same CLI as the native binary (the core's run_cli()
 * compiled to wasm), with a progress bar on stderr only when it is a terminal.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

import { init } from './node.js';

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
  const result = ll.runCli(process.argv.slice(2), { readTextFile, writeTextFile, readBinaryFile, writeBinaryFile, onProgress: draw });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

process.exitCode = await main();
