// Hostile arguments at the JS seam: every public method of the npm package (the exported functions, the
// Learnloop instance and every handle type, enumerated from the prototypes so a new method is walked
// without editing this file) is called with wrong types, null, NaN, huge, BigInt and circular values in
// each argument position; every throw must be a LearnloopError with a non-empty code and message, never a
// WebAssembly.Exception, TypeError, BindingError or SQLite3Error. Plus the seam's own regressions: a
// handle disposed during one of its calls, integers that used to wrap, int64 values through the database,
// and openDatabase given bytes in Node.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import * as pkg from '../../dist/node.js';
import { noNodeSqlite } from './helpers.mjs';

const { LearnloopError, init, openDatabase } = pkg;
const ll = await init();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-hostile-api-'));
let fileCount = 0;
const freshPath = () => join(dir, `db${++fileCount}.db`);

const circular = { a: 1 };
circular.self = circular;

/** The hostile values tried in every argument position. */
const HOSTILE = [
  undefined, null, NaN, Infinity, -1, 1.5, 2 ** 32 + 2, 1e308, 5n, '', 'x', '\u0000', '\ud800',
  [], [null], {}, circular, { date: 5, from: 5, today: 5, onProgress: 5 }, { big: 5n }, () => 0, Symbol('s'),
  new Uint8Array([1, 2, 3]),
];

/** Public methods and getters of a class, its bases included (dispose and close are walked last, apart). */
function members(cls) {
  const names = new Set();
  for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto))
    for (const key of Reflect.ownKeys(proto)) if (key !== 'constructor') names.add(key);
  return [...names];
}

/** The property descriptor of `key` on `cls`'s prototype chain. */
function descriptorOf(cls, key) {
  for (let p = cls.prototype; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

/** Asserts `error` is a LearnloopError with a code and a message. */
function assertLearnloopError(error, where) {
  assert.ok(error instanceof LearnloopError, `${where} threw ${error?.constructor?.name ?? typeof error}: ${String(error?.message ?? error)}`);
  assert.ok(typeof error.code === 'string' && error.code.length > 0, `${where}: empty code`);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `${where}: empty message`);
}

/** Calls `call()`; a throw or a rejection must be a LearnloopError. Returns the number of throws. */
async function probe(where, call) {
  try {
    const value = call();
    if (value instanceof Promise) {
      const settled = await value.then(
        (v) => v,
        (e) => ({ rejected: e }),
      );
      if (settled && typeof settled === 'object' && 'rejected' in settled) {
        assertLearnloopError(settled.rejected, where);
        return 1;
      }
      settled?.dispose?.();
    }
    return 0;
  } catch (error) {
    assertLearnloopError(error, where);
    return 1;
  }
}

/** Walks every member of `cls` on objects from `make()` with each hostile value at each position up to 3. */
async function walk(cls, make, skip = new Set()) {
  let calls = 0;
  let throws = 0;
  for (const key of members(cls)) {
    if (skip.has(key) || key === 'dispose' || key === 'close' || typeof key === 'symbol') continue;
    const descriptor = descriptorOf(cls, key);
    const target = make();
    try {
      if (descriptor?.get) {
        throws += await probe(`${cls.name}.${key}`, () => target[key]);
        ++calls;
        continue;
      }
      for (let position = 0; position < 3; ++position) {
        for (const value of HOSTILE) {
          const args = [...Array(position).fill('x'), value];
          throws += await probe(`${cls.name}.${key}(${args.map((a) => typeof a).join(', ')})`, () => target[key](...args));
          ++calls;
        }
      }
    } finally {
      target.dispose?.();
    }
  }
  return { calls, throws };
}

test('every public method refuses hostile arguments with a LearnloopError', { timeout: 600_000 }, async () => {
  const here = process.cwd();
  process.chdir(dir); // a method that wrongly writes a file named after an argument writes it here
  try {
    const totals = [];
    const skipLearnloop = new Set(['storeOver']); // @internal
    totals.push(await walk(ll.constructor, () => ll, skipLearnloop));
    totals.push(await walk(pkg.Bandit, () => ll.bandit({ policy: 'thompson', arms: 3 })));
    totals.push(await walk(pkg.EmbeddingIndex, () => ll.embeddingIndex({ T: { dim: 2 } })));
    // Stores open asynchronously: one fresh database per method.
    let calls = 0;
    let throws = 0;
    for (const key of members(pkg.MetricsStore)) {
      if (key === 'dispose' || key === 'close' || typeof key === 'symbol') continue;
      const store = await openDatabase(freshPath());
      const getter = descriptorOf(pkg.MetricsStore, key)?.get;
      for (let position = 0; position < (getter ? 1 : 3); ++position) {
        for (const value of getter ? [undefined] : HOSTILE) {
          const args = [...Array(position).fill('x'), value];
          throws += await probe(`MetricsStore.${key}`, () => (getter ? store[key] : store[key](...args)));
          ++calls;
        }
      }
      store.dispose();
    }
    totals.push({ calls, throws });
    // The exported functions of the entry point.
    calls = 0;
    throws = 0;
    for (const [name, fn] of Object.entries(/** @type {Record<string, any>} */ (pkg))) {
      if (typeof fn !== 'function' || /^[A-Z]/.test(name) || name === 'init') continue;
      for (const value of HOSTILE) {
        throws += await probe(`${name}(${typeof value})`, () => fn(value));
        ++calls;
      }
    }
    totals.push({ calls, throws });
    // After dispose(), every method throws a LearnloopError; with good arguments its code is `disposed` (export() included).
    const store = await openDatabase(freshPath());
    store.dispose();
    for (const key of members(pkg.MetricsStore)) {
      if (['dispose', 'close', 'disposed', 'releaseOwned'].includes(String(key)) || typeof key === 'symbol') continue; // releaseOwned: protected, runs once at free
      const getter = descriptorOf(pkg.MetricsStore, key)?.get;
      // A bad argument may be named before the disposal is noticed; either way a LearnloopError.
      assert.throws(() => (getter ? store[key] : store[key]({})), (e) => e instanceof LearnloopError, `MetricsStore.${key}`);
    }
    for (const call of [() => store.export(), () => store.save(), () => store.overview(), () => store.learn({})]) {
      assert.throws(call, (e) => e instanceof LearnloopError && e.code === 'disposed');
    }
    const sum = totals.reduce((a, t) => ({ calls: a.calls + t.calls, throws: a.throws + t.throws }), { calls: 0, throws: 0 });
    console.log(`hostile_api: ${sum.calls} calls, ${sum.throws} LearnloopErrors, 0 other throws`);
    assert.ok(sum.calls > 1000);
    // openDatabase('x') opens (creates) the database 'x' ('\ud800' names the file U+FFFD); on node:sqlite the file is
    // written when it opens (issue 19), the in-memory backend writes it only on save().
    const opened = noNodeSqlite() === undefined ? ['x', '\ufffd'] : [];
    assert.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('db') && !opened.includes(f)), [], 'no stray files');
  } finally {
    process.chdir(here);
  }
});

test('dispose() during a call is deferred: the call completes, later calls throw code disposed', async () => {
  const store = await openDatabase(freshPath());
  store.generateDemo({ days: 20, endDate: '2026-11-13', postsPerDay: 4 });
  let inside = 0;
  const result = store.learn({
    date: '2026-11-12',
    today: '2026-11-13',
    onProgress: () => {
      ++inside;
      store.dispose();
      assert.equal(store.disposed, true);
      assert.throws(() => store.overview(), (e) => e instanceof LearnloopError && e.code === 'disposed');
    },
  });
  assert.ok(inside > 0, 'onProgress ran');
  assert.equal(typeof result, 'object');
  assert.equal(store.disposed, true);
  assert.throws(() => store.learn({}), (e) => e instanceof LearnloopError && e.code === 'disposed');
  assert.throws(() => store.export(), (e) => e instanceof LearnloopError && e.code === 'disposed');
  store.dispose(); // again: nothing

  const bandit = ll.bandit({ policy: 'thompson', arms: 2 });
  const index = ll.embeddingIndex({ T: { dim: 2 } });
  // A callback that disposes a bandit and an index while the store's call runs: both free at once (no call of theirs runs).
  const other = await openDatabase(freshPath());
  other.generateDemo({
    days: 2,
    endDate: '2026-11-13',
    postsPerDay: 2,
    onProgress: () => {
      bandit.dispose();
      index.dispose();
    },
  });
  assert.equal(bandit.disposed && index.disposed, true);
  assert.throws(() => bandit.select(), (e) => e instanceof LearnloopError && e.code === 'disposed');
  other.dispose();
});

test('integers crossing the seam are range-checked, never wrapped or truncated', () => {
  const refused = (fn, pattern) => assert.throws(fn, (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && pattern.test(e.message));
  const b = ll.bandit({ policy: 'thompson', arms: ['a', 'b', 'c'] });
  try {
    refused(() => b.update(2 ** 32, 1), /arm/);
    refused(() => b.update(null, 1), /arm/);
    refused(() => b.update(1.5, 1), /arm/);
    b.updateBatch(/** @type {any} */ (['b', 'c']), [1, 1]); // names resolve to their arms, as update() resolves them
    assert.deepEqual(Array.from(b.stats().pulls), [0, 1, 1]);
    assert.throws(() => b.updateBatch(/** @type {any} */ (['nope']), [1]), (e) => e instanceof LearnloopError);
  } finally {
    b.dispose();
  }
  const x = Float64Array.from({ length: 8 }, (_, i) => i * i + (i % 3));
  refused(() => ll.fitRidge({ x, rows: 2 ** 32 + 4, cols: 2, y: new Float64Array(4) }), /rows/);
  refused(() => ll.embeddingIndex({ T: { dim: 2 ** 32 + 4 } }), /dim/);
  const model = ll.fitGbdtRegressor({ x: Float64Array.from({ length: 40 }, (_, i) => i), rows: 40, cols: 1, y: Float64Array.from({ length: 40 }, (_, i) => (i > 20 ? 1 : 0)) }, { nEstimators: 2 });
  for (const bad of [2 ** 32 + 2, 1.5]) {
    const doc = JSON.parse(JSON.stringify(model));
    doc.trees[0].feature[0] = bad;
    refused(() => ll.predict(JSON.stringify(doc), { x: new Float64Array([1]), rows: 1, cols: 1 }), /feature/);
  }
  refused(() => ll.renderProgressLine('x', 1, 2, 1e9), /width/);
});

test('int64 values travel exactly through the database (2^63 - 1, 2^53 + 1)', async () => {
  const store = await openDatabase(freshPath());
  try {
    const values = [2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 63n)];
    values.forEach((v, i) =>
      store.writeMetrics('outcomes', { decision_id: `d${i}`, impressions: 1, collected_at: '2026-01-01', followers_gained: v }),
    );
    const rows = store.readMetrics('outcomes');
    assert.deepEqual(rows.map((r) => r.followers_gained), values);
    assert.equal(rows[0].impressions, 1); // small integers stay numbers
  } finally {
    store.dispose();
  }
});

test('openDatabase in Node takes a path only: bytes are refused and no file is written', async () => {
  for (const bad of /** @type {any[]} */ ([new Uint8Array([1, 2, 3]), null, 5, '', 'a\u0000b']))
    await assert.rejects(openDatabase(bad), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
  await assert.rejects(openDatabase(freshPath(), /** @type {any} */ ({ create: 'yes' })), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
});
