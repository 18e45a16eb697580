// The decision API and the decisions log in the npm package (issue 18 items 7-9): selectMany() follows
// probabilities() (chi-square, fixed seed), store.bandit() serves what learn stored with the job's floor and
// allowed hours, selectAndLog() writes the decisions table, and offPolicyEvaluation() recovers a second policy's
// true value on the golden simulation (tests/golden/bandits/decisions_ope.json, shared with
// tests/cpp/decisions_test.cpp) with the same numbers as the native core and the native CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError, openDatabase } from '../../dist/node.js';
import { close, loadGolden, nativeCli, runCli } from './helpers.mjs';

const ll = await init();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-decisions-'));
let fresh = 0;
const freshPath = () => join(dir, `db${++fresh}.db`);
const refused = (fn, code, pattern) =>
  assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && pattern.test(e.message), pattern.source);

test('selectMany follows probabilities within sampling error, with exact propensities', () => {
  for (const policy of /** @type {const} */ (['thompson', 'epsilon-greedy', 'ucb1'])) {
    const b = ll.bandit({ policy, arms: ['a', 'b', 'c'], seed: 5, floor: 0.05 });
    b.updateBatch([0, 0, 1, 1, 2, 2, 2], [1, 0, 1, 1, 0, 1, 0]);
    const p = b.probabilities();
    assert.equal(p.policy, policy);
    assert.equal(p.draws, policy === 'thompson' ? 10000 : 0);
    const probs = p.arms.map((a) => a.probability);
    assert.ok(close(probs.reduce((x, y) => x + y), 1, 1e-12));
    assert.deepEqual(b.probabilities(), p, 'the same state gives the same distribution');
    const n = 20000;
    const counts = [0, 0, 0];
    for (const pick of b.selectMany(n)) {
      const i = ['a', 'b', 'c'].indexOf(pick.arm);
      counts[i] += 1;
      assert.equal(pick.propensity, probs[i]);
    }
    const chi2 = counts.reduce((s, c, i) => s + (c - probs[i] * n) ** 2 / (probs[i] * n), 0);
    assert.ok(chi2 < 13.8, `${policy}: chi-square ${chi2} (2 degrees of freedom, P = 0.001 at 13.8)`);
    b.dispose();
  }
});

test('ucb1 without a floor is deterministic; bad allowed sets, floors and n are refused', () => {
  const g = loadGolden('bandits/decisions_ope.json');
  const b = ll.bandit({ policy: 'ucb1', arms: ['a', 'b', 'c'] });
  b.updateBatch([0, 1, 2, 1], [0, 1, 0, 1]);
  assert.deepEqual(b.probabilities().arms.map((a) => a.probability), [0, 1, 0]);
  assert.ok(b.selectMany(20).every((s) => s.arm === 'b' && s.propensity === 1), 'ucb1 without a floor is deterministic');
  refused(() => b.probabilities({ allowed: [] }), 'invalid_argument', /allowed is empty/);
  refused(() => b.probabilities({ allowed: ['x', 'a'] }), 'invalid_argument', /allowed arms name unknown arms: 'x'; the arms are a, b, c/);
  refused(() => ll.bandit({ policy: 'thompson', arms: 3, floor: 0.4 }), 'invalid_argument', /floor 0.4 x 3 allowed arms = 1.2 > 1/);
  refused(() => b.selectMany(1.5), 'invalid_argument', /n/);
  b.dispose();
  assert.ok(g.n > 0);
});

/** The golden simulation written to a fresh store: decisions from the floored Thompson policy and their outcomes. */
async function goldenStore(g) {
  const store = await openDatabase(freshPath());
  const l = g.logging;
  const b = ll.bandit({ policy: l.policy, arms: l.arms, seed: l.seed, floor: l.floor });
  b.updateBatch(l.warmup_arms, l.warmup_rewards);
  const picks = b.selectMany(g.n);
  b.dispose();
  const decisions = [];
  const outcomes = [];
  picks.forEach((pick, i) => {
    const id = `d${i}`;
    decisions.push({ decision_id: id, scope: 'content', arm: pick.arm, propensity: pick.propensity, context: '{"source":"golden"}', policy_version: 'content@test', decided_at: g.decided_at });
    if (i % 50 === 49) return;
    const x = i * 0.6180339887498949 + 0.5;
    const success = x - Math.floor(x) < g.rates[l.arms.indexOf(pick.arm)];
    outcomes.push({ decision_id: id, impressions: g.outcome.impressions, likes: success ? g.outcome.likes_success : g.outcome.likes_failure, collected_at: g.outcome.collected_at });
  });
  store.writeMetrics('decisions', decisions);
  store.writeMetrics('outcomes', outcomes);
  return store;
}

test('offPolicyEvaluation recovers the target policy\'s true value, with the native numbers', async () => {
  const g = loadGolden('bandits/decisions_ope.json');
  const store = await goldenStore(g);
  const r = store.offPolicyEvaluation({ scope: 'content', target: g.target, successThreshold: g.success_threshold });
  assert.equal(r.decisions, 3000);
  assert.equal(r.decisions_without_outcomes, 60);
  assert.equal(r.n, 2940);
  for (const estimator of /** @type {const} */ (['ips', 'snips', 'dr'])) {
    assert.ok(r[estimator].ci95[0] <= g.true_value && g.true_value <= r[estimator].ci95[1], `${estimator}: ${JSON.stringify(r[estimator])}`);
    assert.ok(close(r[estimator].value, g.expected[estimator], g.tolerance), `${estimator}: ${r[estimator].value} vs golden ${g.expected[estimator]}`);
  }
  store.dispose();
});

test('offPolicyEvaluation refuses a target the log cannot identify and bad propensities, naming them', async () => {
  const g = loadGolden('bandits/decisions_ope.json');
  const store = await goldenStore(g);
  refused(() => store.offPolicyEvaluation({ scope: 'content', target: { probabilities: { a: 0.5, zz: 0.5 } } }), 'invalid_argument', /does not have: 'zz'/);
  store.writeMetrics('decisions', [{ decision_id: 'det', scope: 'content', arm: 'a', propensity: 1, policy_version: 'u', decided_at: '2026-01-03' }]);
  store.writeMetrics('outcomes', [{ decision_id: 'det', impressions: 10, collected_at: '2026-01-04' }]);
  refused(() => store.offPolicyEvaluation({ scope: 'content', target: g.target }), 'invalid_argument', /decision 'det' was logged with propensity 1 for arm 'a'/);
  store.writeMetrics('decisions', [{ decision_id: 'zero', scope: 'timing', arm: 'h07', propensity: 0, policy_version: 't', decided_at: '2026-01-03' }]);
  refused(() => store.offPolicyEvaluation({ scope: 'timing', target: { probabilities: { h07: 1 } } }), 'invalid_argument', /decision 'zero' \(arm 'h07'\) was logged with propensity 0/);
  store.dispose();
});

test('store.bandit serves what learn stored, with the job\'s floor and allowed hours; selectAndLog writes decisions; the CLI agrees', async () => {
  const path = freshPath();
  const store = await openDatabase(path);
  store.generateDemo({ days: 20, endDate: '2026-11-13', postsPerDay: 6 });
  refused(() => store.bandit('timing'), 'not_found', /no learning run yet/);
  refused(() => store.learn({ date: '2026-11-12', today: '2026-11-13', timingBandit: { floor: 0.1 } }), 'invalid_argument', /floor 0.1 x 24 allowed arms = 2.4 > 1/);
  refused(() => store.learn({ date: '2026-11-12', today: '2026-11-13', timingBandit: { allowed: [] } }), 'invalid_argument', /allowed is empty/);
  refused(() => store.learn({ date: '2026-11-12', today: '2026-11-13', contentBandit: { allowed: ['nope'] } }), 'invalid_argument', /unknown arms: 'nope'/);
  const allowed = Array.from({ length: 18 }, (_, i) => i + 6);
  const run = store.learn({ date: '2026-11-12', today: '2026-11-13', timingBandit: { floor: 0.01, allowed }, contentBandit: { floor: 0.05 } });
  assert.equal(run.status === 'ok' || run.status === 'partial', true, JSON.stringify(run.status));
  const timing = store.bandit('timing');
  assert.equal(timing.policyVersion, 'timing@2026-11-12');
  const p = timing.probabilities();
  assert.equal(p.policy, 'ucb1');
  assert.equal(p.floor, 0.01);
  for (const a of p.arms) {
    assert.equal(a.arm, `h${String(a.hour).padStart(2, '0')}`);
    if (/** @type {number} */ (a.hour) < 6) assert.equal(a.probability, 0, `hour ${a.hour} is not allowed`);
    else assert.ok(a.probability >= 0.01 - 1e-12, `hour ${a.hour}: ${a.probability}`);
  }
  const only = timing.probabilities({ allowed: [9, 'h10'] });
  assert.ok(close(only.arms[9].probability + only.arms[10].probability, 1, 1e-12));
  refused(() => timing.probabilities({ allowed: [3] }), 'invalid_argument', /no arm is allowed: the call allows only 'h03'/);
  const logged = timing.selectAndLog(4, { context: { campaign: 'launch' }, decidedAt: '2026-11-13T08:00:00Z' });
  assert.equal(logged.length, 4);
  assert.deepEqual(logged.map((d) => d.decision_id), ['timing@2026-11-12-1', 'timing@2026-11-12-2', 'timing@2026-11-12-3', 'timing@2026-11-12-4']);
  const rows = store.readMetrics('decisions');
  assert.equal(rows.length, 4);
  assert.deepEqual(rows.map((r) => [r.decision_id, r.arm, r.propensity, r.context, r.policy_version]), logged.map((d) => [d.decision_id, d.arm, d.propensity, { campaign: 'launch' }, 'timing@2026-11-12']));
  timing.dispose();
  const content = store.bandit('content');
  const cp = content.probabilities();
  assert.equal(cp.policy, 'thompson');
  assert.ok(cp.arms.every((a) => a.probability >= 0.05 - 1e-12 && a.hour === undefined));
  content.dispose();
  store.save();
  store.dispose();

  // The native CLI serves the same distribution from the same file.
  const cli = runCli(nativeCli(), ['select', '--db', path, '--scope', 'timing', '--allowed', '9,h10', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const native = JSON.parse(cli.stdout);
  assert.deepEqual(native.arms.map((/** @type {{probability: number}} */ a) => a.probability), only.arms.map((a) => a.probability));
  assert.equal(native.policy_version, 'timing@2026-11-12');
});

test('ope --db gives the JS answer natively, and refuses an unknown arm in the policy file', async () => {
  const g = loadGolden('bandits/decisions_ope.json');
  const store = await goldenStore(g);
  const js = store.offPolicyEvaluation({ scope: 'content', target: g.target });
  const path = freshPath();
  writeFileSync(path, store.export());
  store.dispose();
  const target = join(dir, 'target.json');
  writeFileSync(target, JSON.stringify(g.target));
  const r = runCli(nativeCli(), ['ope', '--db', path, '--scope', 'content', '--target', target, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), js);
  writeFileSync(target, JSON.stringify({ probabilities: { a: 0.5, q: 0.5 } }));
  const bad = runCli(nativeCli(), ['ope', '--db', path, '--scope', 'content', '--target', target]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /target names arms the content scope does not have: 'q'/);
});
