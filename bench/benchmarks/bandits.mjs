/**
 * Bandit select + update per second at scale: Thompson sampling with 10 and 1,000 arms and LinUCB
 * with 10 arms and contexts of length 16; learnloop native vs learnloop wasm in Node, and for
 * Thompson sampling a plain TypeScript sampler in the same Node. Workload in bench/lib/bandit_contender.mjs.
 */
import { measureAll } from '../lib/bandit_contender.mjs';

/** Builds one benchmark entry for the harness. */
function entry(title, policy, arms, dim, rounds, repeats) {
  return {
    name: `Bandit select + update: ${title}`,
    description:
      `${rounds.toLocaleString('en-US')} rounds of ${policy} select + update with ${arms} arms, best of ${repeats} runs; ` +
      'native in its own process, wasm and the TypeScript peer in one Node process with alternating runs; ' +
      'arm k succeeds with probability 0.02 + 0.03 k / (K - 1)' +
      (dim ? `; contexts of length ${dim} cycle through 256 vectors (1, z), z uniform in [-1, 1)` : '') +
      '; propensity estimation off.',
    baseline: 'learnloop wasm in Node',
    run: async () => measureAll(policy, arms, dim, rounds, repeats),
  };
}

/** The entries this file registers. */
export const benchmarks = [
  entry('Thompson sampling, 10 arms', 'thompson', 10, 0, 500000, 3),
  entry('Thompson sampling, 1,000 arms', 'thompson', 1000, 0, 10000, 3),
  entry('LinUCB, 10 arms, context length 16', 'linucb', 10, 16, 200000, 3),
];
