/**
 * Bandit: every policy (Thompson sampling, UCB1, epsilon-greedy, LinUCB, linear Thompson
 * sampling) behind one class that owns the core's bandit. Settings are passed to the core as
 * snake_case JSON; validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import { isBanditPolicy, type BanditPolicy } from './bandit_policies.js';
import { element } from './checked.js';
import { WasmHandle } from './handle.js';
import { integerArg, stringArg, UINT32_MAX } from './args.js';
import { guardPublicMethods } from './seam_guard.js';
import type { RawBandit, RawModule } from './raw_module.js';

export type { BanditPolicy } from './bandit_policies.js';

/** Settings of a bandit; each policy reads the ones it needs. */
export interface BanditOptions {
  /** Policy; default "thompson". */
  policy?: BanditPolicy;
  /** Arm names, or a count (arms are then named "0", "1", ...). Default none: add arms later. */
  arms?: string[] | number;
  /** Context length (linucb, lints: >= 1; context-free policies: 0). */
  dim?: number;
  /** thompson: Beta prior alpha (> 0), also the cold-start prior of new arms; default 1. */
  priorAlpha?: number;
  /** thompson: Beta prior beta (> 0); default 1. */
  priorBeta?: number;
  /** thompson: a reward above this is a success; default 0.5 (use 0.03 for engagement rates). */
  successThreshold?: number;
  /** epsilon-greedy: exploration probability in [0, 1]; default 0.1. */
  epsilon?: number;
  /** linucb: confidence width (>= 0); default 1. */
  alpha?: number;
  /** lints: posterior scale (> 0); default 1. */
  v?: number;
  /** linucb, lints: ridge regulariser (> 0); default 1. */
  lambda?: number;
  /** Context-free policies: discount factor in (0, 1] applied to an arm's statistics at each of its updates. */
  discount?: number;
  /** Context-free policies: only the last `window` rewards of each arm count (0: all). */
  window?: number;
  /** thompson, lints: extra posterior draws used to estimate propensities (0: skip, propensity NaN); default 100. */
  propensityDraws?: number;
  /** Seed of the policy's generator (integer in [0, 2^53-1]); default 0. */
  seed?: number;
  /** probabilities() and selectMany(): least probability of each allowed arm, in [0, 1) with floor x arms <= 1; default 0. */
  floor?: number;
  /** probabilities() and selectMany(): the arms they may pick (names, not empty); default every arm. */
  allowed?: string[];
}

/** Options of one decision call (probabilities, selectMany). */
export interface DecisionOptions {
  /** Context vector of length contextDim (omit for context-free policies). */
  context?: ArrayLike<number>;
  /** Arms this call may pick (names, not empty), within the bandit's own allowed arms; default every arm. */
  allowed?: string[];
}

/** One arm's probability of being picked. */
export interface ArmProbability {
  arm: string;
  probability: number;
}

/** The full arm distribution of a bandit (keys as the CLI's `select --json`). */
export interface DecisionProbabilities {
  policy: BanditPolicy;
  /** The exploration floor mixed in. */
  floor: number;
  /** Monte Carlo draws behind the probabilities (thompson, lints: 10000, seeded, so the same state gives the same answer); 0 when exact. */
  draws: number;
  /** Every arm in index order (0 for arms not allowed). */
  arms: ArmProbability[];
}

/** One pick of selectMany(): the arm and its exact propensity in the distribution it was drawn from. */
export interface DecisionPick {
  arm: string;
  propensity: number;
}

/** A decision and the probability with which the policy made it. */
export interface Selection {
  /** Index of the chosen arm. */
  arm: number;
  /** Name of the chosen arm. */
  arm_name: string;
  /** Probability the policy chose this arm (exact for ucb1, epsilon-greedy, linucb; estimated for thompson, lints; NaN if not estimated). */
  propensity: number;
}

/** Per-arm statistics, one entry per arm in index order. */
export interface ArmStatistics {
  pulls: Float64Array;
  reward_sum: Float64Array;
  successes: Float64Array;
  failures: Float64Array;
  /** Posterior mean (thompson) or mean reward (NaN before the first pull). */
  estimate: Float64Array;
}

/** camelCase option names to the core's snake_case. */
function toCoreSettings(options: BanditOptions): string {
  if (typeof options !== 'object' || options === null)
    throw new LearnloopError('invalid_argument', 'bandit options must be an object such as {policy: "thompson", arms: 3}');
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) settings[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return JSON.stringify(settings);
}

/** Contexts as the Float64Array the bindings take. */
function toContext(context: ArrayLike<number> | undefined): Float64Array | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || typeof context.length !== 'number')
    throw new LearnloopError('invalid_argument', 'a context must be an array or Float64Array of numbers');
  return Float64Array.from(context);
}

/** The checked {context, allowed} of a decision call. */
function decisionArgs(options: DecisionOptions): { context: ArrayLike<number> | undefined; allowed: string[] | undefined } {
  if (typeof options !== 'object' || options === null || ArrayBuffer.isView(options) || Array.isArray(options))
    throw new LearnloopError('invalid_argument', 'decision options must be an object {context?, allowed?}');
  const { context, allowed } = options;
  if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((a) => typeof a !== 'string')))
    throw new LearnloopError('invalid_argument', 'allowed must be an array of arm names');
  return { context, allowed };
}

/** A multi-armed (or contextual) bandit. Call dispose() when done. */
export class Bandit extends WasmHandle<RawBandit> {
  /** Arm names, cached: they change only through addArm, removeArm and merge. */
  #names: string[] | undefined;

  /** @internal Wraps a raw handle; use Learnloop.bandit() instead. */
  constructor(raw: RawBandit) {
    super(raw);
  }

  /**
   * @internal Creates a bandit through `module`.
   * @throws {LearnloopError} code `invalid_argument` for bad options
   */
  static create(module: RawModule, options: BanditOptions): Bandit {
    return new Bandit(unwrap(module.createBandit(toCoreSettings(options))));
  }

  /**
   * The policy name.
   * @throws {LearnloopError} code `internal` when the core names a policy this package does not know
   */
  get policy(): BanditPolicy {
    const name = this.raw.policy();
    if (!isBanditPolicy(name)) throw new LearnloopError('internal', `the core reports an unknown policy '${name}'`);
    return name;
  }

  /** Context length the policy expects (0 for context-free policies). */
  get contextDim(): number {
    return this.raw.contextDim();
  }

  /** Arm names in index order. */
  get armNames(): string[] {
    this.#names ??= this.raw.armNames();
    return [...this.#names];
  }

  /**
   * Chooses an arm.
   * @param context context vector of length contextDim (omit for context-free policies)
   * @throws {LearnloopError} code `invalid_argument` for a context of the wrong length or with non-finite numbers, or when there are no arms
   */
  select(context?: ArrayLike<number>): Selection {
    const arm = unwrap(this.raw.select(toContext(context)));
    this.#names ??= this.raw.armNames();
    return { arm, arm_name: element(this.#names, arm, 'the arm names'), propensity: this.raw.lastPropensity() };
  }

  /**
   * The probability of every arm: the policy's distribution over the allowed arms (exact for ucb1, epsilon-greedy and
   * linucb; 10000 seeded draws for thompson and lints), mixed with the floor. Changes nothing.
   * @throws {LearnloopError} code `invalid_argument` for a bad context, or an allowed set that is empty or names unknown arms
   */
  probabilities(options: DecisionOptions = {}): DecisionProbabilities {
    const { context, allowed } = decisionArgs(options);
    const p = unwrap(this.raw.probabilities(toContext(context), allowed));
    const names = this.armNames;
    return {
      policy: this.policy,
      floor: this.raw.servingFloor(),
      draws: this.raw.probabilityDraws(),
      arms: names.map((arm, i) => ({ arm, probability: element(p, i, 'the probabilities') })),
    };
  }

  /**
   * `n` picks drawn independently from probabilities(options), each with its exact propensity; records nothing.
   * UCB1 and LinUCB without a floor are deterministic: every pick is the best arm, propensity 1 (shared on ties).
   * @throws {LearnloopError} code `invalid_argument` for n not an integer in [0, 1000000], a bad context or allowed set
   */
  selectMany(n: number, options: DecisionOptions = {}): DecisionPick[] {
    const count = integerArg(n, 'n', 0, 1000000);
    const { context, allowed } = decisionArgs(options);
    const picks = unwrap(this.raw.selectMany(count, toContext(context), allowed));
    const names = this.armNames;
    const out: DecisionPick[] = new Array<DecisionPick>(picks.arms.length);
    for (let i = 0; i < picks.arms.length; i++)
      out[i] = { arm: element(names, element(picks.arms, i, 'the picks'), 'the arm names'), propensity: element(picks.propensities, i, 'the picks') };
    return out;
  }

  /**
   * Records `reward` for `arm` (an index or a name); the state is unchanged when this throws.
   * @throws {LearnloopError} code `invalid_argument` for an unknown arm, a reward that is not finite or outside [0, 1], or a bad context; `not_found` for an unknown arm name
   */
  update(arm: number | string, reward: number, context?: ArrayLike<number>): void {
    unwrap(this.raw.update(this.index(arm), reward, toContext(context)));
  }

  /**
   * Records many rewards; `arms` holds arm indices or names (each checked as update() checks one); `contexts` holds n * contextDim numbers row by row. All or nothing.
   * @throws {LearnloopError} code `invalid_argument` naming the first bad entry, or for mismatched lengths
   */
  updateBatch(arms: Uint32Array | number[], rewards: Float64Array | number[], contexts?: Float64Array | number[]): void {
    if (!Array.isArray(arms) && !(arms instanceof Uint32Array))
      throw new LearnloopError('invalid_argument', 'arms must be an array of arm indices or names, or a Uint32Array');
    if (typeof rewards !== 'object' || rewards === null || typeof rewards.length !== 'number')
      throw new LearnloopError('invalid_argument', 'rewards must be an array or Float64Array of numbers');
    // Each index must fit the Uint32Array the bindings take: 2^32 or 1.5 would wrap or truncate to another arm.
    const indices = Uint32Array.from(arms as ArrayLike<number | string>, (arm, i) =>
      typeof arm === 'number' ? integerArg(arm, `entry ${i}: arm`, 0, UINT32_MAX) : this.index(arm),
    );
    unwrap(this.raw.updateBatch(indices, Float64Array.from(rewards), toContext(contexts)));
  }

  /**
   * Adds an arm with the cold-start prior and returns its index.
   * @throws {LearnloopError} code `invalid_argument` for an empty or duplicate name
   */
  addArm(name: string): number {
    this.#names = undefined;
    return unwrap(this.raw.addArm(stringArg(name, 'name')));
  }

  /**
   * Removes an arm (an index or a name); later arms move down one index.
   * @throws {LearnloopError} code `invalid_argument` or `not_found` for an unknown arm
   */
  removeArm(arm: number | string): void {
    this.#names = undefined;
    unwrap(this.raw.removeArm(this.index(arm)));
  }

  /** Per-arm statistics as typed arrays. */
  stats(): ArmStatistics {
    const { rewardSum, ...rest } = this.raw.stats();
    return { ...rest, reward_sum: rewardSum };
  }

  /** Forgets everything learned; keeps arms and settings. */
  reset(): void {
    this.raw.reset();
  }

  /**
   * Adds `other`'s sufficient statistics to this bandit (arms matched by name; missing arms are added).
   * @throws {LearnloopError} code `invalid_argument` for another policy, different settings, or sliding windows
   */
  merge(other: Bandit): void {
    if (!(other instanceof Bandit)) throw new LearnloopError('invalid_argument', 'merge expects a Bandit');
    this.#names = undefined;
    unwrap(this.raw.merge(other.raw));
  }

  /** Versioned JSON state (format "learnloop.bandit") as a string. */
  toJSON(): string {
    return this.raw.toJSON();
  }

  /**
   * An arm index from an index or a name; a number goes to the core as a double, which checks it exactly (1.5, 2^32).
   * @throws {LearnloopError} code `invalid_argument` for anything but a number or a string (null would convert to arm 0)
   */
  private index(arm: number | string): number {
    if (typeof arm === 'string') return unwrap(this.raw.armIndex(arm));
    if (typeof arm !== 'number') throw new LearnloopError('invalid_argument', `arm must be an arm index or name, not ${arm === null ? 'null' : typeof arm}`);
    return arm;
  }
}

guardPublicMethods(Bandit);
