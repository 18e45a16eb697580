// Every result the package returns has the shape its .d.ts declares: the methods run on the demo
// database (and on records), and each answer is checked against the declared return type of the
// method that gave it, read from the shipped dist/*.d.ts with the TypeScript compiler API: every
// declared key present with the declared type, no undeclared key. A key the core adds or renames
// without the .d.ts fails here.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, openDatabase } from '../../dist/node.js';
import { exportedType, loadDeclarations, returnType, shapeErrors } from './declarations.mjs';

const decl = loadDeclarations();
const DATE = '2026-11-22';

/** Asserts `value` fits the declared return type of `className.method` (null: an exported function). */
function fits(value, className, method) {
  const errors = shapeErrors(decl.checker, value, returnType(decl, className, method), method);
  assert.deepEqual(errors.slice(0, 10), [], `${className ?? ''}.${method}: the answer differs from its declared type`);
}

test('the shape checker itself: a missing key, an undeclared key and a wrong type are each found', () => {
  const type = exportedType(decl, 'HistoryEntry');
  const good = {
    date: DATE, outcomes_read: 1, content_analyzed: null, avg_engagement_rate: 0.1, avg_retention: null,
    recommended_content_type: 'x', engagement_model_r2: null,
  };
  assert.deepEqual(shapeErrors(decl.checker, good, type), []);
  const missing = { ...good };
  delete missing.date;
  assert.match(shapeErrors(decl.checker, missing, type).join(), /\$\.date: declared, missing/);
  assert.match(shapeErrors(decl.checker, { ...good, extra: 1 }, type).join(), /\$\.extra: present, not declared/);
  assert.match(shapeErrors(decl.checker, { ...good, outcomes_read: '1' }, type).join(), /\$\.outcomes_read: "1" is not number/);
});

test('the store\'s results on the demo database have their declared shapes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-shapes-'));
  const store = await openDatabase(join(dir, 'demo.db'));
  try {
    const counts = store.generateDemo({ endDate: DATE, days: 30, seed: 42 });
    fits(counts, 'MetricsStore', 'generateDemo');
    fits(store.overview(), 'MetricsStore', 'overview');
    const run = store.learn({ date: DATE, today: '2026-11-23' });
    assert.equal(run.status, 'ok');
    fits(run, 'MetricsStore', 'learn');
    fits(store.learn({ date: DATE, today: '2026-11-23' }), 'MetricsStore', 'learn');  // already_learned
    fits(store.report(DATE), 'MetricsStore', 'report');
    fits(store.report('2020-01-01'), 'MetricsStore', 'report');  // no_data
    fits(store.history(5, '2026-11-23'), 'MetricsStore', 'history');
    fits(store.readDailySnapshots('2026-11-01', DATE), 'MetricsStore', 'readDailySnapshots');
    fits(store.ingest('decision_id,impressions,collected_at\nx1,10,2026-11-22\nx2,bad,2026-11-22\n', { table: 'outcomes', skipBad: true }), 'MetricsStore', 'ingest');
    fits(store.bestTimeToPost({ platform: 'tiktok', date: DATE, resamples: 50 }), 'MetricsStore', 'bestTimeToPost');
    fits(store.metaLearningScores({ date: DATE }), 'MetricsStore', 'metaLearningScores');
    fits(store.creativeFatigue({ date: DATE }), 'MetricsStore', 'creativeFatigue');
    fits(store.latestModel('engagement_rate'), 'MetricsStore', 'latestModel');

    // Accuracy and retrain: spec 002's CTR model (every status) and a model of another target.
    fits(store.predictionAccuracy({ now: '2026-03-10T00:00:00Z' }), 'MetricsStore', 'predictionAccuracy');
    fits(store.checkAndRetrain({ now: '2026-03-10T00:00:00Z' }), 'MetricsStore', 'checkAndRetrain');  // insufficient_data
    fits(store.checkAndRetrain({ modelName: 'engagement_rate', now: '2026-03-10T00:00:00Z' }), 'MetricsStore', 'checkAndRetrain');  // error
    for (let i = 0; i < 80; i++) {
      const quality = (i % 10) / 10;
      const truth = 0.02 + 0.04 * quality;
      store.recordPrediction({ prediction_id: `c${i}`, hook_type: ['story', 'list'][i % 2], template_id: 't1', predicted_ctr: truth + 0.03, predicted_roas: 2,
        features: { quality }, predicted_at: '2026-03-09T08:00:00Z' });
      store.completePrediction(`c${i}`, { actual_ctr: truth, actual_roas: 2.5, completed_at: '2026-03-09T20:00:00Z' });
      store.recordPrediction({ prediction_id: `e${i}`, model_name: 'er', target: 'engagement_rate', predicted: truth, features: { quality },
        predicted_at: '2026-03-09T08:00:00Z' });
      store.completePrediction(`e${i}`, { actual: truth + 0.001, completed_at: '2026-03-09T20:00:00Z' });
    }
    fits(store.predictionAccuracy({ now: '2026-03-10T00:00:00Z' }), 'MetricsStore', 'predictionAccuracy');
    fits(store.predictionAccuracy({ modelName: 'er', now: '2026-03-10T00:00:00Z' }), 'MetricsStore', 'predictionAccuracy');
    fits(store.checkAndRetrain({ now: '2026-03-10T02:00:00Z' }), 'MetricsStore', 'checkAndRetrain');  // retrained
    fits(store.checkAndRetrain({ modelName: 'er', now: '2026-03-10T02:00:00Z' }), 'MetricsStore', 'checkAndRetrain');
    fits(store.checkAndRetrain({ modelName: 'er', now: '2026-03-10T03:00:00Z' }), 'MetricsStore', 'checkAndRetrain');  // no_retrain_needed
    fits(store.latestModel('ctr'), 'MetricsStore', 'latestModel');
  } finally {
    store.dispose();
  }
});

test('learnJob, bandits, embeddings and the in-process CLI give their declared shapes', async () => {
  const ll = await init();
  const types = ['thread', 'video', 'poll'];
  const records = Array.from({ length: 60 }, (_, i) => ({
    decision_id: `post-${i}`, bandit_arm: types[i % 3], platform: 'x', posted_at: `2026-11-${16 + (i % 7)}T${10 + (i % 10)}:00:00Z`,
    quality_score: 0.5 + (i % 5) / 10, impressions: 2000, likes: [50, 80, 40][i % 3] + 3 * (i % 5), followers_gained: i % 4 === 0 ? 1 : 0,
    collected_at: `2026-11-${16 + (i % 7)}T23:00:00Z`,
  }));
  const run = ll.learnJob({ records, retention: [{ content_id: 'post-1', measured_at: '2026-11-22', avg_watch_percentage: 80, completion_rate: 0.5 }], today: '2026-11-23' });
  fits(run, 'Learnloop', 'learnJob');
  fits(ll.learnJob({ records, state: run.state, today: '2026-11-24' }), 'Learnloop', 'learnJob');

  const bandit = ll.bandit({ policy: 'thompson', arms: types, seed: 1 });
  bandit.updateBatch([0, 1], [1, 0]);
  fits(bandit.select(), 'Bandit', 'select');
  fits(bandit.stats(), 'Bandit', 'stats');
  bandit.dispose();
  fits(ll.simulateBandit({ probs: [0.1, 0.2], rounds: 100, seed: 1 }), 'Learnloop', 'simulateBandit');

  const index = ll.embeddingIndex({ T: { dim: 2 } });
  index.store('T', 'a', [1, 0], { kind: 'x' });
  fits(index.types(), 'EmbeddingIndex', 'types');
  fits(index.search('T', [1, 0], { k: 1 }), 'EmbeddingIndex', 'search');
  index.dispose();

  fits(ll.runCli(['bandit', 'simulate', '--probs', '0.1,0.2', '--rounds', '10', '--json']), 'Learnloop', 'runCli');
});
