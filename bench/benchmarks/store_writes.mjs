/**
 * Writes to one database file from services: prediction round trips (recordPrediction + completePrediction, two
 * transactions) per second, from one process and from four processes at once on the same file. The npm package
 * on Node 24 through node:sqlite (the file in place) and through sqlite-wasm in memory (written back by one
 * save() at the end, so not durable before it and unable to share the file), against the native library path
 * (libsqlite3, bench/native/store_writes_bench.cpp). The four-process runs check that every row is in the file
 * afterwards (zero lost). LEARNLOOP_BENCH_ROUNDS sets the round trips per process (default 2,000).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.LEARNLOOP_BENCH_ROUNDS ?? 2000);
const PROCESSES = 4;
const dir = path.join(root, 'build/bench/store_writes');
const cli = path.join(root, 'build/native-release/bin/learnloop');
const nativeBench = path.join(root, 'build/native-release/bin/learnloop_bench_store_writes');
const node24 = path.join(root, 'build/tools/node-24/bin/node');
const child = path.join(root, 'bench/lib/store_round_trips.mjs');

/** A new empty database (schema only), written by the native CLI. */
function freshDb(name) {
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  execFileSync(cli, ['init', '--db', db], { stdio: 'ignore' });
  return db;
}

/** Runs `argv` and resolves with its one JSON line. */
function runJson(argv) {
  return new Promise((resolve, reject) => {
    const p = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (status) => (status === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${argv.join(' ')} failed: ${err.slice(0, 500)}`))));
  });
}

/** The command of one writer of `kind` on `db`. */
function writer(kind, db, name) {
  if (kind === 'native') return [nativeBench, db, String(ROUNDS), name];
  return [node24, child, db, String(ROUNDS), name, kind];
}

/** Completed prediction records in `db`, counted by the native CLI. */
function completedRows(db) {
  const info = JSON.parse(execFileSync(cli, ['info', '--db', db, '--json'], { encoding: 'utf8' }));
  return info.tables.prediction_records;
}

/** `processes` writers of `kind` at once on one new file: round trips per second over the slowest, and rows kept. */
async function measure(kind, processes) {
  const db = freshDb(`${kind.replace(':', '-')}-${processes}`);
  const started = process.hrtime.bigint();
  const results = await Promise.all(Array.from({ length: processes }, (_, w) => runJson(writer(kind, db, `w${w}`))));
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const slowest = Math.max(...results.map((r) => r.seconds));
  return { perSec: (processes * ROUNDS) / slowest, rows: completedRows(db), expected: processes * ROUNDS, wall };
}

let cached;
/** Every run once, shared by the entries below. */
async function results() {
  if (cached) return cached;
  for (const [file, how] of [[cli, 'make native-release'], [nativeBench, 'make native-release'], [node24, 'bash scripts/setup.sh --test-nodes']])
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run ${how}`);
  cached = {
    one: { sqlite: await measure('node:sqlite', 1), memory: await measure('memory', 1), native: await measure('native', 1) },
    four: { sqlite: await measure('node:sqlite', PROCESSES), native: await measure('native', PROCESSES) },
  };
  return cached;
}

const NATIVE = 'learnloop native (libsqlite3 library path)';
const SQLITE = 'learnloop npm on Node 24 (node:sqlite, the file in place)';
const MEMORY = 'learnloop npm on Node 24 (sqlite-wasm in memory, one save() at the end)';
const lost = (r) => (r.rows === r.expected ? `all ${r.rows.toLocaleString('en-US')} rows kept` : `${(r.expected - r.rows).toLocaleString('en-US')} of ${r.expected} rows LOST`);

/** The entries this file registers. */
export const benchmarks = [
  {
    name: 'Prediction round trips from one process (higher is better)',
    description:
      `recordPrediction then completePrediction (two write transactions) ${ROUNDS.toLocaleString('en-US')} times from one process on a ` +
      'new database file; round trips per second. node:sqlite and native commit each transaction to the file (WAL, ' +
      'synchronous=NORMAL); the in-memory backend writes the file once at the end.',
    baseline: NATIVE,
    unit: 'round trips/s',
    run: async () => {
      const r = (await results()).one;
      return [
        { impl: NATIVE, value: r.native.perSec, note: lost(r.native) },
        { impl: SQLITE, value: r.sqlite.perSec, note: lost(r.sqlite) },
        { impl: MEMORY, value: r.memory.perSec, note: `${lost(r.memory)}; not durable before save(), cannot share the file` },
      ];
    },
  },
  {
    name: `Prediction round trips from ${PROCESSES} processes on one file (higher is better)`,
    description:
      `${PROCESSES} processes at once, each ${ROUNDS.toLocaleString('en-US')} round trips on the same new file; total round trips per second ` +
      'over the slowest process, and whether every row is in the file afterwards. The in-memory backend cannot share a file ' +
      '(its save() refuses a file another process changed), so it is not in this table.',
    baseline: NATIVE,
    unit: 'round trips/s',
    run: async () => {
      const r = (await results()).four;
      return [
        { impl: NATIVE, value: r.native.perSec, note: lost(r.native) },
        { impl: SQLITE, value: r.sqlite.perSec, note: lost(r.sqlite) },
      ];
    },
  },
];
