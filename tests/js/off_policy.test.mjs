// Off-policy evaluation on the real Open Bandit Dataset logs (tests/data/open_bandit_dataset) checked against
// a straightforward independent computation written here, through the native CLI, the npm bin
// and the JS API. Also the JS API's error cases.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { init, LearnloopError } from 'learnloop';

import { close, nativeCli, repoPath, runCli } from './helpers.mjs';

const obdDir = repoPath('tests/data/open_bandit_dataset');

/** Rows of an OBD CSV as objects (the files have no quoted fields). */
function readObd(name) {
  const path = `${obdDir}/${name}`;
  assert.ok(existsSync(path), `missing ${path}: the Open Bandit Dataset sample ships in the repository`);
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return { header, lines, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v]))) };
}

/** A context-free target policy over the 34 items: softmax of item_id / 10. */
const softmaxTarget = (() => {
  const scores = Array.from({ length: 34 }, (_, i) => Math.exp(i / 10));
  const total = scores.reduce((a, b) => a + b);
  return scores.map((s) => s / total);
})();

/** The estimators, computed plainly from their definitions. */
function reference(rows, target) {
  const n = rows.length;
  const w = rows.map((r) => target(r) / Number(r.propensity_score));
  const rew = rows.map((r) => Number(r.click));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const se = (xs) => {
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
  };
  const wr = w.map((wi, i) => wi * rew[i]);
  const sumW = w.reduce((a, b) => a + b);
  const snips = wr.reduce((a, b) => a + b) / sumW;
  const snipsSe = Math.sqrt(w.reduce((a, wi, i) => a + wi * wi * (rew[i] - snips) ** 2, 0)) / sumW;
  const byAction = new Map();
  rows.forEach((r, i) => {
    const e = byAction.get(r.item_id) ?? { sum: 0, count: 0, weight: 0 };
    e.sum += rew[i];
    e.count += 1;
    e.weight += w[i];
    byAction.set(r.item_id, e);
  });
  const q = (a) => byAction.get(a).sum / byAction.get(a).count;
  let direct = 0;
  for (const [a, e] of byAction) direct += (e.weight / sumW) * q(a);
  const dr = rows.map((r, i) => direct + w[i] * (rew[i] - q(r.item_id)));
  return {
    n,
    ips: { value: mean(wr), stderr: se(wr) },
    snips: { value: snips, stderr: snipsSe },
    dr: { value: mean(dr), stderr: se(dr) },
    ess: sumW ** 2 / w.reduce((a, wi) => a + wi * wi, 0),
  };
}

function assertMatches(report, expected) {
  assert.equal(report.n, expected.n);
  for (const key of ['ips', 'snips', 'dr']) {
    assert.ok(close(report[key].value, expected[key].value, 1e-9), `${key}: ${report[key].value} vs ${expected[key].value}`);
    assert.ok(close(report[key].stderr, expected[key].stderr, 1e-9), `${key} stderr`);
    assert.ok(close(report[key].ci95[0], expected[key].value - 1.96 * expected[key].stderr, 1e-9), `${key} ci95`);
  }
  assert.ok(close(report.ess, expected.ess, 1e-9));
}

const scenarios = [
  { log: 'bts_men.csv', name: 'uniform random target on the Thompson-sampling log', target: () => 1 / 34 },
  { log: 'random_men.csv', name: 'softmax target on the uniform-random log', target: (r) => softmaxTarget[Number(r.item_id)] },
];

for (const { log, name, target } of scenarios) {
  test(`ope on real OBD logs (${name}): CLI, npm bin and JS API equal an independent computation`, async () => {
    const { header, lines, rows } = readObd(log);
    const file = repoPath(`build/test-logs/ope_${log}`);
    mkdirSync(repoPath('build/test-logs'), { recursive: true });
    writeFileSync(file, [`${header},target_prob`, ...lines.map((l, i) => `${l},${target(rows[i])}`)].join('\n'));
    const expected = reference(rows, target);
    const args = ['ope', '--log', file, '--reward-col', 'click', '--propensity-col', 'propensity_score',
      '--target-col', 'target_prob', '--action-col', 'item_id', '--json'];
    const native = runCli(nativeCli(), args);
    assert.equal(native.status, 0, native.stderr);
    assertMatches(JSON.parse(native.stdout), expected);
    assert.deepEqual(runCli('npm-bin', args), native);

    const ll = await init();
    const report = ll.offPolicyEvaluation({
      rewards: rows.map((r) => Number(r.click)),
      propensities: new Float64Array(rows.map((r) => Number(r.propensity_score))),
      targetProbs: rows.map(target),
      actions: rows.map((r) => r.item_id),
    });
    assert.deepEqual(report, JSON.parse(native.stdout));
  });
}

test('ope: a target distribution given in full is used by DR', async () => {
  const ll = await init();
  const report = ll.offPolicyEvaluation({
    rewards: [1, 0, 1, 0],
    propensities: [0.5, 0.5, 0.25, 0.25],
    targetProbs: [1, 0, 0.5, 0.5],
    actions: ['a', 'b', 'a', 'b'],
    targetDistribution: { a: 0.75, b: 0.25 },
  });
  assert.equal(report.dr.value, 0.75);
  assert.equal(report.dr.target_distribution, 'given');
});

test('ope: bad logs throw LearnloopError naming the row', async () => {
  const ll = await init();
  const base = { rewards: [1, 0], propensities: [0.5, 0.5], targetProbs: [0.5, 0.5] };
  /** @type {Array<[Record<string, unknown>, RegExp]>} */
  const bad = [
    [{ ...base, propensities: [0.5, 0] }, /row 2: propensity is 0; expected a probability in \(0, 1\]/],
    [{ ...base, propensities: [0.5, 1.5] }, /row 2: propensity is 1\.5/],
    [{ ...base, targetProbs: [-0.1, 0.5] }, /row 1: target probability is -0\.1/],
    [{ ...base, rewards: [1] }, /equal lengths/],
    [{ ...base, rewards: [NaN, 1] }, /row 1: reward is nan/],
    [{ ...base, targetDistribution: { a: 2 } }, /target distribution/],
    [{ rewards: [1, 0] }, /propensities must be an array/],
  ];
  for (const [log, message] of bad) {
    // @ts-expect-error malformed logs, on purpose
    assert.throws(() => ll.offPolicyEvaluation(log), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && message.test(e.message));
  }
});

test('ope CLI: a missing file and a missing column are one clear line and exit code 2 on both CLIs', () => {
  for (const args of [
    ['ope', '--log', 'does/not/exist.csv', '--reward-col', 'click', '--propensity-col', 'p', '--target-col', 't'],
    ['ope', '--log', `${obdDir}/random_men.csv`, '--reward-col', 'clicks', '--propensity-col', 'propensity_score', '--target-col', 't'],
    ['ope', '--reward-col', 'click'],
  ]) {
    const native = runCli(nativeCli(), args);
    assert.equal(native.status, 2);
    assert.match(native.stderr, /^learnloop: error: .+\n$/);
    assert.deepEqual(runCli('npm-bin', args), native);
  }
});
