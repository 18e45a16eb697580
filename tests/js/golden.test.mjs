// Native/wasm parity: the wasm build must reproduce the golden vectors that GoogleTest checks
// against the native build (tests/golden/, written by an independent reference implementation).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init } from 'learnloop';

import { close, loadGolden, nativeCli, runCli } from './helpers.mjs';

const golden = loadGolden('bandits/thompson_simulation.json');

test('simulateBandit reproduces every golden report', async () => {
  const ll = await init();
  for (const c of golden.cases) {
    const report = ll.simulateBandit(c.spec);
    assert.deepEqual(report.pulls, c.report.pulls);
    assert.equal(report.reward, c.report.reward);
    assert.ok(close(report.regret, c.report.regret, golden.relative_tolerance), `${report.regret} vs ${c.report.regret}`);
    assert.deepEqual({ ...report, regret: 0 }, { ...c.report, regret: 0 });
  }
});

test('a sampler fed the golden rewards chooses the golden arm sequence', async () => {
  const ll = await init();
  for (const c of golden.cases) {
    const sampler = ll.thompsonSampling({ arms: c.spec.probs.length, seed: c.spec.seed });
    const chosen = c.first_arms.map((_, i) => {
      const { arm } = sampler.select();
      sampler.update(arm, c.first_rewards[i]);
      return arm;
    });
    sampler.dispose();
    assert.deepEqual(chosen, c.first_arms);
  }
});

test('simulateBandit in wasm equals the native CLI for every policy', async () => {
  const ll = await init();
  /** @type {import('learnloop').SimulationSpec[]} */
  const specs = [
    { policy: 'ucb1', probs: [0.02, 0.03, 0.05], rounds: 20000, seed: 7 },
    { policy: 'epsilon-greedy', epsilon: 0.2, probs: [0.02, 0.03, 0.05], rounds: 20000, seed: 7 },
    { policy: 'linucb', dim: 5, alpha: 0.5, probs: [0.3, 0.4, 0.5], rounds: 4000, seed: 2 },
    { policy: 'lints', dim: 5, v: 0.5, probs: [0.3, 0.4, 0.5], rounds: 4000, seed: 2 },
  ];
  for (const spec of specs) {
    const flags = Object.entries(spec).flatMap(([k, v]) => [`--${k}`, Array.isArray(v) ? v.join(',') : String(v)]);
    const native = runCli(nativeCli(), ['bandit', 'simulate', ...flags, '--json']);
    assert.equal(native.status, 0, native.stderr);
    assert.deepEqual(ll.simulateBandit(spec), JSON.parse(native.stdout), spec.policy);
  }
});
