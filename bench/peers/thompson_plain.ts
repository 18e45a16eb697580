/**
 * A plain TypeScript Beta-Bernoulli Thompson sampler, written the way a TypeScript service would
 * write it without learnloop: xoshiro128** on 32-bit integers, Marsaglia's polar normal,
 * Marsaglia-Tsang gamma and beta = x / (x + y). It is the "no wasm" peer of the Thompson
 * benchmark (bench/benchmarks/thompson.mjs); bench/run.mjs compiles it into build/bench/.
 * Its Xoshiro128 class also draws the environment's coin flips for both JavaScript contenders.
 */

/** xoshiro128** (Blackman & Vigna): 32-bit state words, 32-bit outputs, seeded through SplitMix32. */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the four state words from `seed` (any 32-bit integer). */
  constructor(seed: number) {
    let x = seed >>> 0;
    const splitmix32 = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix32();
    this.b = splitmix32();
    this.c = splitmix32();
    this.d = splitmix32();
  }

  /** Next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result >>> 0;
  }

  /** Uniform number in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform number in (0, 1): never exactly zero, safe for Math.log(). */
  uniformOpen(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Standard normal N(0, 1) by Marsaglia's polar method (the second value is discarded). */
export function standardNormal(rng: Xoshiro128): number {
  for (;;) {
    const u = 2 * rng.uniform() - 1;
    const v = 2 * rng.uniform() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) draw, shape > 0 (Marsaglia & Tsang; shape < 1 through the Gamma(shape + 1) boost). */
export function gamma(rng: Xoshiro128, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.uniformOpen(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformOpen();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(alpha, beta) draw as x / (x + y) of two gamma draws. */
export function beta(rng: Xoshiro128, alpha: number, betaShape: number): number {
  const x = gamma(rng, alpha);
  const y = gamma(rng, betaShape);
  return x / (x + y);
}

/** Settings of a ThompsonSampler. */
export interface ThompsonSamplerOptions {
  /** Beta prior alpha (> 0); default 1. */
  priorAlpha?: number;
  /** Beta prior beta (> 0); default 1. */
  priorBeta?: number;
  /** A reward above this counts as a success; default 0.5. */
  successThreshold?: number;
  /** Seed of the sampler's generator; default 0. */
  seed?: number;
}

/** Beta-Bernoulli Thompson sampling over a fixed number of arms. */
export class ThompsonSampler {
  private readonly alphas: number[];
  private readonly betas: number[];
  private readonly counts: number[];
  private readonly threshold: number;
  private readonly rng: Xoshiro128;

  /** A sampler over `arms` arms, each starting at the Beta(priorAlpha, priorBeta) prior. */
  constructor(arms: number, options: ThompsonSamplerOptions = {}) {
    if (!Number.isInteger(arms) || arms < 1) throw new RangeError(`arms must be an integer >= 1, got ${arms}`);
    const priorAlpha = options.priorAlpha ?? 1;
    const priorBeta = options.priorBeta ?? 1;
    if (!(priorAlpha > 0) || !(priorBeta > 0)) throw new RangeError('priorAlpha and priorBeta must be > 0');
    this.alphas = new Array<number>(arms).fill(priorAlpha);
    this.betas = new Array<number>(arms).fill(priorBeta);
    this.counts = new Array<number>(arms).fill(0);
    this.threshold = options.successThreshold ?? 0.5;
    this.rng = new Xoshiro128(options.seed ?? 0);
  }

  /** Draws once from every arm's Beta posterior and returns the index of the largest draw. */
  select(): number {
    let best = 0;
    let bestDraw = -1;
    for (let i = 0; i < this.alphas.length; i++) {
      const draw = beta(this.rng, this.alphas[i], this.betas[i]);
      if (draw > bestDraw) {
        bestDraw = draw;
        best = i;
      }
    }
    return best;
  }

  /** Records `reward` (in [0, 1]) for `arm`. */
  update(arm: number, reward: number): void {
    if (!Number.isInteger(arm) || arm < 0 || arm >= this.alphas.length) throw new RangeError(`unknown arm ${arm}`);
    if (!(reward >= 0 && reward <= 1)) throw new RangeError(`reward must be in [0, 1], got ${reward}`);
    if (reward > this.threshold) this.alphas[arm] += 1;
    else this.betas[arm] += 1;
    this.counts[arm] += 1;
  }

  /** Number of updates of every arm. */
  pulls(): number[] {
    return this.counts.slice();
  }
}
