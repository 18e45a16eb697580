/**
 * Fit time of ridge and logistic regression: learnloop native, learnloop wasm in Node and
 * scikit-learn (Debian's python3-sklearn, Ridge and LogisticRegression with lbfgs) on the same
 * generated data, written once to float64 files by this benchmark. Quality (train RMSE or ROC AUC)
 * is in the note, to show all three fit the same model.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = 20000;
const COLS = 20;
const REPEATS = 3;
const PYTHON = '/usr/bin/python3';

/** Deterministic data: x uniform-ish from a 32-bit LCG, y linear (ridge) or Bernoulli(sigmoid) (logistic). */
function writeData(dir) {
  let state = 12345;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float64Array(ROWS * COLS);
  const yReg = new Float64Array(ROWS);
  const yCls = new Float64Array(ROWS);
  const w = Array.from({ length: COLS }, (_, j) => ((j % 5) - 2) / 2);
  for (let r = 0; r < ROWS; r++) {
    let z = 0;
    for (let c = 0; c < COLS; c++) {
      const v = 2 * next() - 1 + (c % 3);
      x[r * COLS + c] = v;
      z += w[c] * v;
    }
    yReg[r] = z + (next() - 0.5);
    yCls[r] = next() < 1 / (1 + Math.exp(-(z - 1))) ? 1 : 0;
  }
  mkdirSync(dir, { recursive: true });
  const files = { x: path.join(dir, 'x.bin'), ridge: path.join(dir, 'y_ridge.bin'), logistic: path.join(dir, 'y_logistic.bin') };
  writeFileSync(files.x, Buffer.from(x.buffer));
  writeFileSync(files.ridge, Buffer.from(yReg.buffer));
  writeFileSync(files.logistic, Buffer.from(yCls.buffer));
  return { files, x, y: { ridge: yReg, logistic: yCls } };
}

/** One entry per model kind. */
function entry(kind, penalty) {
  const metric = kind === 'ridge' ? 'rmse' : 'roc_auc';
  return {
    name: `Fit time: ${kind} regression, ${ROWS.toLocaleString('en-US')} x ${COLS} (lower is better)`,
    description:
      `Best of ${REPEATS} fits of ${kind} (${kind === 'ridge' ? 'alpha' : 'C'} = ${penalty}) on the same generated float64 data; ` +
      'learnloop: closed form (ridge) or Newton to 1e-10 (logistic), Eigen without SIMD for cross-target determinism; ' +
      'scikit-learn: Ridge(auto solver) / LogisticRegression(lbfgs, default tol 1e-4). The note gives the training ' +
      `${metric}, to show all fit the same model.`,
    baseline: 'scikit-learn (Python)',
    unit: 'fit seconds',
    run: async () => {
      const data = writeData(path.join(root, 'build/bench/predictors'));
      const args = [kind, data.files.x, data.files[kind], String(ROWS), String(COLS), String(penalty), String(REPEATS)];
      const parse = (out) => JSON.parse(out.trim().split('\n').at(-1));
      const native = parse(execFileSync(path.join(root, 'build/native-release/bin/learnloop_bench_predictors'), args, { encoding: 'utf8' }));
      const { init } = await import('learnloop');
      const ll = await init();
      let best = Infinity;
      let model;
      for (let r = 0; r < REPEATS; r++) {
        const start = performance.now();
        model = ll[kind === 'ridge' ? 'fitRidge' : 'fitLogistic']({ x: data.x, rows: ROWS, cols: COLS, y: data.y[kind] }, kind === 'ridge' ? { alpha: penalty } : { C: penalty });
        best = Math.min(best, (performance.now() - start) / 1000);
      }
      const rows = [
        { impl: 'learnloop native (C++)', value: native.fit_seconds, note: `${metric} ${native[metric].toFixed(6)}` },
        { impl: 'learnloop wasm in Node', value: best, note: `${metric} ${model.metrics.train[metric].toFixed(6)}` },
      ];
      if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: scikit-learn runs under Debian's python3 (make bench installs python3-sklearn)`);
      const peer = parse(execFileSync(PYTHON, [path.join(root, 'bench/peers/sklearn_fit.py'), ...args], { encoding: 'utf8' }));
      rows.push({ impl: 'scikit-learn (Python)', value: peer.fit_seconds, note: `${metric} ${peer[metric].toFixed(6)}` });
      return rows;
    },
  };
}

/** The entries this file registers. */
export const benchmarks = [entry('ridge', 1.0), entry('logistic', 1.0)];
