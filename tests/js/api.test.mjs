// The npm package's API in Node 20: loading once, LearnloopError with stable codes for bad input,
// handle ownership (dispose, Symbol.dispose), batch updates and versioned state round trips.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Bandit, init, LearnloopError } from 'learnloop';

import { repoPath } from './helpers.mjs';

// Node 20 has no `using` syntax: handles made with owned() are disposed when the test ends.
const owned = (ctx, handle) => {
  ctx.after(() => handle.dispose());
  return handle;
};

const rejects = (fn, code, message) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof LearnloopError, `expected LearnloopError, got ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });

test('init() loads the wasm once and reports the package version', async () => {
  const [a, b] = await Promise.all([init(), init()]);
  assert.equal(a, b);
  assert.equal(a, await init());
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8'));
  assert.equal(a.version, pkg.version);
});

test('simulateBandit: bad input throws LearnloopError with the core message', async () => {
  const ll = await init();
  rejects(() => ll.simulateBandit({ probs: [0.1, 1.5], rounds: 5 }), 'invalid_argument', /probs\[1\] is 1\.5; expected a probability in \[0, 1\]/);
  // @ts-expect-error a probability that is not a number, on purpose
  rejects(() => ll.simulateBandit({ probs: [0.1, 'x'], rounds: 5 }), 'invalid_argument', /probs\[1\]/);
  rejects(() => ll.simulateBandit({ probs: [0.1], rounds: 0 }), 'invalid_argument', /rounds is 0/);
  rejects(() => ll.simulateBandit({ probs: [0.1], rounds: 2.5 }), 'invalid_argument', /rounds is 2\.5/);
  rejects(() => ll.simulateBandit({ probs: [0.1], rounds: -1 }), 'invalid_argument', /rounds is -1/);
  // @ts-expect-error rounds missing, on purpose
  rejects(() => ll.simulateBandit({ probs: [0.1] }), 'invalid_argument', /rounds is missing/);
  // @ts-expect-error an unknown policy, on purpose
  rejects(() => ll.simulateBandit({ policy: 'nope', probs: [0.1], rounds: 3 }), 'invalid_argument', /unknown policy 'nope'/);
  rejects(() => ll.simulateBandit(null), 'invalid_argument', /expects an object/);
});

test('simulateBandit accepts typed arrays and reports progress', async () => {
  const ll = await init();
  const seen = [];
  const report = ll.simulateBandit({
    probs: new Float64Array([0.2, 0.8]),
    rounds: 500,
    seed: 4,
    onProgress: (label, done, total) => seen.push([label, done, total]),
  });
  assert.equal(report.pulls.reduce((a, b) => a + b), 500);
  assert.equal(seen.length, 100);
  assert.deepEqual(seen.at(-1), ['simulate', 500, 500]);
});

test('bandit settings are validated by the core, camelCase names included', async () => {
  const ll = await init();
  // @ts-expect-error an unknown policy, on purpose
  rejects(() => ll.bandit({ policy: 'greedy' }), 'invalid_argument', /unknown policy 'greedy'/);
  rejects(() => ll.thompsonSampling({ arms: 2.5 }), 'invalid_argument', /arms is 2\.5/);
  rejects(() => ll.thompsonSampling({ arms: 2, priorAlpha: 0 }), 'invalid_argument', /prior_alpha is 0/);
  rejects(() => ll.thompsonSampling({ arms: 2, successThreshold: 1 }), 'invalid_argument', /success_threshold is 1/);
  rejects(() => ll.thompsonSampling({ arms: 2, seed: -1 }), 'invalid_argument', /seed is -1/);
  rejects(() => ll.bandit({ policy: 'linucb', arms: 2 }), 'invalid_argument', /dim is 0; expected dim >= 1/);
  // @ts-expect-error a misspelt setting, on purpose
  rejects(() => ll.bandit({ policy: 'ucb1', arms: 2, epsilonn: 0.1 }), 'invalid_argument', /unknown bandit setting 'epsilonn'/);
  rejects(() => ll.bandit(null), 'invalid_argument', /must be an object/);
});

test('Bandit: update errors leave the state unchanged', async (ctx) => {
  const ll = await init();
  const t = owned(ctx, ll.thompsonSampling({ arms: 3, seed: 1 }));
  const before = t.toJSON();
  rejects(() => t.update(3, 1), 'invalid_argument', /arm 3 does not exist; expected an arm index in \[0, 3\)/);
  rejects(() => t.update(0.5, 1), 'invalid_argument', /arm is 0\.5/);
  rejects(() => t.update(0, 2), 'invalid_argument', /reward is 2; expected a finite number in \[0, 1\]/);
  rejects(() => t.update(0, NaN), 'invalid_argument', /reward is nan/);
  rejects(() => t.update('nope', 1), 'not_found', /no arm named 'nope'/);
  rejects(() => t.update(0, 1, [1, 2]), 'invalid_argument', /context has 2 numbers; thompson expects 0/);
  rejects(() => t.updateBatch(new Uint32Array([0, 1, 7]), new Float64Array([1, 0, 1])), 'invalid_argument', /^entry 2: /);
  rejects(() => t.updateBatch([0], [1, 0]), 'invalid_argument', /equal lengths/);
  rejects(() => t.addArm('0'), 'invalid_argument', /already exists/);
  assert.equal(t.toJSON(), before);
});

test('Bandit: named arms, batch updates, typed-array statistics, add and remove arms', async (ctx) => {
  const ll = await init();
  const t = owned(ctx, ll.bandit({ arms: ['thread', 'video'], successThreshold: 0.03 }));
  t.updateBatch(new Uint32Array([0, 0, 1]), new Float64Array([0.045, 0.01, 0.03]));
  t.update('video', 0.05);
  const stats = t.stats();
  assert.ok(stats.pulls instanceof Float64Array);
  assert.deepEqual([...stats.pulls], [2, 2]);
  assert.deepEqual([...stats.successes], [1, 1]);
  assert.deepEqual([...stats.estimate], [0.5, 0.5]);
  assert.equal(t.addArm('poll'), 2);
  t.removeArm('thread');
  assert.deepEqual(t.armNames, ['video', 'poll']);
  const s = t.select();
  assert.equal(s.arm_name, t.armNames[s.arm]);
  assert.ok(s.propensity > 0 && s.propensity <= 1);
});

test('Bandit: JSON state round trip continues the same choices', async (ctx) => {
  const ll = await init();
  const a = owned(ctx, ll.bandit({ policy: 'lints', arms: 3, dim: 2, seed: 9 }));
  for (let i = 0; i < 40; i++) a.update(a.select([1, i / 40]).arm, i % 2, [1, i / 40]);
  const b = owned(ctx, ll.banditFromJSON(a.toJSON()));
  assert.ok(b instanceof Bandit);
  assert.equal(b.toJSON(), a.toJSON());
  for (let i = 0; i < 50; i++) assert.deepEqual(b.select([1, -i / 50]), a.select([1, -i / 50]));
  rejects(() => ll.banditFromJSON('{oops'), 'parse_error', /not valid JSON/);
  rejects(() => ll.banditFromJSON('{"format":"other","version":1}'), 'unsupported_version', /expected "learnloop.bandit"/);
  const newer = a.toJSON().replace('"version":2', '"version":3');
  rejects(() => ll.banditFromJSON(newer), 'unsupported_version', /version 3/);
});

test('Bandit: merging two shards equals one bandit that saw everything', async (ctx) => {
  const ll = await init();
  for (const policy of /** @type {const} */ (['thompson', 'linucb'])) {
    const dim = policy === 'linucb' ? 2 : 0;
    const make = () => owned(ctx, ll.bandit({ policy, arms: 3, dim }));
    const [whole, one, two] = [make(), make(), make()];
    for (let i = 0; i < 90; i++) {
      const context = dim ? [1, Math.sin(i)] : undefined;
      whole.update(i % 3, i % 5 === 0 ? 1 : 0, context);
      (i < 50 ? one : two).update(i % 3, i % 5 === 0 ? 1 : 0, context);
    }
    one.merge(two);
    assert.deepEqual(one.stats(), whole.stats());
    if (dim) for (let i = 0; i < 10; i++) assert.equal(one.select([1, i / 10]).arm, whole.select([1, i / 10]).arm);
    rejects(() => one.merge(owned(ctx, ll.bandit({ policy: 'ucb1', arms: 3 }))), 'invalid_argument', /cannot merge/);
  }
});

test('handles: dispose() frees, later use throws code disposed, Symbol.dispose works', async () => {
  const ll = await init();
  const t = ll.thompsonSampling({ arms: 2 });
  assert.equal(t.disposed, false);
  t.dispose();
  t.dispose();
  assert.equal(t.disposed, true);
  rejects(() => t.select(), 'disposed', /was disposed/);
  const scoped = ll.thompsonSampling({ arms: 2 });
  assert.equal(typeof Symbol.dispose, 'symbol');
  scoped[Symbol.dispose]();
  assert.equal(scoped.disposed, true);
});
