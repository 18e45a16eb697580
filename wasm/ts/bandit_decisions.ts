/**
 * Serving from the store (issue 18 items 7-9): `store.bandit('content' | 'timing')` gives the bandit the latest
 * learning run stored, with the job's floor and allowed arms; it answers probabilities() and selectMany() without
 * writing, and selectAndLog() writes one decisions row per pick (the one way to log). Results keep the CLI's JSON
 * keys (`learnloop select --json`); timing arms carry their integer `hour`; allowed timing arms may be hours or ids.
 * Off-policy evaluation of the logged decisions is `store.offPolicyEvaluation()` (store.ts), typed here.
 */
import { Bandit, type BanditPolicy, type DecisionOptions } from './bandit.js';
import { LearnloopError, unwrap } from './errors.js';
import { toJson } from './json_args.js';
import type { RawStore } from './raw_module.js';

/** The store's two bandits. */
export type DecisionScope = 'content' | 'timing';

/** The learning job's options for one of its bandits (learn's contentBandit, timingBandit). */
export interface JobBanditOptions {
  /** Discount in (0, 1] per update; set when the bandit is first made (a stored bandit with another is refused). */
  discount?: number;
  /** Only the last `window` rewards of each arm count; set when the bandit is first made. */
  window?: number;
  /** Least probability of each allowed arm when serving, in [0, 1) with floor x arms <= 1; stored. */
  floor?: number;
  /** Arms the bandit may serve (content: names; timing: hours 0-23 or ids); stored. */
  allowed?: (string | number)[];
}

/** Options of one store decision call. */
export interface StoreDecisionOptions {
  /** Arms this call may pick, within the job's allowed arms: names (content), hours 0-23 or ids "h00".."h23" (timing). */
  allowed?: (string | number)[];
}

/** Options of selectAndLog(): what is stored with each decision. */
export interface LogDecisionOptions extends StoreDecisionOptions {
  /** The decisions' ids, one per pick (e.g. the posts' decision_id, which their outcomes will carry); default generated. */
  decisionIds?: string[];
  /** A JSON object stored with each decision (decisions.context). */
  context?: Record<string, unknown>;
  /** When the decisions were made (UTC timestamp); default now. */
  decidedAt?: string;
}

/** One arm's probability; `hour` for timing arms. */
export interface ScopeArmProbability {
  arm: string;
  hour?: number;
  probability: number;
}

/** The store bandit's arm distribution, as `learnloop select --json` prints it (without picks). */
export interface ScopeProbabilities {
  scope: DecisionScope;
  policy: BanditPolicy;
  /** scope@run_date of the learning run whose state serves. */
  policy_version: string;
  floor: number;
  /** Monte Carlo draws behind the probabilities (thompson: 10000, seeded); 0 when exact (ucb1). */
  draws: number;
  arms: ScopeArmProbability[];
}

/** One served pick; `hour` for timing arms, `decision_id` once logged. */
export interface ScopePick {
  arm: string;
  hour?: number;
  propensity: number;
  decision_id?: string;
}

/** The policy offPolicyEvaluation() evaluates: a bandit (or its toJSON() state) or a fixed distribution. */
export type OpeTarget = Bandit | string | { probabilities: Record<string, number> };

/** Options of store.offPolicyEvaluation(). */
export interface DecisionOpeOptions {
  scope: DecisionScope;
  target: OpeTarget;
  /** Engagement rate above which an outcome is a success (reward 1); default 0.03, as learn. */
  successThreshold?: number;
}

/** One estimate with its standard error and 95% interval. */
export interface OpeValue {
  value: number;
  stderr: number;
  ci95: [number, number];
}

/** `learnloop ope --db --json`: the target's value estimated on the logged decisions. */
export interface DecisionOpeReport {
  scope: DecisionScope;
  target: { kind: 'bandit' | 'distribution'; arms: ScopeArmProbability[] };
  success_threshold: number;
  /** Logged decisions of the scope. */
  decisions: number;
  /** Of those, decisions with no outcome yet: left out. */
  decisions_without_outcomes: number;
  /** Decisions evaluated. */
  n: number;
  ips: OpeValue;
  snips: OpeValue;
  dr: OpeValue & { target_distribution: 'given' | 'estimated' };
  /** Effective sample size of the importance weights. */
  ess: number;
}

/** The hour of a timing arm id "h00".."h23". */
function hourOf(arm: string): number {
  return Number(arm.slice(1));
}

/** Allowed arms as the core's names: timing hours become "hNN" (ids and names pass as they are; the core checks them). */
function allowedNames(scope: DecisionScope, options: StoreDecisionOptions): string[] | undefined {
  if (typeof options !== 'object' || options === null) throw new LearnloopError('invalid_argument', 'options must be an object');
  const { allowed } = options;
  if (allowed === undefined) return undefined;
  if (!Array.isArray(allowed)) throw new LearnloopError('invalid_argument', 'allowed must be an array');
  return allowed.map((a, i) => {
    if (typeof a === 'string') return a;
    if (scope === 'timing' && Number.isInteger(a) && a >= 0 && a <= 23) return `h${String(a).padStart(2, '0')}`;
    throw new LearnloopError('invalid_argument', `allowed[${i}] is ${String(a)}; expected ${scope === 'timing' ? 'an hour 0-23 or an arm id "h00".."h23"' : 'an arm name'}`);
  });
}

/** The content or timing bandit of a store, as its latest learning run left it. Dispose it when done. */
export class StoreBandit {
  readonly #raw: RawStore;
  readonly #bandit: Bandit;
  /** content or timing. */
  readonly scope: DecisionScope;
  /** scope@run_date of the learning run whose state serves. */
  readonly policyVersion: string;

  /** @internal Use store.bandit(scope). */
  constructor(raw: RawStore, bandit: Bandit, scope: DecisionScope, policyVersion: string) {
    this.#raw = raw;
    this.#bandit = bandit;
    this.scope = scope;
    this.policyVersion = policyVersion;
  }

  /** The served bandit (read-only use: updating it does not change the store). */
  get bandit(): Bandit {
    return this.#bandit;
  }

  /**
   * The probability of every arm (see Bandit.probabilities), with the job's floor and allowed arms.
   * @throws {LearnloopError} code `invalid_argument` for an allowed set that is empty or names unknown arms
   */
  probabilities(options: StoreDecisionOptions = {}): ScopeProbabilities {
    const p = this.#bandit.probabilities(this.decisionOptions(options));
    return {
      scope: this.scope,
      policy: p.policy,
      policy_version: this.policyVersion,
      floor: p.floor,
      draws: p.draws,
      arms: p.arms.map((a) => this.withHour(a)),
    };
  }

  /**
   * `n` picks drawn from probabilities(options), each with its exact propensity; writes nothing.
   * @throws {LearnloopError} code `invalid_argument` for a bad n or allowed set
   */
  selectMany(n: number, options: StoreDecisionOptions = {}): ScopePick[] {
    return this.#bandit.selectMany(n, this.decisionOptions(options)).map((p) => this.withHour(p));
  }

  /**
   * selectMany(n, options), then one decisions row per pick (scope, arm, propensity, context, policy version, time) in
   * one transaction; each pick comes back with its `decision_id`, which the post's outcomes should carry.
   * @throws {LearnloopError} code `invalid_argument` for bad options, ids that are not one per pick, or an id already logged
   */
  selectAndLog(n: number, options: LogDecisionOptions = {}): ScopePick[] {
    const picks = this.selectMany(n, options);
    const { decisionIds, context, decidedAt } = options;
    const request = {
      scope: this.scope,
      policy_version: this.policyVersion,
      picks: picks.map((p) => ({ arm: p.arm, propensity: p.propensity })),
      decision_ids: decisionIds ?? [],
      context: context ?? null,
      decided_at: decidedAt ?? new Date().toISOString().slice(0, 19) + 'Z',
    };
    const ids = JSON.parse(unwrap(this.#raw.logDecisions(toJson(request, 'options')))) as string[];
    return picks.map((p, i) => ({ ...p, decision_id: ids[i] ?? '' }));
  }

  /** Frees the served bandit. */
  dispose(): void {
    this.#bandit.dispose();
  }

  /** The bandit's decision options for a store call's options. */
  private decisionOptions(options: StoreDecisionOptions): DecisionOptions {
    const allowed = allowedNames(this.scope, options);
    return allowed === undefined ? {} : { allowed };
  }

  /** `item` with the integer hour of a timing arm, right after `arm`. */
  private withHour<T extends { arm: string }>(item: T): T & { hour?: number } {
    if (this.scope !== 'timing') return item;
    const { arm, ...rest } = item;
    return { arm, hour: hourOf(arm), ...rest } as T & { hour?: number };
  }
}
