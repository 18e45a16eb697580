/**
 * ThompsonSampling: Beta-Bernoulli Thompson sampling bandit, a thin owner of the core's sampler.
 */
import { unwrap } from './errors.js';
import { WasmHandle } from './handle.js';
import type { RawModule, RawThompson } from './raw_module.js';

/** Options of a Thompson sampler. */
export interface ThompsonOptions {
  /** Number of arms (integer >= 1). */
  arms: number;
  /** Beta prior alpha (> 0); default 1. */
  priorAlpha?: number;
  /** Beta prior beta (> 0); default 1. */
  priorBeta?: number;
  /** A reward strictly above this counts as a success; default 0.5 (suits 0/1 rewards; use 0.03 for engagement rates). */
  successThreshold?: number;
  /** Seed of the sampler's own generator (integer in [0, 2^53-1]); default 0. */
  seed?: number;
}

/** Beta-Bernoulli Thompson sampling over `arms` arms. Call dispose() when done. */
export class ThompsonSampling extends WasmHandle<RawThompson> {
  /** @internal Wraps a raw handle; use Learnloop.thompsonSampling() instead. */
  constructor(raw: RawThompson) {
    super(raw);
  }

  /** @internal Creates a sampler through `module`. */
  static create(module: RawModule, options: ThompsonOptions): ThompsonSampling {
    const o = options ?? ({} as ThompsonOptions);
    return new ThompsonSampling(
      unwrap(module.createThompson(Number(o.arms), o.priorAlpha ?? 1, o.priorBeta ?? 1, o.successThreshold ?? 0.5, o.seed ?? 0)),
    );
  }

  /**
   * Draws once from every arm's Beta posterior and returns the index of the largest draw.
   * @throws {LearnloopError} code `disposed` after dispose()
   */
  select(): number {
    return this.raw.select();
  }

  /**
   * Records `reward` (in [0, 1]) for `arm`.
   * @throws {LearnloopError} code `invalid_argument` for an unknown arm or a reward outside [0, 1]
   */
  update(arm: number, reward: number): void {
    unwrap(this.raw.update(arm, reward));
  }

  /**
   * Records many rewards at once; nothing is recorded if any entry is invalid.
   * @throws {LearnloopError} code `invalid_argument` naming the first bad entry, or for unequal lengths
   */
  updateBatch(arms: Uint32Array | number[], rewards: Float64Array | number[]): void {
    unwrap(this.raw.updateBatch(Uint32Array.from(arms), Float64Array.from(rewards)));
  }

  /** Number of arms. */
  get armCount(): number {
    return this.raw.armCount();
  }

  /** Posterior alpha of every arm (prior alpha + successes). */
  alphas(): Float64Array {
    return this.raw.alphas();
  }

  /** Posterior beta of every arm (prior beta + failures). */
  betas(): Float64Array {
    return this.raw.betas();
  }

  /** Number of updates of every arm. */
  pulls(): Float64Array {
    return this.raw.pulls();
  }

  /** Posterior mean alpha / (alpha + beta) of every arm. */
  posteriorMeans(): Float64Array {
    return this.raw.posteriorMeans();
  }

  /** Versioned JSON state (format "learnloop.thompson"), including the generator, as a string. */
  toJSON(): string {
    return this.raw.toJSON();
  }
}
