// The npm package's `learnloop` bin against the native binary: same flags, same bytes on stdout
// and stderr, same exit codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { nativeCli, runCli } from './helpers.mjs';

const cases = [
  ['bandit', 'simulate', '--policy', 'thompson', '--probs', '0.02,0.03,0.05', '--rounds', '100000', '--seed', '7', '--json'],
  ['bandit', 'simulate', '--probs', '0.3,0.5', '--rounds', '2000', '--seed', '3'],
  ['bandit', 'simulate', '--policy', 'ucb1', '--probs', '0.02,0.03,0.05', '--rounds', '20000', '--seed', '7', '--json'],
  ['bandit', 'simulate', '--policy', 'epsilon-greedy', '--epsilon', '0.3', '--probs', '0.02,0.03,0.05', '--rounds', '20000', '--json'],
  ['bandit', 'simulate', '--policy', 'linucb', '--dim', '6', '--probs', '0.3,0.4,0.5', '--rounds', '5000', '--seed', '1', '--json'],
  ['bandit', 'simulate', '--policy', 'lints', '--dim', '6', '--probs', '0.3,0.4,0.5', '--rounds', '5000', '--seed', '1', '--json'],
  ['bandit', 'simulate', '--policy', 'thompson', '--dim', '6', '--probs', '0.3,0.4,0.5', '--rounds', '5000', '--seed', '1', '--json'],
  ['bandit', 'simulate', '--policy', 'linucb', '--probs', '0.3,0.4', '--rounds', '50'],
  ['bandit', 'simulate', '--policy', 'epsilon-greedy', '--epsilon', 'x', '--probs', '0.3,0.4', '--rounds', '50'],
  ['bandit', 'simulate', '--probs', '0.1,1.5', '--rounds', '5'],
  ['bandit', 'simulate', '--probs', '0.1,abc', '--rounds', '5'],
  ['bandit', 'simulate', '--probs', '0.1', '--rounds', '0'],
  ['bandit', 'simulate', '--probs', '0.1', '--rounds', '1.5'],
  ['bandit', 'simulate', '--policy', 'bogus', '--probs', '0.1', '--rounds', '5'],
  ['bandit', 'simulate', '--rounds', '5'],
  ['nonsense'],
  [],
  ['--help'],
  ['--version'],
  ['bandit', 'simulate', '--help'],
];

for (const args of cases) {
  test(`npm bin and native CLI agree: learnloop ${args.join(' ')}`, () => {
    const native = runCli(nativeCli(), args);
    const npm = runCli('npm-bin', args);
    assert.deepEqual(npm, native);
  });
}

test('bad input: exit code 2 and exactly one line on stderr, nothing on stdout', () => {
  const r = runCli('npm-bin', ['bandit', 'simulate', '--probs', '0.1,1.5', '--rounds', '5']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'learnloop: error: probs[1] is 1.5; expected a probability in [0, 1]\n');
});
