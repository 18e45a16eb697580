// learnJob on records (no database) in JS against the native CLI's `learn --records` and against
// the store's own job on a database holding the same rows; bad records are refused clearly.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError, openDatabase } from '../../dist/node.js';
import { nativeCli, repoPath, runCli } from './helpers.mjs';

const ll = await init();
const native = nativeCli();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-learn-job-'));
const golden = (name) => repoPath(`tests/golden/store/${name}`);
const jsonl = (name) => readFileSync(golden(name), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const records = jsonl('records.jsonl');
const retention = jsonl('retention.jsonl');
const DAYS = ['2026-03-12', '2026-03-14'];

test('learnJob gives the native CLI\'s answer day after day, and the npm bin prints the same bytes', () => {
  const nativeState = join(dir, 'native-state.json');
  const binState = join(dir, 'bin-state.json');
  let state = null;
  for (const date of DAYS) {
    const args = (statePath) => ['learn', '--records', golden('records.jsonl'), '--retention', golden('retention.jsonl'), '--state', statePath,
      '--date', date, '--json'];
    const a = runCli(native, args(nativeState));
    const b = runCli('npm-bin', args(binState));
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.stdout, a.stdout);
    const result = ll.learnJob({ records, retention, state, date, today: '2026-11-23' });
    assert.deepEqual(result, JSON.parse(a.stdout));
    assert.deepEqual(JSON.parse(readFileSync(nativeState, 'utf8')), result.state);
    state = result.state;
  }
  assert.equal(state.through, '2026-03-14');
});

test('learnJob equals MetricsStore.learn() on a database holding the same rows', async () => {
  const store = await openDatabase(join(dir, 'same-rows.db'));
  try {
    for (const table of ['content_metadata', 'outcomes', 'retention_metrics'])
      store.ingest(readFileSync(golden(`${table}.csv`), 'utf8'), { table });
    let state = null;
    for (const date of DAYS) {
      const fromStore = store.learn({ date, today: '2026-11-23' });
      const { state: next, model_documents: documents, ...fromRecords } = ll.learnJob({ records, retention, state, date, today: '2026-11-23' });
      assert.deepEqual(fromRecords, fromStore);
      assert.deepEqual(documents.engagement_rate, JSON.parse(store.latestModel('engagement_rate').document));
      state = next;
    }
  } finally {
    store.dispose();
  }
});

test('learnJob refuses bad records, naming the record and the field', () => {
  const refused = (input, pattern) =>
    assert.throws(() => ll.learnJob(input), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && pattern.test(e.message));
  const without = records.map((r, i) => (i === 3 ? { ...r, impressions: undefined } : r));
  refused({ records: without }, /^records\[3\]\.impressions: missing \(expected a number >= 0\)$/);
  refused({ records: [{ ...records[0], likes: 'lots' }] }, /^records\[0\]\.likes: expected a number >= 0, got "lots"$/);
  refused({ records: [records[0], records[0]] }, /duplicate of records\[0\]/);
  refused({ records, state: { through: 'soon' } }, /^state\.through/);
  refused({ records, date: '2999-01-01' }, /in the future/);
  refused({ records: [] }, /records is empty/);
  refused({ records: 'nope' }, /needs \{records: \[\.\.\.\]\}/);
  refused(null, /needs \{records/);
});

test('learnJob: a one-platform account gets both models; a run whose models cannot be fitted is partial (CLI exit 3)', () => {
  const onePlatform = records.map((r) => ({ ...r, platform: 'tiktok' }));
  const ok = ll.learnJob({ records: onePlatform, windowDays: 30, today: '2026-11-23' });
  assert.equal(ok.status, 'ok');
  assert.deepEqual(ok.problems, []);
  const models = ok.models;
  const documents = ok.model_documents;
  for (const name of /** @type {const} */ (['engagement_rate', 'follow_through'])) {
    assert.equal(models[name].status, 'trained', JSON.stringify(models[name]));
    assert.deepEqual(documents[name]?.dropped, ['platform=tiktok']);
  }
  const unlearnable = onePlatform.map((r) => ({
    ...r, decision_type: 'single', bandit_arm: 'meme_single', quality_score: 0.5, posted_at: `${r.posted_at.slice(0, 11)}08:00:00Z`,
  }));
  const partial = ll.learnJob({ records: unlearnable, windowDays: 30, today: '2026-11-23' });
  assert.equal(partial.status, 'partial');
  assert.deepEqual(partial.problems.map((p) => p.part), ['models.engagement_rate', 'models.follow_through']);
  assert.match(partial.problems[0].reason, /every feature is constant/);
  assert.equal(partial.report.status, 'partial');
  const file = join(dir, 'unlearnable.jsonl');
  writeFileSync(file, unlearnable.map((r) => JSON.stringify(r)).join('\n'));
  for (const cli of [native, 'npm-bin']) {
    const run = runCli(cli, ['learn', '--records', file, '--window', '30', '--json']);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /learnloop: warning: models\.engagement_rate failed: every feature is constant/);
    assert.equal(JSON.parse(run.stdout).status, 'partial');
  }
});
