// Drift restarts after a retrain (issue 18 item 2): Page-Hinkley runs over the lookback window of
// the current model's predictions, so after one drift and its retrain, quiet days retrain nothing.
// The JS store's checkAndRetrain and the native CLI give the same answers on copies of one file.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openDatabase } from '../../dist/node.js';
import { nativeCli, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-drift-'));
const native = nativeCli();

let seed = 5;
const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

/** @typedef {{detected: boolean, samples: number, since: string | null}} Drift */

/** `n` completed predictions made on `day`, off the truth by `bias` (plus noise). */
function addPredictions(store, n, bias, day, firstId) {
  for (let i = 0; i < n; i++) {
    const quality = next();
    const hook = ['question', 'story', 'list'][i % 3];
    const truth = 0.02 + 0.04 * quality + 0.01 * (i % 3) + 0.002 * (next() - 0.5);
    const predictionId = `p${firstId + i}`;
    store.recordPrediction({ prediction_id: predictionId, hook_type: hook, predicted_ctr: truth + bias + 0.001 * (next() - 0.5),
      features: { quality, hook_type: hook }, predicted_at: `${day}T08:00:00Z` });
    store.completePrediction(predictionId, { actual_ctr: truth, completed_at: `${day}T20:${String(i % 60).padStart(2, '0')}:00Z` });
  }
}

test('checkAndRetrain: drift, a retrain, then quiet days with no retrain (JS store and native CLI agree)', async () => {
  const path = join(dir, 'drift.db');
  const store = await openDatabase(path);
  try {
    addPredictions(store, 200, 0, '2026-03-09', 0);
    assert.equal(store.checkAndRetrain({ now: '2026-03-10T02:00:00Z' }).status, 'retrained');  // the first model
    addPredictions(store, 100, 0, '2026-03-10', 1000);
    addPredictions(store, 60, 0.015, '2026-03-11', 2000);  // errors rise to 0.015: under the 0.02 MAE threshold
    store.save();
  } finally {
    store.dispose();
  }
  const copy = join(dir, 'drift-native.db');
  copyFileSync(path, copy);
  const js = await openDatabase(path);
  try {
    const drifted = js.checkAndRetrain({ now: '2026-03-12T02:00:00Z' });
    assert.equal(drifted.status, 'retrained', JSON.stringify(drifted));
    assert.equal(drifted.trigger, 'drift');
    const drift = /** @type {Drift} */ (drifted.drift);
    assert.deepEqual({ detected: drift.detected, samples: drift.samples, since: drift.since },
      { detected: true, samples: 160, since: '2026-03-10T02:00:00Z' });
    const nativeRun = runCli(native, ['retrain', '--db', copy, '--now', '2026-03-12T02:00:00Z', '--json']);
    assert.equal(nativeRun.status, 0, nativeRun.stderr);
    assert.deepEqual(JSON.parse(nativeRun.stdout), drifted);
    for (const [i, day] of ['2026-03-12', '2026-03-13', '2026-03-14'].entries()) {
      addPredictions(js, 50, 0, day, 3000 + 100 * i);
      const quiet = js.checkAndRetrain({ now: `2026-03-${13 + i}T02:00:00Z` });
      assert.equal(quiet.status, 'no_retrain_needed', `${day}: ${JSON.stringify(quiet)}`);
      const quietDrift = /** @type {Drift} */ (quiet.drift);
      assert.equal(quietDrift.detected, false);
      assert.equal(quietDrift.since, '2026-03-12T02:00:00Z');
      assert.equal(quietDrift.samples, 50 * (i + 1));
    }
  } finally {
    js.dispose();
  }
});

test('one owner per model name: checkAndRetrain does not write the daily job\'s engagement_rate; the registry says why a model serves', async () => {
  const path = join(dir, 'owners.db');
  const demo = runCli(native, ['demo', '--db', path, '--date', '2026-11-22', '--days', '30']);
  assert.equal(demo.status, 0, demo.stderr);
  const store = await openDatabase(path);
  try {
    const served = store.latestModel('engagement_rate');
    assert.equal(served.owner, 'learn');
    assert.equal(served.active_reason, 'newest daily fit (learn 2026-11-22)');
    const refused = store.checkAndRetrain({ modelName: 'engagement_rate', now: '2026-11-23T02:00:00Z' });
    assert.equal(refused.status, 'error');
    assert.match(String(refused.message), /is trained daily by learn/);
    assert.equal(store.latestModel('engagement_rate').model_id, served.model_id);
  } finally {
    store.dispose();
  }
});
