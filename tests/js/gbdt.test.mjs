// Gradient-boosted trees in the npm package: wasm fits reach XGBoost hist's quality on the shared
// goldens (RMSE within 5%, AUC within 0.01), a natively fitted model (gbdt_native.json) predicts
// bit-identically in wasm and a wasm fit gives the same document as the native one, the npm bin's
// fit/predict print the native CLI's bytes (presets included), and bad input throws LearnloopError.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { init, LearnloopError } from 'learnloop';

import { loadGolden, nativeCli, repoPath, runCli } from './helpers.mjs';

function rmse(truth, predicted) {
  let s = 0;
  truth.forEach((t, i) => { s += (t - predicted[i]) ** 2; });
  return Math.sqrt(s / truth.length);
}

function auc(truth, scores) {
  const order = scores.map((s, i) => [s, truth[i]]).sort((a, b) => a[0] - b[0]);
  let rank = 0;
  let positiveRanks = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const mid = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k][1] === 1) positiveRanks += mid;
    rank = j;
    i = j;
  }
  const positives = truth.filter((t) => t === 1).length;
  const negatives = truth.length - positives;
  return rank && (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives);
}

test('GBDT in wasm reaches XGBoost hist quality with the same params', async () => {
  const ll = await init();
  const golden = loadGolden('predictors/gbdt_xgboost.json');
  const p = golden.params;
  const options = { nEstimators: p.n_estimators, maxDepth: p.max_depth, learningRate: p.learning_rate, minChildWeight: p.min_child_weight,
    lambda: p.lambda, subsample: p.subsample, colsample: p.colsample, maxBins: p.max_bins };
  for (const c of golden.cases) {
    const fit = c.kind === 'gbdt-regressor' ? 'fitGbdtRegressor' : 'fitGbdtClassifier';
    const model = ll[fit]({ x: new Float64Array(c.x_train), rows: c.train_rows, cols: c.cols, y: c.y_train }, options);
    assert.equal(model.trees.length, p.n_estimators);
    const predicted = ll.predict(model, { x: new Float64Array(c.x_test), rows: c.test_rows, cols: c.cols });
    if (c.kind === 'gbdt-regressor') {
      const got = rmse(c.y_test, predicted);
      assert.ok(Math.abs(got - c.xgboost.rmse) / c.xgboost.rmse <= golden.tolerance.rmse_relative, `rmse ${got} vs ${c.xgboost.rmse}`);
    } else {
      const got = auc(c.y_test, [...predicted]);
      assert.ok(Math.abs(got - c.xgboost.roc_auc) <= golden.tolerance.auc_absolute, `auc ${got} vs ${c.xgboost.roc_auc}`);
    }
  }
});

test('a natively fitted GBDT model predicts bit-identically in wasm, and a wasm fit gives the same document', async () => {
  const ll = await init();
  const golden = loadGolden('predictors/gbdt_native.json');
  for (const c of golden.cases) {
    const predicted = ll.predict(c.model, { x: new Float64Array(c.x), rows: c.rows, cols: c.cols });
    assert.deepEqual([...predicted], c.predictions);
    const p = c.model.params;
    const fit = c.model.kind === 'gbdt-regressor' ? 'fitGbdtRegressor' : 'fitGbdtClassifier';
    const refit = ll[fit]({ x: new Float64Array(c.x), rows: c.rows, cols: c.cols, y: c.y }, {
      nEstimators: p.n_estimators, maxDepth: p.max_depth, learningRate: p.learning_rate, minChildWeight: p.min_child_weight,
      lambda: p.lambda, subsample: p.subsample, colsample: p.colsample, maxBins: p.max_bins, seed: p.seed });
    assert.deepEqual(refit.trees, c.model.trees);
    assert.deepEqual([...ll.predict(refit, { x: new Float64Array(c.x), rows: c.rows, cols: c.cols })], c.predictions);
  }
});

/** Campaign rows for the ROAS and conversion presets, from fixed formulas. */
function writeCampaignCsv() {
  const header = ['historical_roas_7d', 'historical_roas_30d', 'spend_velocity', 'ctr', 'conversion_rate', 'impressions_growth',
    'day_of_week', 'audience_size', 'creative_fatigue_score', 'platform', 'season', 'roas', 'converted'];
  const lines = [header.join(',')];
  for (let i = 0; i < 300; i++) {
    const r7 = 0.5 + ((i * 37) % 100) / 25;
    const r30 = 0.5 + ((i * 53) % 100) / 25;
    const ctr = 0.005 + ((i * 11) % 50) / 1000;
    const fatigue = ((i * 29) % 100) / 100;
    const roas = 0.6 * r7 + 0.3 * r30 + 20 * ctr - fatigue + (((i * 7919) % 101) - 50) / 200;
    lines.push([r7, r30, 100 + (i % 17), ctr, 0.01 + (i % 13) / 500, (i % 9) / 10, i % 7, 1000 * (1 + (i % 5)), fatigue,
      ['meta', 'google', 'tiktok'][i % 3], `Q${1 + (i % 4)}`, roas.toFixed(6), roas > 2.5 ? 1 : 0].join(','));
  }
  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  const file = repoPath('build/test-logs/campaigns.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('fit gbdt and predict: the npm bin prints the native CLI bytes, presets included; wasm reports match', async () => {
  const ll = await init();
  const data = writeCampaignCsv();
  /** @type {Array<[string, string, string[]]>} */
  const cases = [
    ['gbdt-regressor', 'roas', ['--preset', 'roas', '--early-stopping-rounds', '5', '--subsample', '0.8', '--colsample', '0.7']],
    ['gbdt-classifier', 'converted', ['--features', 'historical_roas_7d,ctr,creative_fatigue_score', '--max-depth', '3']],
  ];
  for (const [kind, target, extra] of cases) {
    const modelFile = repoPath(`build/test-logs/${kind}_model.json`);
    const fitArgs = ['fit', kind, '--data', data, '--target', target, '--n-estimators', '40', '--seed', '4', ...extra];
    const native = runCli(nativeCli(), [...fitArgs, '--out', modelFile, '--json']);
    assert.equal(native.status, 0, native.stderr);
    assert.deepEqual(runCli('npm-bin', [...fitArgs, '--json']), native, 'npm bin fit prints the native bytes');
    const human = runCli(nativeCli(), fitArgs);
    assert.deepEqual(runCli('npm-bin', fitArgs), human);
    const predictArgs = ['predict', '--model', modelFile, '--data', data, '--json'];
    const nativePredict = runCli(nativeCli(), predictArgs);
    assert.equal(nativePredict.status, 0, nativePredict.stderr);
    assert.deepEqual(runCli('npm-bin', predictArgs), nativePredict);

    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const records = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], Number.isNaN(Number(v)) ? v : Number(v)])));
    const report = ll.predictReport(readFileSync(modelFile, 'utf8'), records);
    assert.deepEqual(report, JSON.parse(nativePredict.stdout));
    if (kind === 'gbdt-regressor') {
      const first = /** @type {import('../../dist/node.js').RoasPresetResult} */ (report.results?.[0]);
      assert.deepEqual(Object.keys(first), ['predicted_roas', 'confidence_lower', 'confidence_upper', 'trend', 'recommendation']);
      assert.ok(first.confidence_lower <= first.predicted_roas && first.predicted_roas <= first.confidence_upper);
      assert.ok(['improving', 'stable', 'declining'].includes(first.trend));
      const model = JSON.parse(native.stdout);
      assert.ok(model.trees.length < 40 || model.best_iteration === 39);
      // A records fit in wasm with the same options equals the CLI's document.
      const wasmModel = ll.fitGbdtRegressor({ records, target, spec: model.feature_spec.columns ? {
        columns: model.feature_spec.columns.map((c) => ({ name: c.name, kind: c.kind })) } : undefined },
      { nEstimators: 40, seed: 4, earlyStoppingRounds: 5, subsample: 0.8, colsample: 0.7, preset: 'roas' });
      assert.deepEqual(wasmModel, model);
      const interval = ll.predictInterval(model, { records });
      assert.deepEqual([...interval.lower], report.lower);
      assert.deepEqual([...interval.upper], report.upper);
      assert.equal(interval.coverage, 0.9);
    }
  }
});

test('learnloop cv: the npm bin prints the native CLI bytes', () => {
  const data = writeCampaignCsv();
  for (const kind of ['gbdt-regressor', 'ridge']) {
    const args = ['cv', '--data', data, '--target', 'roas', '--model-kind', kind, '--folds', '3', '--features',
      'historical_roas_7d,ctr,creative_fatigue_score', '--n-estimators', '20', '--json'];
    const native = runCli(nativeCli(), args);
    assert.equal(native.status, 0, native.stderr);
    assert.equal(JSON.parse(native.stdout).fold_metrics.length, 3);
    assert.deepEqual(runCli('npm-bin', args), native);
  }
});

test('GBDT: bad input throws LearnloopError naming the problem', async () => {
  const ll = await init();
  const expectError = (fn, code, pattern) =>
    assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && pattern.test(e.message), String(pattern));
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  expectError(() => ll.fitGbdtRegressor({ x: [1, NaN, 2, 3], rows: 2, cols: 2, y: [1, 2] }), 'invalid_argument', /feature 'x1' is nan in row 1/);
  expectError(() => ll.fitGbdtClassifier({ x, rows: 8, cols: 1, y: [1, 1, 1, 1, 1, 1, 1, 1] }), 'invalid_argument', /single class/);
  expectError(() => ll.fitGbdtRegressor({ x, rows: 8, cols: 1, y: x }, { learningRate: 2 }), 'invalid_argument', /learning_rate is 2/);
  expectError(() => ll.fitGbdtRegressor({ x, rows: 8, cols: 1, y: x }, { earlyStoppingRounds: 3 }), 'invalid_argument', /no validation set/);
  const model = ll.fitGbdtRegressor({ x, rows: 8, cols: 1, y: x }, { nEstimators: 5 });
  expectError(() => ll.predict(model, { x: [1, 2], rows: 1, cols: 2 }), 'invalid_argument', /expects 1/);
  expectError(() => ll.predict({ ...model, format_version: 9 }, { x: [1], rows: 1, cols: 1 }), 'unsupported_version', /format_version 9/);
  expectError(() => ll.predict(model, { records: [{ y: 1 }] }), 'not_found', /x0/);
  const records = Array.from({ length: 20 }, (_, i) => ({ a: i, y: i % 2 }));
  expectError(() => ll.fitGbdtRegressor({ records, target: 'y', spec: { columns: ['a'] } }, { preset: 'conversion' }), 'invalid_argument',
    /preset conversion is a gbdt-classifier/);
  expectError(() => ll.fitGbdtRegressor({ records, target: 'y', spec: { columns: ['a'] } }, { preset: 'roas', testFraction: 0 }), 'invalid_argument',
    /needs test rows/);
});
