// Accuracy tracking of any model and target from JS (issue 18 item 12): predictions of an
// engagement-rate model and of a ROAS model measured with the generic fields, spec 002's ctr_* fields
// kept for a CTR model only, a window with two targets refused without `target`, the native CLI
// (`learnloop accuracy --model M --target T --json`) giving the same answer on the same file, and the
// 0.1 camelCase keys of a prediction record refused with their new names.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openDatabase } from '../../dist/node.js';
import { close, nativeCli, runCli } from './helpers.mjs';

const NOW = '2026-03-10T00:00:00Z';

/** Asserts `fn` throws a LearnloopError with `code` whose message matches `pattern`. */
function throwsCode(fn, code, pattern) {
  assert.throws(fn, (/** @type {any} */ e) => e.code === code && pattern.test(e.message));
}

test('any model, any target: generic accuracy in JS equals the native CLI; CTR fields only for CTR models', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'learnloop-accuracy-')), 'a.db');
  const store = await openDatabase(path);
  try {
    const predicted = [0.04, 0.03, 0.06, 0.05];
    const actual = [0.04, 0.05, 0.05, 0.05];
    predicted.forEach((p, i) => {
      store.recordPrediction({ prediction_id: `e${i}`, model_name: 'er_service', target: 'engagement_rate', predicted: p,
        hook_type: i % 2 ? 'story' : 'list', predicted_at: '2026-03-09T08:00:00Z' });
      store.completePrediction(`e${i}`, { actual: actual[i], completed_at: '2026-03-09T20:00:00Z' });
    });
    const er = store.predictionAccuracy({ modelName: 'er_service', now: NOW });
    assert.equal(er.model_name, 'er_service');
    assert.equal(er.target, 'engagement_rate');
    assert.equal(er.total_predictions, 4);
    assert.ok(close(/** @type {number} */ (er.mae), 0.03 / 4, 1e-12));  // errors 0, 0.02, 0.01, 0
    assert.equal(er.accuracy, 75);  // e1 is 40% off; the others within 20%
    assert.equal(er.by_hook_type.story?.count, 2);
    assert.ok(!('ctr_mae' in er) && !('roas_mae' in er), JSON.stringify(er));

    // ROAS from spec 002's column alone: a prediction of target "roas", measured as such.
    store.recordPrediction({ prediction_id: 'r0', model_name: 'roas_model', predicted_roas: 3, predicted_at: '2026-03-09' });
    store.completePrediction('r0', { actual_roas: 2.5, completed_at: '2026-03-09' });
    const roas = store.predictionAccuracy({ modelName: 'roas_model', now: NOW });
    assert.deepEqual([roas.target, roas.mae, roas.roas_mae], ['roas', 0.5, 0.5]);

    // A CTR model keeps spec 002's fields, equal to the generic ones.
    store.recordPrediction({ prediction_id: 'c0', predicted_ctr: 0.05, predicted_at: '2026-03-09' });
    store.completePrediction('c0', { actual_ctr: 0.04, completed_at: '2026-03-09' });
    const ctr = store.predictionAccuracy({ now: NOW });
    assert.deepEqual([ctr.model_name, ctr.target, ctr.ctr_mae, ctr.ctr_accuracy], ['ctr', 'ctr', ctr.mae, ctr.accuracy]);

    // Two targets under one name: refused until `target` says which.
    store.recordPrediction({ prediction_id: 'e-ctr', model_name: 'er_service', target: 'ctr', predicted: 0.02, predicted_at: '2026-03-09' });
    store.completePrediction('e-ctr', { actual: 0.02, completed_at: '2026-03-09' });
    throwsCode(() => store.predictionAccuracy({ modelName: 'er_service', now: NOW }), 'invalid_argument', /several targets \('ctr', 'engagement_rate'\)/);
    assert.equal(store.predictionAccuracy({ modelName: 'er_service', target: 'engagement_rate', now: NOW }).total_predictions, 4);
    store.save();
  } finally {
    store.dispose();
  }
  const cli = runCli(nativeCli(), ['accuracy', '--db', path, '--model', 'er_service', '--target', 'engagement_rate', '--now', NOW, '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const again = await openDatabase(path);
  try {
    assert.deepEqual(again.predictionAccuracy({ modelName: 'er_service', target: 'engagement_rate', now: NOW }), JSON.parse(cli.stdout));
  } finally {
    again.dispose();
  }
});

test('a prediction record keeps prediction_records\' column names: 0.1 camelCase keys are refused with their new names', async () => {
  const store = await openDatabase(join(mkdtempSync(join(tmpdir(), 'learnloop-accuracy-')), 'b.db'));
  try {
    throwsCode(() => store.recordPrediction(/** @type {any} */ ({ predictionId: 'p', predictedCtr: 0.1 })), 'invalid_argument',
      /record\.predictionId is 'prediction_id' since 0\.2\.0/);
    throwsCode(() => store.recordPrediction(/** @type {any} */ ({ prediction_id: 'p', predicted: 0.1, colour: 'red' })), 'invalid_argument',
      /unknown key 'colour'/);
    throwsCode(() => store.recordPrediction({ prediction_id: 'p' }), 'invalid_argument', /needs predicted/);
    throwsCode(() => store.recordPrediction({ prediction_id: 'p', target: 'ctr', predicted: 0.1, predicted_ctr: 0.2 }), 'invalid_argument',
      /predicted and predicted_ctr differ/);
    store.recordPrediction({ prediction_id: 'p', target: 'ctr', predicted: 0.1 });
    throwsCode(() => store.completePrediction('p', /** @type {any} */ ({ actualCtr: 0.1 })), 'invalid_argument', /outcome\.actualCtr is 'actual_ctr'/);
    store.completePrediction('p', { actual_ctr: 0.1, completed_at: '2026-03-09' });
    const row = store.readMetrics('prediction_records')[0];
    assert.deepEqual([row?.target, row?.predicted, row?.predicted_ctr, row?.actual, row?.actual_ctr, row?.abs_error], ['ctr', 0.1, 0.1, 0.1, 0.1, 0]);
  } finally {
    store.dispose();
  }
});
