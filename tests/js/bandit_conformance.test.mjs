// The bandit conformance suite of tests/cpp/bandit_conformance_test.cpp, run on the wasm build
// through the npm package: every policy passes the same checks on both targets.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { init, LearnloopError } from 'learnloop';

const policies = ['thompson', 'ucb1', 'epsilon-greedy', 'linucb', 'lints'];
const linear = (policy) => policy === 'linucb' || policy === 'lints';
const make = (ll, policy, seed = 7) => ll.bandit({ policy, arms: ['a', 'b', 'c'], dim: linear(policy) ? 3 : 0, seed });
const contextFor = (bandit, i) => (bandit.contextDim ? [1, Math.sin(i * 0.7), Math.cos(i * 1.3)] : undefined);

function feed(bandit, rounds) {
  for (let i = 0; i < rounds; i++) {
    const context = contextFor(bandit, i);
    const { arm } = bandit.select(context);
    bandit.update(arm, (i + arm) % 3 === 0 ? 1 : 0, context);
  }
}

for (const policy of policies) {
  test(`${policy}: rejected calls throw LearnloopError and leave the state unchanged`, async () => {
    const ll = await init();
    const b = make(ll, policy);
    feed(b, 20);
    const before = b.toJSON();
    const context = contextFor(b, 0);
    for (const call of [
      () => b.update(3, 1, context),
      () => b.update(0, NaN, context),
      () => b.update(0, Infinity, context),
      () => b.update(0, 1.5, context),
      () => b.update(0, 1, [1, 2, 3, 4, 5]),
      () => b.select([1, 2, 3, 4, 5]),
      () => b.updateBatch([0, 1, 7], [1, 0, 1], context ? [...context, ...context, ...context] : undefined),
      () => b.addArm('a'),
      () => b.removeArm(9),
    ]) {
      assert.throws(call, (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && e.message.length > 10);
    }
    assert.equal(b.toJSON(), before);
    b.dispose();
  });

  test(`${policy}: same seed same choices; save/load continues identically`, async () => {
    const ll = await init();
    const [a, b] = [make(ll, policy, 11), make(ll, policy, 11)];
    feed(a, 60);
    feed(b, 60);
    assert.equal(a.toJSON(), b.toJSON());
    const c = ll.banditFromJSON(a.toJSON());
    for (let i = 0; i < 100; i++) {
      const context = contextFor(a, i);
      const s = a.select(context);
      assert.ok(Number.isNaN(s.propensity) || (s.propensity > 0 && s.propensity <= 1));
      assert.deepEqual(c.select(context), s);
      a.update(s.arm, 1, context);
      c.update(s.arm, 1, context);
    }
    for (const x of [a, b, c]) x.dispose();
  });

  test(`${policy}: arms come and go, reset forgets`, async () => {
    const ll = await init();
    const b = make(ll, policy);
    feed(b, 30);
    assert.equal(b.addArm('d'), 3);
    b.removeArm('b');
    assert.deepEqual(b.armNames, ['a', 'c', 'd']);
    feed(b, 30);
    assert.deepEqual(ll.banditFromJSON(b.toJSON()).armNames, ['a', 'c', 'd']);
    b.reset();
    assert.deepEqual([...b.stats().pulls], [0, 0, 0]);
    b.dispose();
  });
}
