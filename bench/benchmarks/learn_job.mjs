/**
 * The nightly learning job at scale: N outcomes (default 1,000,000, all inside the 7-day window)
 * with their content rows, written as CSV by this benchmark, ingested and learned by the native
 * CLI (libsqlite3) and by the npm package's bin (wasm + sqlite-wasm in memory on Node 20; wasm +
 * node:sqlite over the file on the pinned Node 24, build/tools/node-24) side by side. Wall
 * time and peak memory (max RSS of the process, from /usr/bin/time) per step. Spec 000's target for
 * the job is under 60 s. Set LEARNLOOP_BENCH_OUTCOMES for another size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LEARN_DATE, writeLearnJobData } from '../lib/learn_job_data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTCOMES = Number(process.env.LEARNLOOP_BENCH_OUTCOMES ?? 1_000_000);
const DATE = LEARN_DATE;
const dir = path.join(root, 'build/bench/learn_job');

/** The shared benchmark data, written under this benchmark's folder. */
const writeData = () => writeLearnJobData(dir, OUTCOMES);

/** Runs `argv` under /usr/bin/time; returns wall seconds and max RSS in MB. */
function measure(argv) {
  try {
    execFileSync('/usr/bin/time', ['-f', 'TIME %e %M', '-o', path.join(dir, 'time.txt'), ...argv], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  } catch (error) {
    throw new Error(`${argv.join(' ')} failed: ${String(error.stderr ?? error.message).slice(0, 500)}`);
  }
  const [, secs, kb] = execFileSync('tail', ['-1', path.join(dir, 'time.txt')], { encoding: 'utf8' }).trim().split(' ');
  return { seconds: Number(secs), peakMb: Number(kb) / 1024 };
}

/** init + ingest (content, outcomes) + learn with one CLI; per-step figures. */
function runWith(cli, name, files) {
  const db = path.join(dir, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  measure([...cli, 'init', '--db', db]);
  const ingestContent = measure([...cli, 'ingest', '--db', db, '--table', 'content_metadata', files.content]);
  const ingestOutcomes = measure([...cli, 'ingest', '--db', db, '--table', 'outcomes', files.outcomes]);
  const learn = measure([...cli, 'learn', '--db', db, '--date', DATE]);
  return { ingestContent, ingestOutcomes, learn };
}

let cached;
/** Both runs once, shared by the entries below. */
async function results() {
  if (cached) return cached;
  const files = await writeData();
  const native = path.join(root, 'build/native-release/bin/learnloop');
  if (!existsSync(native)) throw new Error('build/native-release/bin/learnloop is missing: run make native-release');
  const node24 = path.join(root, 'build/tools/node-24/bin/node');
  if (!existsSync(node24)) throw new Error('build/tools/node-24 is missing: run bash scripts/setup.sh --test-nodes');
  cached = {
    native: runWith([native], 'native', files),
    wasm: runWith([process.execPath, path.join(root, 'dist/cli.js')], 'wasm', files),
    wasm24: runWith([node24, path.join(root, 'dist/cli.js')], 'wasm-node24', files),
  };
  return cached;
}

const NATIVE = 'learnloop native (libsqlite3)';
const WASM = `learnloop wasm in Node ${process.versions.node.split('.')[0]} (sqlite-wasm in memory)`;
const WASM24 = 'learnloop wasm in Node 24 (node:sqlite, the file in place)';
const rows = OUTCOMES.toLocaleString('en-US');

/** The entries this file registers. */
export const benchmarks = [
  {
    name: `Learning job on ${rows} outcomes in the window (lower is better)`,
    description:
      `\`learnloop learn\` for one day over ${rows} outcomes joined with their content: both bandits, the engagement-rate ridge and ` +
      'the follow-through logistic model (80/20 split), snapshot, report, learning_runs row, one transaction. Wall time of the whole ' +
      'process (the npm bin on the in-memory backend includes reading the database into memory and saving it back; on node:sqlite it works on the file). Spec 000 target: under 60 s.',
    baseline: NATIVE,
    unit: 'seconds',
    run: async () => {
      const r = await results();
      return [
        { impl: NATIVE, value: r.native.learn.seconds, note: `peak ${r.native.learn.peakMb.toFixed(0)} MB` },
        { impl: WASM, value: r.wasm.learn.seconds, note: `peak ${r.wasm.learn.peakMb.toFixed(0)} MB (Node process)` },
        { impl: WASM24, value: r.wasm24.learn.seconds, note: `peak ${r.wasm24.learn.peakMb.toFixed(0)} MB (Node process)` },
      ];
    },
  },
  {
    name: `Ingest of ${rows} outcome rows from CSV (higher is better)`,
    description:
      '`learnloop ingest --table outcomes` of a CSV file: parse, type checks per column, one transaction. Rows per second of the whole ' +
      `process; content_metadata (${rows} rows) was ingested before it, figures in the note.`,
    baseline: NATIVE,
    unit: 'rows/sec',
    run: async () => {
      const r = await results();
      const rate = (m) => OUTCOMES / m.seconds;
      const note = (x) => `peak ${x.ingestOutcomes.peakMb.toFixed(0)} MB; content_metadata ${Math.round(rate(x.ingestContent)).toLocaleString('en-US')} rows/s`;
      return [
        { impl: NATIVE, value: rate(r.native.ingestOutcomes), note: note(r.native) },
        { impl: WASM, value: rate(r.wasm.ingestOutcomes), note: note(r.wasm) },
        { impl: WASM24, value: rate(r.wasm24.ingestOutcomes), note: note(r.wasm24) },
      ];
    },
  },
];
