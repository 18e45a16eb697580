/**
 * The learning job and ingest side by side with their peers, in interleaved rounds on the same files. A database of
 * N outcomes (LEARNLOOP_BENCH_SCALE_OUTCOMES, default 100,000 for a quick run; 1,000,000 for the figures) is
 * built once from the shared benchmark data (bench/lib/learn_job_data.mjs) with the native CLI; each round restores
 * that file before every run and runs, in a rotated order: `learnloop learn` natively, through the npm bin (wasm, in
 * this Node and in Node 24 when build/tools/node-24 exists) and the pandas + scikit-learn peer
 * (bench/peers/learn_pandas.py), natively as 2 shards at once plus their merge (bench/lib/learn_sharded.sh), and the
 * npm bin's floor on Node 24 (bench/lib/node_sqlite_window_reads.mjs: the job's reads stepped through node:sqlite
 * alone); then ingest of the outcomes CSV into a database holding only the content: natively,
 * through the npm bin, the sqlite3 shell's `.import` + INSERT ... SELECT (bench/peers/ingest_sqlite3.sh) and pandas
 * read_csv + to_sql (bench/peers/ingest_pandas.py). Medians over LEARNLOOP_BENCH_ROUNDS rounds (default 3), wall time
 * and peak RSS from /usr/bin/time. The peer's headline numbers are checked against learnloop's answer (the run fails
 * when they differ): the rows read, the bandit counts, the report summary, the best and worst performers, the
 * snapshot, the number of meta scores written, and the models' rows exactly; the models' held-out metrics within
 * 1e-3 (the peer applies learnloop's 80/20 split rule per content, so both hold out the same rows; its fits are
 * scikit-learn's lbfgs, which stop at another point near the same optimum).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LEARN_DATE, learnJobDatabases } from '../lib/learn_job_data.mjs';
import { measure as measureIn, median, restore } from '../lib/timed_process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTCOMES = Number(process.env.LEARNLOOP_BENCH_SCALE_OUTCOMES ?? 100_000);
const ROUNDS = Number(process.env.LEARNLOOP_BENCH_ROUNDS ?? 3);
const dir = path.join(root, `build/bench/learn_scale/${OUTCOMES}`);
/** @param {string[]} argv */
const measure = (argv) => measureIn(argv, { cwd: root, scratch: dir });
const python = '/usr/bin/python3';
const native = path.join(root, 'build/native-release/bin/learnloop');
const cliJs = path.join(root, 'dist/cli.js');
const node24 = path.join(root, 'build/tools/node-24/bin/node');
/**
 * How far a held-out metric of the peer's model may be from learnloop's: the same rows on both sides (learnloop's split
 * rule per content), fitted to the same objective by different solvers (Newton, lbfgs, whose default tolerance stops
 * it earlier).
 */
const MODEL_TOLERANCE = 1e-3;



/** The two base databases (all data; content only) and the CSVs, built once per size. */
async function prepare() {
  if (!existsSync(native)) throw new Error('build/native-release/bin/learnloop is missing: run make native-release');
  return learnJobDatabases(dir, OUTCOMES, native);
}

/** The implementations of each task: label and the argv for a database (and a CSV for ingest). */
function contenders() {
  const npm = existsSync(cliJs);
  const learn = [
    { impl: 'learnloop native (libsqlite3)', argv: (/** @type {string} */ db) => [native, 'learn', '--db', db, '--date', LEARN_DATE, '--json'] },
    // Peak RSS of this entry is its largest process's (GNU time reports the children's maximum).
    { impl: 'learnloop native, 2 shards at once + merge', argv: (/** @type {string} */ db) => ['bash', 'bench/lib/learn_sharded.sh', native, db, LEARN_DATE, '2'] },
  ];
  const ingest = [{ impl: 'learnloop native (libsqlite3)', argv: (/** @type {string} */ db, /** @type {string} */ csv) => [native, 'ingest', '--db', db, '--table', 'outcomes', csv] }];
  if (npm) {
    const label = `learnloop npm bin, Node ${process.versions.node.split('.')[0]} (sqlite-wasm in memory)`;
    learn.push({ impl: label, argv: (db) => [process.execPath, cliJs, 'learn', '--db', db, '--date', LEARN_DATE, '--json'] });
    ingest.push({ impl: label, argv: (db, csv) => [process.execPath, cliJs, 'ingest', '--db', db, '--table', 'outcomes', csv] });
    if (existsSync(node24)) {
      const label24 = 'learnloop npm bin, Node 24 (node:sqlite on the file)';
      learn.push({ impl: label24, argv: (db) => [node24, cliJs, 'learn', '--db', db, '--date', LEARN_DATE, '--json'] });
      learn.push({
        impl: "node:sqlite alone, Node 24: stepping the job's reads (the npm bin's floor)",
        argv: (db) => [node24, 'bench/lib/node_sqlite_window_reads.mjs', '--db', db, '--date', LEARN_DATE],
      });
      ingest.push({ impl: label24, argv: (db, csv) => [node24, cliJs, 'ingest', '--db', db, '--table', 'outcomes', csv] });
    }
  }
  learn.push({ impl: 'pandas + scikit-learn peer', argv: (db) => [python, 'bench/peers/learn_pandas.py', '--db', db, '--date', LEARN_DATE] });
  ingest.push({ impl: 'sqlite3 shell .import + INSERT ... SELECT', argv: (db, csv) => ['bash', 'bench/peers/ingest_sqlite3.sh', db, 'outcomes', csv] });
  ingest.push({ impl: 'pandas read_csv + to_sql', argv: (db, csv) => [python, 'bench/peers/ingest_pandas.py', '--db', db, '--table', 'outcomes', csv] });
  return { learn, ingest, npm };
}


/**
 * Differences between the peer's headline numbers and learnloop's answer (+ its meta score count); [] when they agree.
 * @param {any} ours learnloop learn --json
 * @param {number} ourMetaScores rows of meta_learning_scores learnloop wrote for the date
 * @param {any} peer bench/peers/learn_pandas.py's line
 */
export function headlineDifferences(ours, ourMetaScores, peer) {
  /** @type {string[]} */
  const diffs = [];
  const same = (/** @type {string} */ what, /** @type {unknown} */ a, /** @type {unknown} */ b) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: learnloop ${JSON.stringify(a)}, peer ${JSON.stringify(b)}`);
  };
  same('outcomes_read', ours.outcomes_read, peer.outcomes_read);
  same('new_outcomes', ours.new_outcomes, peer.new_outcomes);
  const arms = Object.fromEntries((ours.bandits.content?.arms ?? []).map((/** @type {any} */ a) => [a.arm, [a.successes, a.pulls]]));
  const sorted = (/** @type {Record<string, unknown>} */ o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  same('content bandit [successes, pulls]', sorted(arms), sorted(peer.content_bandit));
  same('content arms', Object.keys(arms).sort(), Object.keys(peer.content_bandit).sort());
  for (const best of ours.bandits.timing?.best_hours ?? []) same(`timing bandit ${best.arm}`, [best.successes, best.pulls], peer.timing_bandit[best.arm]);
  same('hours tried', ours.bandits.timing?.hours_tried, Object.keys(peer.timing_bandit).length);
  for (const key of ['content_analyzed', 'impressions', 'engagements', 'avg_engagement_rate', 'followers_gained', 'avg_retention'])
    same(`report summary ${key}`, ours.report.summary[key], peer.summary[key]);
  same('best performers', ours.report.best_performers.map((/** @type {any} */ p) => p.decision_id), peer.best_performers);
  same('worst performers', ours.report.worst_performers.map((/** @type {any} */ p) => p.decision_id), peer.worst_performers);
  same('snapshot content', ours.snapshot.total_content_analyzed, peer.snapshot.total_content_analyzed);
  same('snapshot engagement', ours.snapshot.avg_engagement_rate, peer.snapshot.avg_engagement_rate);
  same('snapshot best ids', ours.snapshot.best_content_ids, peer.snapshot.best_content_ids);
  same('meta scores written', ourMetaScores, peer.meta_scores);
  /** @type {[string, string[]][]} */
  const checked = [['engagement_rate', ['r2', 'mae']], ['follow_through', ['accuracy', 'roc_auc', 'log_loss']]];
  for (const [name, metrics] of checked) {
    const m = ours.models[name];
    const p = peer.models[name];
    same(`${name} rows`, [m.train_rows, m.test_rows], [p.train_rows, p.test_rows]);
    const tolerance = MODEL_TOLERANCE;
    for (const k of metrics) {
      if (!(Math.abs(m.test[k] - p.test[k]) <= tolerance)) diffs.push(`${name} test ${k}: learnloop ${m.test[k]}, peer ${p.test[k]} (tolerance ${tolerance.toFixed(4)})`);
    }
  }
  return diffs;
}

/** @type {{learnTimes: Record<string, {seconds: number[], peakMb: number[]}>, ingestTimes: Record<string, {seconds: number[], peakMb: number[]}>} | undefined} */
let cached;
/** Every round once, shared by the two entries. */
async function results() {
  if (cached) return cached;
  const { files, full, contentOnly } = await prepare();
  const { learn, ingest } = contenders();
  const run = path.join(dir, 'run.db');
  /** @type {Record<string, {seconds: number[], peakMb: number[]}>} */
  const learnTimes = {};
  /** @type {Record<string, {seconds: number[], peakMb: number[]}>} */
  const ingestTimes = {};
  let check = '';
  for (let round = 0; round < ROUNDS; round++) {
    // Rotated each round, so no contender always runs first (or right after the slowest).
    const rotate = (/** @type {any[]} */ list) => list.map((_, i) => list[(i + round) % list.length]);
    for (const c of rotate(learn)) {
      restore(full, run);
      const m = measure(c.argv(run));
      (learnTimes[c.impl] ??= { seconds: [], peakMb: [] }).seconds.push(m.seconds);
      learnTimes[c.impl].peakMb.push(m.peakMb);
      if (round === 0 && c === learn[0]) {
        const ours = JSON.parse(m.stdout.trim().split('\n').pop() ?? '');
        const metaScores = Number(execFileSync('sqlite3', [run, `SELECT count(*) FROM meta_learning_scores WHERE computed_at = '${LEARN_DATE}'`], { encoding: 'utf8' }).trim());
        check = JSON.stringify({ ours, metaScores });
      }
      if (round === 0 && c === learn[learn.length - 1]) check += `\n${m.stdout.trim().split('\n').pop()}`;
    }
    for (const c of rotate(ingest)) {
      restore(contentOnly, run);
      const m = measure(c.argv(run, files.outcomes));
      (ingestTimes[c.impl] ??= { seconds: [], peakMb: [] }).seconds.push(m.seconds);
      ingestTimes[c.impl].peakMb.push(m.peakMb);
      const count = Number(execFileSync('sqlite3', [run, 'SELECT count(*) FROM outcomes'], { encoding: 'utf8' }).trim());
      if (count !== OUTCOMES) throw new Error(`${c.impl} ingested ${count} outcome rows, expected ${OUTCOMES}`);
    }
  }
  const [oursLine, peerLine] = check.split('\n');
  const { ours, metaScores } = JSON.parse(oursLine);
  const diffs = headlineDifferences(ours, metaScores, JSON.parse(peerLine));
  if (diffs.length) throw new Error(`the pandas peer's headline numbers differ from learnloop's:\n  ${diffs.join('\n  ')}`);
  cached = { learnTimes, ingestTimes };
  return cached;
}

const rows = OUTCOMES.toLocaleString('en-US');
/** @param {{seconds: number[], peakMb: number[]}} t */
const note = (t) => `peak ${median(t.peakMb).toFixed(0)} MB (median of ${t.seconds.length}; runs ${t.seconds.map((s) => s.toFixed(2)).join(', ')} s)`;

/** The entries this file registers. */
export const benchmarks = [
  {
    name: `Learning job at scale, ${rows} outcomes, against a pandas peer (lower is better)`,
    description:
      `\`learnloop learn --json\` over ${rows} outcomes (the same restored SQLite file before every run) against bench/peers/learn_pandas.py, ` +
      `which does the same work with pandas and scikit-learn (window SQL, bandits, ridge and logistic fits, report, snapshot, meta scores, ` +
      `writes in one transaction); its headline numbers are checked against learnloop's. "node:sqlite alone" is no contender but the npm bin's floor on Node 24: ` +
      `the rows the job reads (window, content, the day's rates), stepped through node:sqlite as its adapter steps them and nothing more ` +
      `(bench/lib/node_sqlite_window_reads.mjs). Medians of ${ROUNDS} interleaved rounds; wall time of the process.`,
    baseline: 'learnloop native (libsqlite3)',
    unit: 'seconds',
    run: async () => {
      const r = await results();
      return Object.entries(r.learnTimes).map(([impl, t]) => ({ impl, value: median(t.seconds), note: note(t) }));
    },
  },
  {
    name: `Ingest of ${rows} outcome rows against the sqlite3 shell and pandas (higher is better)`,
    description:
      `Loading the outcomes CSV (${rows} rows) into a database that holds their content: \`learnloop ingest --table outcomes\`, the sqlite3 shell's ` +
      '`.import` into a staging table + one INSERT ... SELECT (bench/peers/ingest_sqlite3.sh), and pandas read_csv + to_sql (bench/peers/ingest_pandas.py), ' +
      `each in one transaction. Rows per second of the whole process, medians of ${ROUNDS} interleaved rounds.`,
    baseline: 'learnloop native (libsqlite3)',
    unit: 'rows/sec',
    run: async () => {
      const r = await results();
      return Object.entries(r.ingestTimes).map(([impl, t]) => ({ impl, value: OUTCOMES / median(t.seconds), note: note(t) }));
    },
  },
];
