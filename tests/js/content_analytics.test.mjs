// Content analytics in JS (sqlite-wasm) against the native CLI (libsqlite3) and the independent
// golden figures of tests/golden/content/: best time to post, virality, meta-learning scores;
// the npm bin prints the same bytes as the native CLI for besttime, virality and scores.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { LearnloopError, openDatabase } from '../../dist/node.js';
import { close, loadGolden, nativeCli, repoPath, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-content-'));
const native = nativeCli();
const golden = loadGolden('content/expected.json');
const TABLES = ['content_metadata', 'outcomes', 'retention_metrics'];

/** A database holding the golden history, written by the native CLI. */
function nativeGoldenDb(name) {
  const db = join(dir, name);
  for (const args of [['init', '--db', db], ...TABLES.map((t) => ['ingest', '--db', db, '--table', t, repoPath(`tests/golden/content/${t}.csv`)])]) {
    const r = runCli(native, args);
    assert.equal(r.status, 0, r.stderr);
  }
  return db;
}

const contentFile = (i) => {
  const path = join(dir, `content-${i}.json`);
  writeFileSync(path, JSON.stringify(golden.virality.cases[i].content));
  return path;
};

test('the npm bin prints the same bytes as the native CLI for besttime, virality and scores', () => {
  const db = nativeGoldenDb('bin.db');
  const cases = [
    ['besttime', '--db', db, '--platform', 'tiktok', '--json'],
    ['besttime', '--db', db, '--platform', 'instagram'],
    ['besttime', '--db', db, '--platform', 'myspace', '--json'],
    ['besttime', '--db', db, '--platform', 'tiktok', '--days', '0'],
    ['besttime', '--db', db],
    ['virality', '--db', db, '--content', contentFile(0), '--date', golden.end, '--days', '7', '--json'],
    ['virality', '--db', db, '--content', contentFile(1), '--date', golden.end, '--days', '7'],
    ['virality', '--db', db, '--content', join(dir, 'missing.json')],
    ['scores', '--db', db, '--json'],
    ['learn', '--db', db, '--date', golden.end, '--json'],
    ['besttime', '--db', db, '--platform', 'tiktok', '--json'],
    ['scores', '--db', db, '--json'],
    ['scores', '--db', db],
    ['scores', '--db', db, '--date', '2026-13-01'],
  ];
  const npmDb = join(dir, 'bin-npm.db');
  copyFileSync(db, npmDb);
  for (const args of cases) {
    const a = runCli(native, args);
    const b = runCli('npm-bin', args.map((x) => (x === db ? npmDb : x)));
    assert.deepEqual({ ...b, stdout: b.stdout.replaceAll(npmDb, 'DB') }, { ...a, stdout: a.stdout.replaceAll(db, 'DB') }, args.join(' '));
  }
  const bad = runCli('npm-bin', ['besttime', '--db', npmDb, '--platform', 'tiktok', '--days', '0']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'learnloop: error: --days must be in [1, 3660], got 0\n');
});

test('the store API returns the CLI JSON and matches the independent golden figures', async () => {
  const db = nativeGoldenDb('api.db');
  const cli = (args) => {
    const r = runCli(native, args);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const store = await openDatabase(db, { create: false });
  try {
    for (const [platform, want] of Object.entries(golden.best_time)) {
      const got = store.bestTimeToPost({ platform });
      assert.deepEqual(got, cli(['besttime', '--db', db, '--platform', platform, '--json']));
      assert.equal(got.status, want.status);
      assert.equal(got.sample_size, want.sample_size);
      assert.deepEqual(got.best_hours, want.best_hours);
      assert.deepEqual(got.best_days, want.best_days);
      for (const [h, rate] of Object.entries(want.hourly_performance)) assert.ok(close(got.hourly_performance[h], rate, 1e-6));
    }
    golden.virality.cases.forEach((c, i) => {
      const got = store.predictVirality(c.content, { date: golden.end, days: golden.virality.days });
      assert.deepEqual(got, cli(['virality', '--db', db, '--content', contentFile(i), '--date', golden.end, '--days', '7', '--json']));
      for (const [name, value] of Object.entries(c.components)) assert.ok(close(got.components[name].value, value, 1e-4), name);
      assert.ok(Math.abs(got.virality_score - c.virality_score) < 0.006);
    });
    const run = store.learn({ date: golden.end, today: '2026-11-23' });
    assert.ok(run.status === 'ok');
    const clusters = /** @type {import('learnloop').LearningReport & { retention: { clusters: Record<string, { features: Record<string, Array<{ value: string, lift: number }>> }> } }} */ (run.report).retention.clusters;
    for (const name of ['high', 'medium', 'low']) {
      for (const [feature, values] of Object.entries(golden.clusters[name].features)) {
        for (const v of clusters[name].features[feature]) assert.ok(close(v.lift, values[v.value].lift, 1e-4), `${name} ${feature} ${v.value}`);
      }
    }
    const scores = store.metaLearningScores();
    assert.equal(scores.count, golden.meta_scores.count);
    for (const s of scores.scores) {
      const w = golden.meta_scores.scores[s.content_id];
      assert.ok(close(s.overall_score, w.overall_score, 1e-6), s.content_id);
      assert.ok(Math.abs(s.virality_score - w.virality_score) < 1e-4, s.content_id);
    }
    assert.equal(store.bestTimeToPost({ platform: 'tiktok' }).method, 'timing_bandit_posterior');
  } finally {
    store.dispose();
  }
});

test('bad input is a LearnloopError naming what is wrong; too little data is an answer', async () => {
  const store = await openDatabase(join(dir, 'empty.db'));
  try {
    const expectError = (fn, pattern) =>
      assert.throws(fn, (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && pattern.test(e.message));
    // @ts-expect-error no platform, on purpose
    expectError(() => store.bestTimeToPost({}), /platform must be a non-empty string/);
    expectError(() => store.bestTimeToPost({ platform: 'tiktok', days: 0 }), /days/);
    expectError(() => store.bestTimeToPost({ platform: 'tiktok', date: '2026-02-30' }), /date/);
    expectError(() => store.predictVirality(null), /content must be an object/);
    // @ts-expect-error no quality_score, on purpose
    expectError(() => store.predictVirality({ platform: 'tiktok' }), /no quality_score/);
    expectError(() => store.predictVirality({ platform: 'tiktok', quality_score: 2 }), /quality_score is 2; expected a number in \[0, 1\]/);
    expectError(() => store.metaLearningScores({ date: 'soon' }), /date/);
    const empty = store.bestTimeToPost({ platform: 'tiktok' });
    assert.deepEqual([empty.status, empty.sample_size, empty.confidence], ['not_enough_data', 0, null]);
    assert.equal(store.predictVirality({ platform: 'tiktok', quality_score: 0.5 }).status, 'not_enough_data');
    assert.equal(store.metaLearningScores().count, 0);
  } finally {
    store.dispose();
  }
  assert.throws(() => store.bestTimeToPost({ platform: 'tiktok' }), (/** @type {LearnloopError} */ e) => e.code === 'disposed');
});
