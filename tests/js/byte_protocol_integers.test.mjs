// integerValue() reads a bound int64 as two 32-bit words when it is surely a safe number and through BigInt
// otherwise: at every edge of that shortcut (the high word's limits, 2^53 - 1, 2^53, the int64 extremes) it must
// answer what the BigInt reading answers: a number exactly when |v| <= 2^53 - 1, else the BigInt.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { integerValue } from '../../dist/byte_protocol.js';

/** The answer of the plain BigInt reading, for comparison. */
const reference = (v) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

test('integerValue answers as the BigInt reading at every edge of its 32-bit shortcut', () => {
  const edges = [0n, 1n, -1n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), -(2n ** 32n) - 1n];
  const limits = [2n ** 53n - 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n];
  for (const v of limits) edges.push(v, v - 1n, v + 1n, -v, -v - 1n, -v + 1n);
  edges.push(-(2n ** 63n));
  const view = new DataView(new ArrayBuffer(16));
  for (const v of edges.filter((e) => e >= -(2n ** 63n) && e < 2n ** 63n)) {
    view.setBigInt64(4, v, true);
    const got = integerValue(view, 4);
    const want = reference(v);
    assert.equal(typeof got, typeof want, `type for ${v}`);
    assert.equal(got, want, `value for ${v}`);
  }
});
