// The limits and input checks of issue 16 (items 4, 6, 11) through the npm package and its bin, next to
// the native CLI: both refuse the same input with exit 2 and the same message, and the JS API throws a
// LearnloopError with that message, so a limit cannot hold on one target and not the other.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError } from '../../dist/node.js';
import { nativeCli, runCli } from './helpers.mjs';

const ll = await init();
const native = nativeCli();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-limits-'));
const file = (name, bytes) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** Both CLIs exit 2 with the same stderr, which includes `message`. */
function bothRefuse(args, message) {
  const a = runCli(native, args);
  const b = runCli('npm-bin', args);
  assert.equal(a.status, 2, a.stderr);
  assert.equal(b.status, 2, b.stderr);
  assert.ok(a.stderr.includes(message), a.stderr);
  assert.equal(b.stderr, a.stderr);
}

/** `fn` throws a LearnloopError `invalid_argument` whose message includes `message`. */
const refuses = (fn, message) =>
  assert.throws(fn, (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && e.message.includes(message));

test('simulations have bounded rounds and work on both targets', () => {
  bothRefuse(['bandit', 'simulate', '--probs', '0.1,0.2', '--rounds', '4294967295'],
    'rounds is 4294967295; expected an integer in [1, 100000000]');
  const tenArms = '0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.2';
  bothRefuse(['bandit', 'simulate', '--policy', 'linucb', '--probs', tenArms, '--dim', '4096', '--rounds', '10'],
    'expected arms x dim^2 at most 16777216 (dim at most 1295)');
  refuses(() => ll.simulateBandit({ policy: 'thompson', probs: [0.1, 0.2], rounds: 4294967295, seed: 1 }),
    'rounds is 4294967295; expected an integer in [1, 100000000]');
});

test('a bandit has at most 10,000 arms, from options and from add', () => {
  refuses(() => ll.bandit({ policy: 'thompson', arms: 1e9 }), 'arms is 1000000000; expected at most 10000');
  const b = ll.bandit({ policy: 'thompson', arms: 10000 });
  try {
    refuses(() => b.addArm('one-more'), "cannot add arm 'one-more': the bandit has 10001 arms; expected at most 10000");
  } finally {
    b.dispose();
  }
});

test('GBDT fits run at most 10,000 boosting rounds', () => {
  const rows = Array.from({ length: 20 }, (_, i) => ({ x: i, y: 2 * i }));
  refuses(() => ll.fitGbdtRegressor({ records: rows, target: 'y', spec: { columns: ['x'] } }, { nEstimators: 1e9 }),
    'n_estimators is 1000000000; expected an integer in 1..10000');
});

test('integers beyond int64 are bad rows on both targets, never wrapped', () => {
  for (const value of ['18446744073709551615', '9223372036854775808']) {
    const db = join(dir, `ints-${value}.db`);
    assert.equal(runCli(native, ['init', '--db', db]).status, 0);
    const rows = file('big.jsonl', `{"decision_id":"p","impressions":${value},"collected_at":"2026-01-01"}\n`);
    bothRefuse(['ingest', '--db', db, '--table', 'outcomes', '--file', rows],
      `column 'impressions': ${value} is not an integer from -2^63 to 2^63-1`);
  }
});

test('text that is not UTF-8 is refused where it comes in, on both targets', () => {
  const vectors = Buffer.alloc(24);
  for (const [row, x] of [[0, 1], [1, 0]]) {
    vectors.writeInt32LE(2, row * 12);
    vectors.writeFloatLE(x, row * 12 + 4);
    vectors.writeFloatLE(1 - x, row * 12 + 8);
  }
  const ids = file('ids.txt', Buffer.from('good\nbad\xff\n', 'latin1'));
  bothRefuse(['index', 'build', '--vectors', file('two.fvecs', vectors), '--ids', ids, '--out', join(dir, 'two.index')],
    'an id is not valid UTF-8 (at byte 3)');
  const db = join(dir, 'text.db');
  assert.equal(runCli(native, ['init', '--db', db]).status, 0);
  const csv = file('bad.csv', Buffer.from('decision_id,platform,decision_type\nc1,tik\xfftok,video\n', 'latin1'));
  bothRefuse(['ingest', '--db', db, '--table', 'content_metadata', '--file', csv],
    "line 2: column 'platform': the text is not valid UTF-8 (at byte 3)");
});
