// Fit parity at size in wasm: ridge, logistic and both GBDTs on 10k and 100k generated rows give
// the model version and training metrics of tests/golden/predictors/fit_parity.json bit for bit, the
// values GoogleTest checks natively (tests/cpp/fit_parity_test.cpp), so the CLI and the npm package
// fit the same models at any size.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init } from 'learnloop';

import { loadGolden } from './helpers.mjs';

const COLS = 6;

/** The golden file's generator: a 32-bit LCG, u = state / 2^32; per row five uniforms, a 0/1 column, noise. */
function parityData(rows, seed, classifier) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const x = new Float64Array(rows * COLS);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < 5; c++) row.push(next());
    row.push(next() < 0.3 ? 1 : 0);
    const noise = next() - 0.5;
    let lin = 0.5;
    lin += 1.5 * row[0];
    lin -= 2.0 * row[1];
    lin += 0.7 * row[2];
    lin += 0.1 * row[3];
    lin += 0.3 * row[5];
    x.set(row, r * COLS);
    y[r] = classifier ? (lin - 0.74 + noise > 0 ? 1 : 0) : lin + 0.5 * noise;
  }
  return { x, rows, cols: COLS, y };
}

test('the generator matches the golden file', () => {
  const check = loadGolden('predictors/fit_parity.json').generator_check;
  const data = parityData(3, check.seed, false);
  assert.deepEqual([...data.x], check.x);
  assert.deepEqual([...data.y], check.y);
});

test('ridge, logistic and both GBDTs fit the golden models at 10k and 100k rows', async () => {
  const ll = await init();
  for (const c of loadGolden('predictors/fit_parity.json').cases) {
    const classifier = c.kind === 'logistic' || c.kind === 'gbdt-classifier';
    const data = parityData(c.rows, c.seed, classifier);
    const o = c.options;
    const model =
      c.kind === 'ridge' ? ll.fitRidge(data, { alpha: o.alpha })
        : c.kind === 'logistic' ? ll.fitLogistic(data, { C: o.C })
          : ll[c.kind === 'gbdt-regressor' ? 'fitGbdtRegressor' : 'fitGbdtClassifier'](data,
            { nEstimators: o.n_estimators, maxDepth: o.max_depth, subsample: o.subsample, colsample: o.colsample, seed: o.seed });
    assert.equal(model.version, c.version, c.name);
    for (const [name, want] of Object.entries(c.train_metrics)) assert.equal(model.metrics.train[name], want, `${c.name} ${name}`);
  }
});
