// The metrics store in JS (sqlite-wasm) against the native CLI (libsqlite3): one file format, the
// same learning job, the same JSON; plus the JS API's checks and the golden report.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { LearnloopError, openDatabase } from '../../dist/node.js';
import { close, loadGolden, nativeCli, repoPath, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-store-'));
const native = nativeCli();
const DATE = '2026-11-22';

/** A demo database written by the native CLI (90 days, seed 42). */
function nativeDemo(name) {
  const path = join(dir, name);
  const r = runCli(native, ['demo', '--db', path, '--date', DATE, '--days', '30']);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

const golden = loadGolden('store/expected.json');
const goldenCsv = (table) => readFileSync(repoPath(`tests/golden/store/${table}.csv`), 'utf8');

test('a database written by the native CLI opens in Node and reports the same JSON', async () => {
  const path = nativeDemo('native.db');
  const expected = runCli(native, ['report', '--db', path, '--date', DATE, '--json']);
  assert.equal(expected.status, 0, expected.stderr);
  const store = await openDatabase(path, { create: false });
  try {
    assert.deepEqual(store.report(DATE), JSON.parse(expected.stdout));
    assert.equal(store.readMetrics('outcomes', { limit: 3 }).length, 3);
    const snapshots = store.readDailySnapshots('2026-11-01', DATE);
    assert.equal(snapshots.length, 1);
    assert.ok(snapshots[0].insights.length >= 2);
  } finally {
    store.dispose();
  }
});

test('learn on copies of one database gives the same JSON natively, in the npm bin and through the API', async () => {
  const path = nativeDemo('learn.db');
  const copies = ['a', 'b', 'c'].map((s) => {
    const p = join(dir, `learn-${s}.db`);
    copyFileSync(path, p);
    return p;
  });
  const args = (p) => ['learn', '--db', p, '--date', '2026-11-21', '--json'];
  const a = runCli(native, args(copies[0]));
  const b = runCli('npm-bin', args(copies[1]));
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  const store = await openDatabase(copies[2]);
  try {
    assert.deepEqual(store.learn({ date: '2026-11-21', today: '2026-11-23' }), JSON.parse(a.stdout));
    store.save();
  } finally {
    store.dispose();
  }
  // The npm bin's and the API's saved files are read back by the native CLI with the same history.
  const history = (p) => runCli(native, ['history', '--db', p, '--days', '3', '--today', DATE, '--json']).stdout;
  assert.equal(history(copies[1]), history(copies[0]));
  assert.equal(history(copies[2]), history(copies[0]));
});

test('the npm bin runs init, ingest, learn, report and history like the native CLI', () => {
  const outputs = {};
  for (const which of [native, 'npm-bin']) {
    const db = join(dir, `bin-${which === native ? 'native' : 'npm'}.db`);
    const steps = [['init', '--db', db]];
    for (const t of ['content_metadata', 'outcomes', 'retention_metrics'])
      steps.push(['ingest', '--db', db, '--table', t, repoPath(`tests/golden/store/${t}.csv`)]);
    // Again: every row now breaks the primary key, so the command lists lines and writes nothing.
    steps.push(['ingest', '--db', db, '--table', 'outcomes', repoPath('tests/golden/store/outcomes.csv')]);
    steps.push(['learn', '--db', db, '--date', golden.date, '--json'], ['report', '--db', db, '--date', golden.date],
      ['history', '--db', db, '--days', '30', '--today', golden.date]);
    outputs[which === native ? 'native' : 'npm'] = steps.map((s) => {
      const r = runCli(which, s);
      return `${r.status}|${r.stdout.replaceAll(db, 'DB')}|${r.stderr}`;
    });
  }
  assert.deepEqual(outputs.npm, outputs.native);
  assert.match(outputs.native[4], /^2\|\|learnloop: error: .*outcomes\.csv: 55 of 55 rows are bad; nothing was written.*\n {2}line 2: UNIQUE constraint failed: outcomes\.decision_id, outcomes\.collected_at/s);
  const learned = JSON.parse(outputs.native[5].split('|')[1]);
  assert.equal(learned.report.summary.content_analyzed, golden.summary.content_analyzed);
});

test('the learning report in JS matches the independent golden', async () => {
  const store = await openDatabase(join(dir, 'golden.db'));
  try {
    for (const t of ['content_metadata', 'outcomes', 'retention_metrics']) store.ingest(goldenCsv(t), { table: t });
    const run = store.learn({ date: golden.date, today: '2026-11-23' });
    assert.ok(run.status === 'ok');
    /** @typedef {{ content_type: string, posts: number, avg_engagement_rate: number }} TypeRow */
    const report = /** @type {import('../../dist/node.js').LearningReport & { summary: Record<string, number>, engagement: { by_content_type: TypeRow[] },
      best_performers: Array<{ decision_id: string }>, worst_performers: Array<{ decision_id: string }> }} */ (run.report);
    assert.equal(report.summary.impressions, golden.summary.impressions);
    assert.equal(report.summary.engagements, golden.summary.engagements);
    assert.ok(close(report.summary.avg_engagement_rate, golden.summary.avg_engagement_rate, 1e-6));
    assert.deepEqual(report.engagement.by_content_type.map((g) => [g.content_type, g.posts]),
      golden.by_content_type.map((g) => [g.content_type, g.posts]));
    report.engagement.by_content_type.forEach((g, i) => assert.ok(close(g.avg_engagement_rate, golden.by_content_type[i].avg_engagement_rate, 1e-6)));
    const findings = /** @type {Record<string, { status: string, best: string, runner_up: string, chance_beats_runner_up: number }>} */ (
      /** @type {{ findings: unknown }} */ (run.report).findings);
    for (const what of ['content_type', 'hour', 'platform']) {
      const want = golden.findings[what];
      assert.deepEqual([findings[what].status, findings[what].best, findings[what].runner_up], [want.status, want.best, want.runner_up], what);
      assert.ok(close(findings[what].chance_beats_runner_up, want.chance_beats_runner_up, 1e-4), what);
    }
    assert.deepEqual(report.best_performers.map((p) => p.decision_id), golden.best_performers);
    assert.deepEqual(report.worst_performers.map((p) => p.decision_id), golden.worst_performers);
    for (const arm of /** @type {{ content: { arms: Array<{ arm: string, successes: number, failures: number }> } }} */ (run.bandits).content.arms) {
      assert.equal(arm.successes, golden.content_arms[arm.arm].successes);
      assert.equal(arm.failures, golden.content_arms[arm.arm].failures);
    }
    assert.equal(run.snapshot.total_content_analyzed, golden.snapshot.total_content_analyzed);
    const before = store.export();
    const again = store.learn({ date: golden.date, today: '2026-11-23' });
    assert.ok(again.status === 'already_learned');
    assert.deepEqual(again.run, { date: golden.date, outcomes_read: run.outcomes_read });
    assert.match(again.message, /already committed; it is kept/);
    assert.deepEqual(store.export(), before);
    const forced = store.learn({ date: golden.date, today: '2026-11-23', force: true });
    assert.ok(forced.status === 'ok');
    assert.deepEqual(forced.report, run.report);
  } finally {
    store.dispose();
  }
});

test('bad input is a LearnloopError that says what is wrong, and nothing is written', async () => {
  const path = join(dir, 'bad.db');
  const store = await openDatabase(path);
  try {
    const expectError = (fn, code, pattern) =>
      assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && pattern.test(e.message));
    expectError(() => store.writeMetrics('nope', { content_id: 'a' }), 'invalid_argument', /unknown metric table 'nope'; expected one of/);
    expectError(() => store.writeMetrics('outcomes', [{ decision_id: 'a', impressions: 5, collected_at: '2026-01-01' },
      { decision_id: 'b', impressions: 'many', collected_at: '2026-01-01' }]), 'invalid_argument', /record 2: column 'impressions'/);
    assert.equal(store.readMetrics('outcomes').length, 0);
    expectError(() => store.ingest('decision_id,impressions,collected_at\na,1,2026-01-01\nb,x,2026-01-01\n', { table: 'outcomes' }),
      'invalid_argument', /line 3: column 'impressions': 'x' is not an integer/);
    assert.equal(store.readMetrics('outcomes').length, 0);
    const skipped = store.ingest('decision_id,impressions,collected_at\na,1,2026-01-01\nb,x,2026-01-01\n', { table: 'outcomes', skipBad: true });
    assert.deepEqual([skipped.rows_written, skipped.bad_rows.length], [1, 1]);
    expectError(() => store.learn({ date: '2030-01-01', today: '2026-11-23' }), 'invalid_argument', /in the future/);
    expectError(() => store.learn({ date: '2026-02-30' }), 'invalid_argument', /is not a date/);
    assert.equal(store.report('2020-01-01').status, 'no_data');
    expectError(() => store.writeMetrics('outcomes', null), 'invalid_argument', /must be an object/);
    store.save();
  } finally {
    store.dispose();
  }
  assert.throws(() => store.readMetrics('outcomes'), (/** @type {LearnloopError} */ e) => e.code === 'disposed');
  // A database from a newer learnloop (user_version in header bytes 60-63) is refused.
  const bytes = readFileSync(path);
  bytes.writeUInt32BE(99, 60);
  const newer = join(dir, 'newer.db');
  writeFileSync(newer, bytes);
  await assert.rejects(openDatabase(newer), (/** @type {LearnloopError} */ e) => e.code === 'unsupported_version' && /schema version 99/.test(e.message));
  const r = runCli(native, ['report', '--db', newer, '--date', DATE]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /schema version 99, newer than this learnloop reads/);
  await assert.rejects(openDatabase(join(dir, 'missing.db'), { create: false }), (/** @type {LearnloopError} */ e) => e.code === 'not_found' && /no such database/.test(e.message));
  writeFileSync(join(dir, 'text.db'), 'this is not sqlite, just text that is long enough to have a header');
  await assert.rejects(openDatabase(join(dir, 'text.db')), (/** @type {Error} */ e) => /file is not a database/.test(e.message));
  assert.ok(!existsSync(join(dir, 'missing.db')));
});

test('a demo generated in JS is the same database the native CLI generates', async () => {
  const path = join(dir, 'js-demo.db');
  const store = await openDatabase(path);
  let calls = 0;
  try {
    const counts = store.generateDemo({ endDate: DATE, days: 30, onProgress: () => calls++ });
    assert.deepEqual(counts, { content: 720, outcomes: 720, retention: 720, engagement: 720, embeddings: 720, creative_metrics: 256 });
    store.learn({ date: DATE, today: '2026-11-23' });
    store.save();
  } finally {
    store.dispose();
  }
  assert.equal(calls, 30);
  const nativePath = nativeDemo('native-twin.db');
  const report = (p) => runCli(native, ['report', '--db', p, '--date', DATE, '--json']).stdout;
  assert.equal(report(path), report(nativePath));
});

test('accuracy tracking and check_and_retrain give the same answers in JS, the npm bin and the native CLI', async () => {
  const path = join(dir, 'retrain.db');
  const store = await openDatabase(path);
  try {
    let state = 11;
    const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < 120; i++) {
      const quality = next();
      const hook = ['question', 'story', 'list'][i % 3];
      const truth = 0.02 + 0.04 * quality + 0.01 * (i % 3) + 0.002 * (next() - 0.5);
      store.recordPrediction({ prediction_id: `p${i}`, hook_type: hook, predicted_ctr: truth + 0.05, features: { quality, hook_type: hook },
        predicted_at: '2026-03-09T08:00:00Z' });
      store.completePrediction(`p${i}`, { actual_ctr: truth, completed_at: `2026-03-09T20:${String(i % 60).padStart(2, '0')}:00Z` });
    }
    assert.throws(() => store.completePrediction('nope', { actual_ctr: 0.1, completed_at: '2026-03-09' }), (/** @type {LearnloopError} */ e) => e.code === 'not_found');
    const accuracy = store.predictionAccuracy({ now: '2026-03-10T00:00:00Z' });
    assert.equal(accuracy.total_predictions, 120);
    assert.ok(close(accuracy.ctr_mae, 0.05, 1e-9));
    store.save();
  } finally {
    store.dispose();
  }
  const args = (db) => ['retrain', '--db', db, '--now', '2026-03-10T02:00:00Z', '--json'];
  const copies = ['n', 'b', 'j'].map((s) => {
    const p = join(dir, `retrain-${s}.db`);
    copyFileSync(path, p);
    return p;
  });
  const a = runCli(native, args(copies[0]));
  const b = runCli('npm-bin', args(copies[1]));
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  const result = JSON.parse(a.stdout);
  assert.equal(result.status, 'retrained');
  assert.equal(result.trigger, 'no_model');
  assert.equal(result.promoted, true);
  const js = await openDatabase(copies[2]);
  try {
    assert.deepEqual(js.checkAndRetrain({ now: '2026-03-10T02:00:00Z' }), result);
    assert.equal(js.latestModel('ctr').model_id, result.model_id);
    assert.equal(js.latestModel('ctr', 'someone').model_id, result.model_id);
    assert.throws(() => js.latestModel('roas'), (/** @type {LearnloopError} */ e) => e.code === 'not_found');
  } finally {
    js.dispose();
  }
  const again = JSON.parse(runCli(native, args(copies[0])).stdout);
  assert.equal(again.status, 'retrained');  // the predictions were still 0.05 off: MAE above 0.02
  assert.equal(again.trigger, 'accuracy');
  assert.equal(typeof again.promoted, 'boolean');
});

test('the embeddings table: the demo writes it, search --db answers the same natively, in the npm bin and in JS', async () => {
  const path = nativeDemo('embeddings.db');
  const queries = join(dir, 'q8.fvecs');
  const buffer = Buffer.alloc(2 * (4 + 32 * 4));
  for (let q = 0; q < 2; q++) {
    buffer.writeInt32LE(32, q * 132);
    for (let d = 0; d < 32; d++) buffer.writeFloatLE(Math.sin(q * 7 + d), q * 132 + 4 + d * 4);
  }
  writeFileSync(queries, buffer);
  const args = ['search', '--db', path, '--type', 'TEXT_CAPTION', '--queries', queries, '-k', '5', '--json'];
  const a = runCli(native, args);
  const b = runCli('npm-bin', args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  const expected = JSON.parse(a.stdout);
  const store = await openDatabase(path);
  try {
    const index = store.loadEmbeddingIndex('TEXT_CAPTION');
    try {
      const hits = index.search('TEXT_CAPTION', Float32Array.from({ length: 32 }, (_, d) => Math.sin(d)), { k: 5 });
      assert.deepEqual(hits.map((h) => h.id), expected.results[0].ids);
      assert.equal(hits[0].metadata.content_type !== undefined, true);
      index.delete('TEXT_CAPTION', hits[0].id);
      store.saveEmbeddings(index, 'TEXT_CAPTION');
      const again = store.loadEmbeddingIndex('TEXT_CAPTION');
      assert.equal(again.count('TEXT_CAPTION'), index.count('TEXT_CAPTION'));
      again.dispose();
    } finally {
      index.dispose();
    }
    assert.throws(() => store.loadEmbeddingIndex('NOPE'), (/** @type {LearnloopError} */ e) => e.code === 'not_found' && /no rows of type 'NOPE'/.test(e.message));
  } finally {
    store.dispose();
  }
});

test('overview() gives the JSON of `learnloop info`, and an empty database says so', async () => {
  const path = nativeDemo('overview.db');
  const expected = runCli(native, ['info', '--db', path, '--json']);
  assert.equal(expected.status, 0, expected.stderr);
  const store = await openDatabase(path, { create: false });
  try {
    const overview = store.overview();
    assert.deepEqual(overview, JSON.parse(expected.stdout));
    assert.equal(overview.outcomes.last_day, DATE);
    assert.equal(overview.empty, false);
  } finally {
    store.dispose();
  }
  const empty = await openDatabase(join(dir, 'empty-overview.db'));
  try {
    assert.equal(empty.overview().empty, true);
    assert.equal(empty.overview().latest_run, null);
  } finally {
    empty.dispose();
  }
});
