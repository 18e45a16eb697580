/**
 * Regret of the context-free policies on the problem (Bernoulli arms 0.02, 0.03, 0.05):
 * mean expected regret over 5 seeds after 10,000 and 100,000 rounds, from the native CLI's
 * `bandit simulate --json`. Growth from 10k to 100k rounds shows whether regret is sublinear
 * (a linear policy grows 10x).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'build/native-release/bin/learnloop');

/** Mean regret of `policy` over seeds 1..5 after `rounds` rounds. */
function meanRegret(policy, rounds, extra = []) {
  let total = 0;
  for (let seed = 1; seed <= 5; seed++) {
    const out = execFileSync(cli, ['bandit', 'simulate', '--policy', policy, '--probs', '0.02,0.03,0.05',
      '--rounds', String(rounds), '--seed', String(seed), ...extra, '--json'], { encoding: 'utf8' });
    total += JSON.parse(out).regret;
  }
  return total / 5;
}

/** The entries this file registers. */
export const benchmarks = [
  {
    name: 'Regret on probs 0.02, 0.03, 0.05 (lower is better)',
    description:
      'Mean expected regret over seeds 1-5 after 100,000 rounds (the value column), and after 10,000 rounds (note), ' +
      'from `learnloop bandit simulate`. epsilon-greedy uses epsilon 0.1, fixed, so it keeps exploring: its regret grows ' +
      'linearly by design (epsilon / K x sum of gaps per round).',
    baseline: 'thompson',
    unit: 'mean regret',
    run: async () =>
      /** @type {Array<[string, string[]]>} */ ([['thompson', []], ['ucb1', []], ['epsilon-greedy', ['--epsilon', '0.1']]]).map(([policy, extra]) => {
        const late = meanRegret(policy, 100000, extra);
        const early = meanRegret(policy, 10000, extra);
        return { impl: policy, value: late, note: `${early.toFixed(1)} after 10,000 rounds: x${(late / early).toFixed(2)} for 10x the rounds` };
      }),
  },
];
