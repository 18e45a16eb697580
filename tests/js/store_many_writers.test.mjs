// Many writers, nothing lost (issue 19, item 2): four Node processes on the node:sqlite backend and the
// native CLI write one database file at the same time (recordPrediction + completePrediction, writeMetrics,
// ingest, and `learn` for different dates from a Node process and from the native CLI); afterwards every row a writer saw committed is in the file, no other row is, and SQLite's
// integrity check passes. Node 20 has no node:sqlite: its in-memory store cannot share a file (it refuses
// to overwrite, see store_backend.test.mjs), so this test is skipped there with that reason.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openDatabase } from '../../dist/node.js';
import { nativeCli, noNodeSqlite, packageUrl, runModule, spawnCollecting as run } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-writers-'));
const native = nativeCli();
const WRITERS = 4;
const ROUNDS = 60;
const NATIVE_INGESTS = 15;

/**
 * One Node writer: per round a prediction recorded and completed, an outcome written, and every tenth round an
 * ingest of 5 outcomes; it prints what committed (a call that returned) and how many calls were refused busy.
 */
const writer = `
  const { openDatabase } = await import(${JSON.stringify(packageUrl)});
  const [path, name, rounds] = process.argv.slice(2);
  const s = await openDatabase(path, { create: false });
  const committed = { predictions: [], completed: [], outcomes: [] };
  let busy = 0;
  const attempt = (fn) => { try { fn(); return true; } catch (e) { if (e.code !== 'busy') throw e; busy++; return false; } };
  for (let i = 0; i < Number(rounds); i++) {
    const id = name + '-p' + i;
    if (attempt(() => s.recordPrediction({ prediction_id: id, predicted_ctr: 0.05, predicted_at: '2026-03-09T08:00:00Z' }))) {
      committed.predictions.push(id);
      if (attempt(() => s.completePrediction(id, { actual_ctr: 0.04, completed_at: '2026-03-09T20:00:00Z' }))) committed.completed.push(id);
    }
    const one = name + '-o' + i;
    if (attempt(() => s.writeMetrics('outcomes', { decision_id: one, impressions: i, collected_at: '2026-01-01' }))) committed.outcomes.push(one);
    if (i % 10 === 0) {
      const ids = [0, 1, 2, 3, 4].map((k) => name + '-i' + i + '-' + k);
      const csv = 'decision_id,impressions,collected_at\\n' + ids.map((x) => x + ',1,2026-01-02').join('\\n') + '\\n';
      if (attempt(() => s.ingest(csv, { table: 'outcomes' }))) committed.outcomes.push(...ids);
    }
  }
  s.dispose();
  console.log(JSON.stringify({ ...committed, busy }));`;

/** A Node process learning each of its date arguments in turn; prints the run statuses. */
const learner = `
  const { openDatabase } = await import(${JSON.stringify(packageUrl)});
  const [path, ...dates] = process.argv.slice(2);
  const s = await openDatabase(path, { create: false });
  const statuses = dates.map((date) => s.learn({ date }).status);
  s.dispose();
  console.log(JSON.stringify(statuses));`;

/** The native CLI learning each of `dates` in turn while the others write. */
async function nativeLearner(path, dates) {
  for (const date of dates) {
    const r = await run(native, ['learn', '--db', path, '--date', date]);
    assert.equal(r.status, 0, r.stderr);
  }
}

/** The native CLI ingesting `count` files of 5 outcomes one after another; resolves with the ids it committed. */
async function nativeWriter(path, count) {
  const committed = [];
  for (let j = 0; j < count; j++) {
    const ids = [0, 1, 2, 3, 4].map((k) => `native-${j}-${k}`);
    const csv = join(dir, `native-${j}.csv`);
    writeFileSync(csv, `decision_id,impressions,collected_at\n${ids.map((x) => `${x},2,2026-01-03`).join('\n')}\n`);
    const r = await run(native, ['ingest', '--db', path, '--table', 'outcomes', '--file', csv]);
    assert.equal(r.status, 0, r.stderr);
    committed.push(...ids);
  }
  return committed;
}

/** The rows of `sql` in the file at `path`, read by a separate process through node:sqlite. */
async function query(path, sql) {
  const r = await runModule(
    `const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
     const db = new DatabaseSync(process.argv[2], { readOnly: true });
     console.log(JSON.stringify(db.prepare(process.argv[3]).all())); db.close();`,
    [path, sql],
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test(`${WRITERS} Node processes and the native CLI write one file at once and nothing is lost`, { skip: noNodeSqlite() }, async () => {
  const path = join(dir, 'shared.db');
  const init = await openDatabase(path);
  assert.equal(init.backend, 'node:sqlite');
  init.dispose();
  const started = Date.now();
  const [nativeIds, , nodeLearned, ...results] = await Promise.all([
    nativeWriter(path, NATIVE_INGESTS),
    nativeLearner(path, ['2026-01-02', '2026-01-04']),
    runModule(learner, [path, '2026-01-01', '2026-01-03']),
    ...Array.from({ length: WRITERS }, (_, w) => runModule(writer, [path, `w${w}`, String(ROUNDS)])),
  ]);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(nodeLearned.status, 0, nodeLearned.stderr);
  assert.deepEqual(JSON.parse(nodeLearned.stdout), ['ok', 'ok']);
  const runs = await query(path, 'SELECT run_date FROM learning_runs ORDER BY run_date');
  assert.deepEqual(runs.map((r) => r.run_date), ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
  const committed = { predictions: [], completed: [], outcomes: [...nativeIds] };
  let busy = 0;
  for (const r of results) {
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    committed.predictions.push(...out.predictions);
    committed.completed.push(...out.completed);
    committed.outcomes.push(...out.outcomes);
    busy += out.busy;
  }
  // Short transactions never wait near the 5 s timeout here; a refused call would be reported, never lost.
  assert.equal(busy, 0);
  assert.equal(committed.outcomes.length, NATIVE_INGESTS * 5 + WRITERS * (ROUNDS + 5 * Math.ceil(ROUNDS / 10)));
  const outcomes = (await query(path, 'SELECT decision_id FROM outcomes ORDER BY decision_id')).map((r) => r.decision_id);
  assert.deepEqual(outcomes, [...committed.outcomes].sort());
  const predictions = await query(path, 'SELECT prediction_id, status FROM prediction_records ORDER BY prediction_id');
  assert.deepEqual(predictions.map((r) => r.prediction_id), [...committed.predictions].sort());
  assert.equal(predictions.filter((r) => r.status === 'completed').length, committed.completed.length);
  assert.deepEqual(await query(path, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  console.log(`# ${committed.outcomes.length + committed.predictions.length} rows from ${WRITERS + 1} processes in ${seconds.toFixed(1)} s, none lost`);
});
