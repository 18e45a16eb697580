// Linear predictors in the npm package: wasm fits match scikit-learn (the goldens GoogleTest
// checks natively), a model trained by the native CLI predicts identically in wasm, the npm bin's
// fit/predict print the native CLI's bytes, and bad input throws LearnloopError naming the problem.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { init, LearnloopError } from 'learnloop';

import { close, loadGolden, nativeCli, repoPath, runCli } from './helpers.mjs';

for (const [file, fit, option] of [
  ['ridge_sklearn.json', 'fitRidge', 'alpha'],
  ['logistic_sklearn.json', 'fitLogistic', 'C'],
]) {
  test(`${fit} in wasm matches scikit-learn`, async () => {
    const ll = await init();
    const golden = loadGolden(`predictors/${file}`);
    for (const c of golden.cases) {
      const model = ll[fit]({ x: new Float64Array(c.x), rows: c.rows, cols: c.cols, y: c.y }, { [option]: c[option] });
      c.coefficients.forEach((w, i) => assert.ok(close(model.coefficients[i], w, golden.tolerance), `${model.coefficients[i]} vs ${w}`));
      assert.ok(close(model.intercept, c.intercept, golden.tolerance));
      for (const [name, value] of Object.entries(c.metrics)) assert.ok(close(model.metrics.train[name], value, golden.tolerance), name);
      const predictions = ll.predict(model, { x: c.x, rows: c.rows, cols: c.cols });
      assert.ok(predictions instanceof Float64Array && predictions.length === c.rows);
      if (c.probabilities) c.probabilities.forEach((p, i) => assert.ok(close(predictions[i], p, golden.tolerance)));
    }
  });
}

/** A CSV of posts with a linear engagement rate and a 0/1 follow label, from a fixed formula. */
function writePostsCsv() {
  const lines = ['post_id,quality_score,hour,educational,engagement_rate,followed'];
  for (let i = 0; i < 300; i++) {
    const q = ((i * 37) % 101) / 100;
    const hour = (i * 7) % 24;
    const edu = i % 3 === 0 ? 1 : 0;
    const er = 0.01 + 0.03 * q + 0.01 * edu + 0.005 * Math.sin((2 * Math.PI * hour) / 24) + (((i * 13) % 17) - 8) / 4000;
    const followed = (q + ((i * 11) % 7) / 10) > 0.8 ? 1 : 0;
    lines.push(`p${i},${q},${hour},${edu},${er},${followed}`);
  }
  const file = repoPath('build/test-logs/posts.csv');
  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('a model trained by the native CLI predicts identically in wasm; the npm bin prints the same bytes', async () => {
  const ll = await init();
  const data = writePostsCsv();
  for (const [kind, target] of [['ridge', 'engagement_rate'], ['logistic', 'followed']]) {
    const modelFile = repoPath(`build/test-logs/${kind}_model.json`);
    const fitArgs = ['fit', kind, '--data', data, '--target', target, '--features', 'quality_score,hour,educational', '--seed', '3'];
    const native = runCli(nativeCli(), [...fitArgs, '--out', modelFile, '--json']);
    assert.equal(native.status, 0, native.stderr);
    assert.deepEqual(runCli('npm-bin', [...fitArgs, '--json']), native, 'npm bin fit prints the native bytes');
    assert.equal(readFileSync(modelFile, 'utf8'), native.stdout, '--out holds the printed document');

    const predictArgs = ['predict', '--model', modelFile, '--data', data, '--json'];
    const nativePredictions = runCli(nativeCli(), predictArgs);
    assert.equal(nativePredictions.status, 0, nativePredictions.stderr);
    assert.deepEqual(runCli('npm-bin', predictArgs), nativePredictions);

    const rows = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const x = new Float64Array(rows.flatMap((r) => [Number(r[1]), Number(r[2]), Number(r[3])]));
    const wasm = ll.predict(readFileSync(modelFile, 'utf8'), { x, rows: rows.length, cols: 3 });
    assert.deepEqual([...wasm], JSON.parse(nativePredictions.stdout).predictions);
  }
});

test('predictors: bad input throws LearnloopError naming the column or the problem', async () => {
  const ll = await init();
  const expectError = (fn, code, pattern) =>
    assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && pattern.test(e.message), String(pattern));
  // A constant column is dropped from the fit (issue 18 item 1); only a fit where no column varies is refused.
  const x = [1, 7, 2, 7, 3, 7];
  const dropped = ll.fitRidge({ x, rows: 3, cols: 2, y: [1, 2, 3], featureNames: ['quality', 'hour'] });
  assert.deepEqual(dropped.dropped, ['hour']);
  assert.equal(dropped.coefficients[1], 0);
  assert.deepEqual([...ll.predict(dropped, { x: [4, 99], rows: 1, cols: 2 })], [...ll.predict(dropped, { x: [4, 7], rows: 1, cols: 2 })]);
  expectError(() => ll.fitRidge({ x: [1, 7, 1, 7, 1, 7], rows: 3, cols: 2, y: [1, 2, 3], featureNames: ['quality', 'hour'] }),
    'invalid_argument', /every feature is constant in the training rows \('quality', 'hour'\)/);
  expectError(() => ll.fitRidge({ x: [1, NaN, 2, 3], rows: 2, cols: 2, y: [1, 2] }), 'invalid_argument', /feature 'x1' is nan in row 1/);
  expectError(() => ll.fitRidge({ x: [1, 2, 3], rows: 2, cols: 2, y: [1, 2] }), 'invalid_argument', /expected rows x cols/);
  expectError(() => ll.fitLogistic({ x: [1, 2, 3], rows: 3, cols: 1, y: [1, 1, 1] }), 'invalid_argument', /single class/);
  expectError(() => ll.fitRidge({ x: [1, 2, 3], rows: 3, cols: 1, y: [1, 2, 3] }, { alpha: -1 }), 'invalid_argument', /alpha is -1/);
  // @ts-expect-error no x, on purpose
  expectError(() => ll.fitRidge({ rows: 3, cols: 1, y: [1, 2, 3] }), 'invalid_argument', /x must be/);
  const model = ll.fitRidge({ x: [1, 2, 3, 5], rows: 4, cols: 1, y: [1, 2, 3, 4] });
  expectError(() => ll.predict(model, { x: [1, 2], rows: 1, cols: 2 }), 'invalid_argument', /expects 1/);
  expectError(() => ll.predict({ ...model, format_version: 9 }, { x: [1], rows: 1, cols: 1 }), 'unsupported_version', /format_version 9/);
});

test('records with a feature spec: JS fit equals the native CLI fit with --spec, and predicts the same', async () => {
  const ll = await init();
  const types = ['educational_thread', 'factual', 'meme'];
  const records = Array.from({ length: 120 }, (_, i) => {
    const q = ((i * 37) % 101) / 100;
    const type = types[i % 3];
    const hour = (i * 5) % 24;
    return {
      post_id: `p${i}`,
      quality_score: i === 7 ? null : q,
      content_type: type,
      hour,
      engagement_rate: 0.01 + 0.03 * q + 0.004 * (i % 3) + 0.003 * Math.sin((2 * Math.PI * hour) / 24) + ((i * 13) % 17) / 20000,
    };
  });
  /** @type {import('learnloop').FeatureSpec} */
  const spec = {
    columns: [{ name: 'quality_score', scale: true }, { name: 'content_type', kind: 'one_hot' }, { name: 'hour', kind: 'cyclic_hour' }],
    missing: 'mean',
  };
  const header = Object.keys(records[0]);
  const csv = [header.join(','), ...records.map((r) => header.map((k) => r[k] ?? '').join(','))].join('\n');
  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  const dataFile = repoPath('build/test-logs/records.csv');
  const specFile = repoPath('build/test-logs/records_spec.json');
  writeFileSync(dataFile, `${csv}\n`);
  writeFileSync(specFile, JSON.stringify(spec));

  const model = ll.fitRidge({ records, target: 'engagement_rate', spec }, { alpha: 0.1 });
  const native = runCli(nativeCli(), ['fit', 'ridge', '--data', dataFile, '--target', 'engagement_rate', '--spec', specFile,
    '--alpha', '0.1', '--test-fraction', '0', '--json']);
  assert.equal(native.status, 0, native.stderr);
  assert.deepEqual(model, JSON.parse(native.stdout));
  assert.deepEqual(model.features, ['quality_score', 'content_type=educational_thread', 'content_type=factual', 'content_type=meme', 'hour_sin', 'hour_cos']);

  const unseen = [{ quality_score: 0.5, content_type: 'poll', hour: 6 }];
  const p = ll.predict(model, { records: unseen });
  // @ts-expect-error a fitted spec's columns carry mean and std, which FeatureSpec does not declare
  const byHand = model.intercept + model.coefficients[0] * ((0.5 - model.feature_spec.columns[0].mean) / model.feature_spec.columns[0].std) +
    model.coefficients[4] * 1 + model.coefficients[5] * Math.cos(Math.PI / 2);
  assert.ok(close(p[0], byHand, 1e-12), `${p[0]} vs ${byHand}`);
  assert.throws(() => ll.predict(model, { records: [{ content_type: 'poll', hour: 6 }] }),
    (/** @type {LearnloopError} */ e) => e.code === 'not_found' && /no column 'quality_score'/.test(e.message));
  // The code thrown is the one the shipped .d.ts documents for predict (issue 18 item 6).
  const dts = readFileSync(repoPath('dist/api.d.ts'), 'utf8');
  const predictDoc = dts.slice(0, dts.indexOf('predict(model')).split('/**').pop();
  assert.match(predictDoc, /`not_found` for records without a column the model reads/);
  assert.throws(() => ll.fitRidge({ records, target: 'engagement_rate', spec: { ...spec, missing: 'error' } }),
    (e) => e instanceof LearnloopError && /record 8: column 'quality_score' is missing/.test(e.message));
});

test('conformal intervals: the CLI calibrates on its test rows, wasm calibrates and predicts the same bounds', async () => {
  const ll = await init();
  const data = writePostsCsv();
  const modelFile = repoPath('build/test-logs/conformal_model.json');
  const native = runCli(nativeCli(), ['fit', 'ridge', '--data', data, '--target', 'engagement_rate', '--features',
    'quality_score,hour,educational', '--coverage', '0.8', '--out', modelFile, '--json']);
  assert.equal(native.status, 0, native.stderr);
  const fromCli = JSON.parse(native.stdout);
  assert.equal(fromCli.conformal.coverage, 0.8);
  assert.equal(fromCli.conformal.samples, 60);
  const predicted = JSON.parse(runCli(nativeCli(), ['predict', '--model', modelFile, '--data', data, '--json']).stdout);

  const rows = readFileSync(data, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const x = new Float64Array(rows.flatMap((r) => [r[1], r[2], r[3]]));
  const y = rows.map((r) => r[4]);
  const bare = { ...fromCli };
  delete bare.conformal;
  // Calibrating in wasm on every row gives the order statistic of the residuals computed here.
  const calibrated = ll.calibrate(bare, { x, rows: rows.length, cols: 3, y }, { coverage: 0.8 });
  const residuals = y.map((v, i) => Math.abs(v - predicted.predictions[i])).sort((a, b) => a - b);
  assert.equal(calibrated.conformal.half_width, residuals[Math.ceil((rows.length + 1) * 0.8) - 1]);

  const withInterval = ll.predictInterval(readFileSync(modelFile, 'utf8'), { x, rows: rows.length, cols: 3 });
  assert.deepEqual([...withInterval.lower], predicted.lower);
  assert.deepEqual([...withInterval.upper], predicted.upper);
  const covered = y.filter((v, i) => v >= withInterval.lower[i] && v <= withInterval.upper[i]).length / y.length;
  assert.ok(covered >= 0.75, `coverage ${covered}`);
  assert.throws(() => ll.predictInterval(bare, { x, rows: rows.length, cols: 3 }), (e) => e instanceof LearnloopError && /no conformal interval/.test(e.message));
  assert.throws(() => ll.calibrate(bare, { x, rows: rows.length, cols: 3, y }, { coverage: 2 }), (/** @type {LearnloopError} */ e) => e.code === 'invalid_argument');
});

test('the linear presets (engagement_rate, follow_through): same model from the native CLI, the npm bin and the API', async () => {
  const ll = await init();
  const dir = repoPath('build/test-presets');
  mkdirSync(dir, { recursive: true });
  let state = 5;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const types = ['educational', 'factual', 'story'];
  const records = Array.from({ length: 200 }, (_, i) => {
    const quality = Number(next().toFixed(3));
    const slot = Math.floor(next() * 24);
    const viral = Math.round(next() * 100);
    return {
      quality_score: quality, content_type: types[i % 3], timing_slot: slot, length_medium: i % 2,
      novelty_score: Number(next().toFixed(3)), expertise_level: 1 + (i % 5), viral_score: viral,
      engagement_rate: Number((0.02 + 0.03 * quality + 0.01 * Number(i % 3 === 0) + 0.005 * Math.sin((2 * Math.PI * slot) / 24)).toFixed(6)),
      followed: next() < 0.2 + 0.5 * (viral / 100) ? 1 : 0,
    };
  });
  const csv = [Object.keys(records[0]).join(','), ...records.map((r) => Object.values(r).join(','))].join('\n') + '\n';
  const file = `${dir}/posts.csv`;
  writeFileSync(file, csv);
  for (const [kind, preset, target] of /** @type {const} */ ([['ridge', 'engagement_rate', 'engagement_rate'], ['logistic', 'follow_through', 'followed']])) {
    const args = ['fit', kind, '--data', file, '--target', target, '--preset', preset, '--test-fraction', '0', '--json'];
    const a = runCli(nativeCli(), args);
    const b = runCli('npm-bin', args);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.stdout, a.stdout);
    const cli = JSON.parse(a.stdout);
    const api = kind === 'ridge' ? ll.fitRidge({ records, target, preset }, { alpha: 1 }) : ll.fitLogistic({ records, target, preset }, { C: 1 });
    assert.deepEqual(api.features, cli.features);
    api.coefficients.forEach((c, i) => assert.ok(close(c, cli.coefficients[i], 1e-12), `${preset} coefficient ${i}`));
  }
  const ridge = JSON.parse(runCli(nativeCli(), ['fit', 'ridge', '--data', file, '--target', 'engagement_rate', '--preset', 'engagement_rate', '--json']).stdout);
  assert.deepEqual(ridge.features.slice(-2), ['hour_sin', 'hour_cos']);
  const wrong = runCli(nativeCli(), ['fit', 'ridge', '--data', file, '--target', 'followed', '--preset', 'follow_through']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /preset follow_through is a logistic model; use learnloop fit logistic/);
  assert.throws(() => ll.fitRidge({ records, target: 'followed', preset: 'follow_through' }, { alpha: 1 }),
    (e) => e instanceof LearnloopError && /preset follow_through is a logistic model/.test(e.message));
});
