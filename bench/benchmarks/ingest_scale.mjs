/**
 * Ingest alone, side by side with its peers, in interleaved rounds on the same files (issue 17, "ingest of 1M outcome
 * rows"): the outcomes CSV of the shared benchmark data (bench/lib/learn_job_data.mjs, N rows:
 * LEARNLOOP_BENCH_INGEST_ROWS, default 100,000; the issue's size is 1,000,000) loaded into a database holding only
 * their content, restored before every run: `learnloop ingest --table outcomes` natively and through the npm bin (in
 * this Node, and in Node 24 when build/tools/node-24 exists), the sqlite3 shell's `.import` + INSERT ... SELECT
 * (bench/peers/ingest_sqlite3.sh) and pandas read_csv + to_sql (bench/peers/ingest_pandas.py). Rows per second of
 * the whole process and its peak RSS (/usr/bin/time), medians of LEARNLOOP_BENCH_ROUNDS rounds (default 3); every
 * run must leave exactly N outcome rows. learn_scale.mjs measures the same ingest beside the learning job; this file
 * measures it without the learning job's runs, for quick checks of the ingest targets:
 *
 *   LEARNLOOP_BENCH_INGEST_ROWS=1000000 LEARNLOOP_BENCH_ONLY=ingest_scale node bench/run.mjs
 *
 * Measured on 2026-11-30 on 2 cores shared with five busy workers (load average 12-14: absolute figures are several
 * times slower than on a quiet machine, ratios less so). At 100,000 rows, the command above with
 * LEARNLOOP_BENCH_INGEST_ROWS=100000 LEARNLOOP_BENCH_ROUNDS=3 (before the npm package was built): native 18,180
 * rows/s, peak 15 MB; the sqlite3 shell 0.84x native (native = 1.19x the shell's rate); pandas 0.50x. At 1,000,000
 * rows, one round by hand (/usr/bin/time, same files): native 56.4 s, peak 15.5 MB; the sqlite3 shell 77.5 s
 * (native = 1.37x its rate); the CLI before streaming took 89.4 s at peak 358 MB. The npm bin at 100,000, one run
 * each beside native: Node 20 (sqlite-wasm in memory) 25.1 s = 3.4x native, peak 173 MB; Node 24 (node:sqlite)
 * 14.6 s = 2.1x native, peak 85 MB; its time goes to one JS adapter call per row, not to reading the file.
 *
 * After multi-row INSERTs (RowWriter: 64 rows per statement on SQLite, so one adapter call per 64 rows) and the
 * adapters' one-pass binds, measured 2026-11-30 on the same 2 cores, load average 8-10 (another worker's builds and
 * this branch's debug build running): at 1,000,000 rows, one round of
 *
 *   LEARNLOOP_BENCH_INGEST_ROWS=1000000 LEARNLOOP_BENCH_ROUNDS=1 LEARNLOOP_BENCH_ONLY=ingest_scale node bench/run.mjs
 *
 * (run with Node 20, build/tools/node-24 present): native 40.8 s (24,510 rows/s, peak 15 MB); npm bin on Node 24
 * (node:sqlite) 50.1 s = 1.23x native, peak 89 MB; npm bin on Node 20 (sqlite-wasm in memory) 70.8 s = 1.73x native,
 * peak 502 MB (the whole database in memory); the sqlite3 shell 49.5 s (native = 1.21x its rate); pandas 57.1 s.
 * A CPU profile of the Node 24 run (`--cpu-prof`, 100,000 rows) now has 41% in node:sqlite's run() (SQLite's own
 * insert) and 11% in COMMIT, the JS binding a few percent. Native itself got faster: 100,000 rows took 2.70-2.79 s
 * against 3.16-3.42 s before, interleaved by hand (/usr/bin/time, same files). At 100,000 rows, the command above
 * with LEARNLOOP_BENCH_INGEST_ROWS=100000 LEARNLOOP_BENCH_ROUNDS=3 (same load): native median 3.15 s (31,750 rows/s);
 * Node 24 4.71 s = 1.50x native; Node 20 6.97 s = 2.21x native (a fixed start of Node, the wasm module and, on
 * Node 20, loading the file into memory weighs more at this size); the sqlite3 shell 4.27 s; pandas 6.64 s.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { learnJobDatabases } from '../lib/learn_job_data.mjs';
import { measure as measureIn, median, restore } from '../lib/timed_process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = Number(process.env.LEARNLOOP_BENCH_INGEST_ROWS ?? 100_000);
const ROUNDS = Number(process.env.LEARNLOOP_BENCH_ROUNDS ?? 3);
// The same folder as learn_scale.mjs at the same size: the data is built once for both.
const dir = path.join(root, `build/bench/learn_scale/${ROWS}`);
const native = path.join(root, 'build/native-release/bin/learnloop');
const cliJs = path.join(root, 'dist/cli.js');
const node24 = path.join(root, 'build/tools/node-24/bin/node');
const NATIVE = 'learnloop native (libsqlite3)';

/** The contenders: label and argv for a database and the CSV. */
function contenders() {
  /** @type {{impl: string, argv: (db: string, csv: string) => string[]}[]} */
  const list = [{ impl: NATIVE, argv: (db, csv) => [native, 'ingest', '--db', db, '--table', 'outcomes', csv] }];
  if (existsSync(cliJs)) {
    const label = `learnloop npm bin, Node ${process.versions.node.split('.')[0]} (sqlite-wasm in memory)`;
    list.push({ impl: label, argv: (db, csv) => [process.execPath, cliJs, 'ingest', '--db', db, '--table', 'outcomes', csv] });
    if (existsSync(node24))
      list.push({ impl: 'learnloop npm bin, Node 24 (node:sqlite on the file)', argv: (db, csv) => [node24, cliJs, 'ingest', '--db', db, '--table', 'outcomes', csv] });
  }
  list.push({ impl: 'sqlite3 shell .import + INSERT ... SELECT', argv: (db, csv) => ['bash', 'bench/peers/ingest_sqlite3.sh', db, 'outcomes', csv] });
  list.push({ impl: 'pandas read_csv + to_sql', argv: (db, csv) => ['/usr/bin/python3', 'bench/peers/ingest_pandas.py', '--db', db, '--table', 'outcomes', csv] });
  return list;
}

/** The entries this file registers. */
export const benchmarks = [
  {
    name: `Ingest of ${ROWS.toLocaleString('en-US')} outcome rows, streamed, against the sqlite3 shell and pandas (higher is better)`,
    description:
      `\`learnloop ingest --table outcomes\` of the outcomes CSV (${ROWS.toLocaleString('en-US')} rows) into a database holding their content, ` +
      'against the sqlite3 shell and pandas, each in one transaction (the same restored file before every run). Rows per second of the whole ' +
      `process, medians of ${ROUNDS} interleaved rounds; the note gives the median peak RSS and each run.`,
    baseline: NATIVE,
    unit: 'rows/sec',
    run: async () => {
      if (!existsSync(native)) throw new Error('build/native-release/bin/learnloop is missing: run make native-release');
      const { files, contentOnly } = await learnJobDatabases(dir, ROWS, native);
      const list = contenders();
      const run = path.join(dir, 'ingest_run.db');
      /** @type {Record<string, {seconds: number[], peakMb: number[]}>} */
      const times = {};
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of list.map((_, i) => list[(i + round) % list.length])) {
          restore(contentOnly, run);
          const m = measureIn(c.argv(run, files.outcomes), { cwd: root, scratch: dir });
          (times[c.impl] ??= { seconds: [], peakMb: [] }).seconds.push(m.seconds);
          times[c.impl].peakMb.push(m.peakMb);
          const count = Number(execFileSync('sqlite3', [run, 'SELECT count(*) FROM outcomes'], { encoding: 'utf8' }).trim());
          if (count !== ROWS) throw new Error(`${c.impl} ingested ${count} outcome rows, expected ${ROWS}`);
        }
      }
      return Object.entries(times).map(([impl, t]) => ({
        impl,
        value: ROWS / median(t.seconds),
        note: `peak ${median(t.peakMb).toFixed(0)} MB (runs ${t.seconds.map((s) => s.toFixed(2)).join(', ')} s)`,
      }));
    },
  },
];
