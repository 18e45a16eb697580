// Many writers from Node on PostgreSQL: N openPostgres() stores (each its own pool) write metrics and record
// predictions at the same time and lose nothing; two learn() for the same date through two stores at once follow the
// concurrency contract (one commits, the other answers already_learned with the first run). Server errors reach the
// caller as LearnloopErrors with the server's message and never the password.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

import { LearnloopError, openPostgres } from '../../dist/node.js';
import { repoPath } from './helpers.mjs';
import { freshDatabase, needsServer, newPglite } from './postgres_support.mjs';

const goldenCsv = (table) => readFileSync(repoPath(`tests/golden/store/${table}.csv`), 'utf8');

/** Writes `rounds` outcome rows and predictions from store number `w`. */
async function writeFrom(store, w, rounds) {
  for (let i = 0; i < rounds; ++i) {
    await store.writeMetrics('outcomes', { decision_id: `w${w}-${i}`, impressions: i + 1, likes: 1, collected_at: '2026-01-01T00:00:00Z' });
    await store.recordPrediction({ prediction_id: `w${w}-p${i}`, predicted_ctr: 0.01 * (i + 1), predicted_at: '2026-01-01T08:00:00Z' });
  }
}

test('four stores with their own pools writing at once lose nothing', needsServer, async () => {
  const uri = await freshDatabase('ll_node_writers');
  const writers = 4, rounds = 25;
  const stores = await Promise.all(Array.from({ length: writers }, () => openPostgres(uri)));
  try {
    await Promise.all(stores.map((s, w) => writeFrom(s, w, rounds)));
    const outcomes = await stores[0].readMetrics('outcomes');
    const predictions = await stores[0].readMetrics('prediction_records');
    assert.equal(outcomes.length, writers * rounds);
    assert.equal(predictions.length, writers * rounds);
    assert.deepEqual(new Set(outcomes.map((r) => r.decision_id)).size, writers * rounds);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});

/** Ingests the golden history through `a`, then runs learn() for one date through `a` and `b` at once. */
async function raceLearn(a, b) {
  for (const table of ['content_metadata', 'outcomes', 'retention_metrics']) await a.ingest(goldenCsv(table), { table });
  const options = { date: '2026-03-14', today: '2026-03-20' };
  const answers = await Promise.all([a.learn(options), b.learn(options)]);
  const committed = answers.filter((r) => r.status !== 'already_learned');
  const refused = answers.filter((r) => r.status === 'already_learned');
  assert.equal(committed.length, 1, JSON.stringify(answers.map((r) => r.status)));
  assert.equal(refused.length, 1);
  assert.deepEqual(refused[0].run, { date: '2026-03-14', outcomes_read: committed[0].outcomes_read });
  assert.equal((await a.history(30, '2026-03-20')).length, 1);
}

test('two learn() for the same date through two stores on one server: one commits, the other answers already_learned', needsServer, async () => {
  const uri = await freshDatabase('ll_node_learn_race');
  const [a, b] = await Promise.all([openPostgres(uri), openPostgres(uri)]);
  try {
    await raceLearn(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('two stores on one PGlite: writers lose nothing, and two learn() for one date commit once', async () => {
  const pglite = await newPglite();
  const [a, b] = await Promise.all([openPostgres(pglite), openPostgres(pglite)]);
  try {
    await Promise.all([writeFrom(a, 0, 10), writeFrom(b, 1, 10)]);
    assert.equal((await b.readMetrics('prediction_records')).length, 20);
    await raceLearn(a, b);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await pglite.close();
  }
});

test('server errors are LearnloopErrors with the server message; progress, indices and bad targets', async () => {
  const pglite = await newPglite();
  const store = await openPostgres(pglite);
  try {
    await store.recordPrediction({ prediction_id: 'dup', predicted_ctr: 0.1, predicted_at: '2026-01-01T08:00:00Z' });
    await assert.rejects(store.recordPrediction({ prediction_id: 'dup', predicted_ctr: 0.1, predicted_at: '2026-01-01T08:00:00Z' }),
      (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /dup/.test(e.message));
    await assert.rejects(store.report('not a date'), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
    // The store still works after failed calls (their transactions were rolled back).
    assert.equal((await store.readMetrics('prediction_records')).length, 1);
    const steps = [];
    const demo = await store.generateDemo({ endDate: '2026-03-14', days: 10, postsPerDay: 3, seed: 3, onProgress: (label) => steps.push(label) });
    assert.ok(demo.outcomes > 0 && demo.embeddings > 0 && steps.length > 0, JSON.stringify(demo));
  } finally {
    await store.close();
    await pglite.close();
  }
  await assert.rejects(openPostgres('mysql://x'), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
  await assert.rejects(openPostgres(/** @type {any} */ ({})), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
});

test('a connection lost under a store rejects its call with a message that says so, not a hang', async () => {
  const pglite = await newPglite();
  const store = await openPostgres(pglite);
  try {
    await pglite.close();
    await assert.rejects(store.overview(), (e) => e instanceof LearnloopError && /lost the connection to PostgreSQL at PGlite/.test(e.message));
  } finally {
    await store.close();
  }
});

test('wrong credentials and an unreachable server reject without the password and without hanging', needsServer, async () => {
  const uri = new URL(await freshDatabase('ll_node_bad'));
  uri.password = 'not-the-Secret-42';
  await assert.rejects(openPostgres(uri.toString()), (e) => e instanceof LearnloopError && /password authentication failed/.test(e.message) && !e.message.includes('not-the-Secret-42'));
  uri.port = '1';
  const started = Date.now();
  await assert.rejects(openPostgres(uri.toString()), (e) => e instanceof LearnloopError && !e.message.includes('not-the-Secret-42'));
  assert.ok(Date.now() - started < 15_000);
});
