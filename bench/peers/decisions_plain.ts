/**
 * The plain TypeScript peer of the decision benchmark (bench/benchmarks/decisions.mjs): a Thompson
 * sampling policy's full arm distribution estimated from seeded posterior draws (the winner of each
 * draw counted), mixed with an exploration floor, and many picks drawn from it by inverse CDF, each
 * with its propensity. Written the way a TypeScript service would write it without learnloop, over
 * the Beta sampler of thompson_plain.ts.
 */
import { beta, Xoshiro128 } from './thompson_plain.js';

/** A Beta-Bernoulli Thompson policy with a floor, serving distributions and picks. */
export class ThompsonDecisions {
  private readonly rng: Xoshiro128;

  /** Successes and failures per arm, and the least probability of each arm. */
  constructor(
    private readonly successes: number[],
    private readonly failures: number[],
    private readonly floor: number,
    private readonly draws: number,
    seed: number,
  ) {
    this.rng = new Xoshiro128(seed);
  }

  /** The probability of every arm: share of `draws` posterior draws each wins, then floor + (1 - floor K) p. */
  probabilities(): Float64Array {
    const k = this.successes.length;
    const wins = new Float64Array(k);
    const rng = new Xoshiro128(3);
    for (let d = 0; d < this.draws; d++) {
      let best = 0;
      let bestDraw = -1;
      for (let i = 0; i < k; i++) {
        const x = beta(rng, 1 + (this.successes[i] ?? 0), 1 + (this.failures[i] ?? 0));
        if (x > bestDraw) {
          bestDraw = x;
          best = i;
        }
      }
      wins[best] = (wins[best] ?? 0) + 1;
    }
    for (let i = 0; i < k; i++) wins[i] = this.floor + (1 - this.floor * k) * ((wins[i] ?? 0) / this.draws);
    return wins;
  }

  /** `n` picks from probabilities(): arm indices and their propensities. */
  selectMany(n: number): { arms: Uint32Array; propensities: Float64Array } {
    const p = this.probabilities();
    const arms = new Uint32Array(n);
    const propensities = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const u = this.rng.uniform();
      let cumulative = 0;
      let arm = p.length - 1;
      for (let i = 0; i < p.length; i++) {
        cumulative += p[i] ?? 0;
        if (u < cumulative) {
          arm = i;
          break;
        }
      }
      arms[j] = arm;
      propensities[j] = p[arm] ?? 0;
    }
    return { arms, propensities };
  }
}
