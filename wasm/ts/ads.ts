/**
 * Ads analytics in JS (spec 004): the budget Monte Carlo simulator, the creative fatigue scorer and
 * the event match quality (EMQ) analyzer. Each runs the core's code and returns the plain object
 * that `learnloop simulate-budget --json`, `learnloop fatigue --json` (one entry of `results`) and
 * `learnloop emq --json` print. Arguments are converted here; validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import { objectJson } from './json_args.js';
import type { RawModule, RawStore } from './raw_module.js';

/** One budget scenario: a change of the base budget in percent (>= -100). */
export interface BudgetScenarioInput {
  /** Label; default e.g. "+20% Budget". */
  name?: string;
  /** Change of the base budget in percent, >= -100. */
  budget_change_percent: number;
}

/** A budget simulation request; the same JSON as the file of `learnloop simulate-budget --scenario`. */
export interface BudgetSimulationRequest {
  /** Echoed in the result. */
  campaign_id?: string | number;
  /** Spend over the horizon at the current budget, > 0. */
  base_budget: number;
  /** What the base budget brings over the horizon (give this or `campaign`). */
  baseline?: { revenue: number; conversions: number };
  /** Campaign rates the baseline is computed from: conversions = base_budget / cpc * conversion_rate, revenue = conversions * avg_order_value. */
  campaign?: { cpc: number; conversion_rate: number; avg_order_value: number };
  /** Days the budget covers (informational); default 30. */
  time_horizon_days?: number;
  /** Diminishing-returns exponent e in (0, 1]; default 0.85. */
  diminishing_returns_exponent?: number;
  /** Standard deviation of e across iterations; default 0.05. */
  exponent_noise?: number;
  /** Standard deviation of the relative conversion-rate noise; default 0.1. */
  conversion_rate_noise?: number;
  /** At least one scenario. */
  scenarios: BudgetScenarioInput[];
  /** Monte Carlo iterations; default 1000 (options.iterations wins). */
  simulations?: number;
  /** Generator seed; default 0 (options.seed wins). */
  seed?: number;
}

/** Overrides of simulateBudget(): the same as --seed and --iterations. */
export interface BudgetSimulationOptions {
  /** Generator seed, an integer in [0, 2^53-1]. */
  seed?: number;
  /** Monte Carlo iterations, an integer in [1, 1000000]. */
  iterations?: number;
}

/** One scenario's simulated outcome: means over the iterations and 5-95% intervals. */
export interface BudgetScenarioResult {
  name: string;
  budget_change_percent: number;
  spend: number;
  /** Mean revenue. */
  revenue: number;
  /** Mean revenue / spend; null at zero spend. */
  roas: number | null;
  conversions: number;
  /** (revenue - baseline revenue) / (spend - base budget); null when the budget does not change. */
  marginal_roas: number | null;
  /** 5th and 95th percentile of revenue. */
  confidence_interval: [number, number];
  roas_interval: [number, number] | null;
  conversions_interval: [number, number];
}

/** Result of simulateBudget(); identical to `learnloop simulate-budget --json`. */
export interface BudgetSimulation {
  campaign_id: string | number | null;
  seed: number;
  iterations: number;
  time_horizon_days: number;
  model: { diminishing_returns_exponent: number; exponent_noise: number; conversion_rate_noise: number; revenue: string };
  baseline: { spend: number; revenue: number; roas: number; conversions: number };
  scenarios: BudgetScenarioResult[];
}

/** One day of a creative's delivery, shaped like a creative_metrics row (other fields are ignored). */
export interface CreativeDayRecord {
  /** YYYY-MM-DD, one record per day. */
  metric_date: string;
  impressions: number;
  /** At most `impressions`. */
  clicks: number;
  /** Unique users reached to date (cumulative). */
  reach?: number | null;
  /** Impressions per reached user to date (default: impressions to date / reach). */
  frequency?: number | null;
  /** Engagements / impressions that day. */
  engagement_rate?: number | null;
  creative_id?: string;
  campaign_id?: string;
  platform?: string;
  [column: string]: unknown;
}

/** Options of creativeFatigue() and MetricsStore.creativeFatigue(). */
export interface CreativeFatigueOptions {
  /** Score as of this day, YYYY-MM-DD (later rows are ignored); default the latest metric_date. */
  date?: string;
}

/** One component of the fatigue score (score null when the data lacks it; its weight then goes to the others). */
export interface FatigueComponent {
  score: number | null;
  weight: number;
  [detail: string]: number | null;
}

/** A creative's fatigue; `status` "not_enough_data" when fewer than 4 days are known (then only the first fields and `message`). */
export interface CreativeFatigue {
  creative_id: string;
  campaign_id: string | null;
  platform: string | null;
  as_of: string | null;
  sample_size: number;
  status: 'ok' | 'not_enough_data';
  message?: string;
  min_days?: number;
  fatigue_score?: number;
  fatigue_level?: 'low' | 'medium' | 'high' | 'critical';
  components?: { age: FatigueComponent; frequency: FatigueComponent; ctr_decay: FatigueComponent; engagement_decay: FatigueComponent };
  /** 0 when already critical; null when the trend does not reach 85 within 90 days (see critical_outlook). */
  days_until_critical?: number | null;
  critical_outlook?: 'already_critical' | 'projected' | 'not_heading_there' | 'beyond_90_days' | 'too_few_days';
  trend?: { method: string; points: number; slope_per_day: number | null };
  recommendation?: string;
  suggested_actions?: string[];
}

/** Fatigue of every creative in a store; identical to `learnloop fatigue --json`. */
export interface CreativeFatigueReport {
  date: string | null;
  status: 'ok' | 'no_data';
  message?: string;
  creatives: number;
  levels: { critical: number; high: number; medium: number; low: number; not_enough_data: number };
  /** Most fatigued first; creatives without enough data last. */
  results: CreativeFatigue[];
}

/** Platforms with EMQ field weights. */
export type EmqPlatform = 'meta' | 'google';

/** EMQ of one event. */
export interface EmqEventResult {
  score: number;
  level: 'excellent' | 'good' | 'fair' | 'poor';
  missing_fields: string[];
  invalid_fields: Array<{ field: string; reason: string }>;
  roas_impact_estimate: string;
  recommendations: string[];
}

/** EMQ of a batch; identical to `learnloop emq --json`. */
export interface EmqBatchResult {
  platform: EmqPlatform;
  field_weights: Record<string, number>;
  summary: {
    events: number;
    malformed_lines: number;
    mean_score: number;
    level: EmqEventResult['level'];
    roas_impact_estimate: string;
    levels: { excellent: number; good: number; fair: number; poor: number };
    field_coverage: Record<string, number>;
    recommendations: string[];
  };
  /** The first 100 malformed lines. */
  malformed: Array<{ line: number; error: string }>;
  events: Array<EmqEventResult & { line: number; event_id: string | number | null }>;
}

function objectArgument(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LearnloopError('invalid_argument', `${what} must be an object`);
  return value as Record<string, unknown>;
}

function platformOf(options: { platform?: EmqPlatform } | undefined): string {
  const platform = options?.platform ?? 'meta';
  if (typeof platform !== 'string') throw new LearnloopError('invalid_argument', 'platform must be "meta" or "google"');
  return platform;
}

/**
 * Runs the budget Monte Carlo simulation.
 * @throws {LearnloopError} code `invalid_argument` for a missing or negative base_budget, a change below -100%, no scenarios, iterations <= 0 or a bad seed (the message names the field)
 */
export function simulateBudget(module: RawModule, request: BudgetSimulationRequest, options: BudgetSimulationOptions = {}): BudgetSimulation {
  const body = { ...objectArgument(request, 'the budget request') };
  const opts = objectArgument(options, 'options');
  if (opts.seed !== undefined) body.seed = opts.seed;
  if (opts.iterations !== undefined) body.simulations = opts.iterations;
  return JSON.parse(unwrap(module.simulateBudget(JSON.stringify(body)))) as BudgetSimulation;
}

/**
 * Scores one creative's fatigue from its daily records.
 * @throws {LearnloopError} code `invalid_argument` for a record without a valid metric_date, impressions or clicks, clicks above impressions, two records of one day, or a bad date
 */
export function creativeFatigue(module: RawModule, history: CreativeDayRecord[], options: CreativeFatigueOptions = {}): CreativeFatigue {
  if (!Array.isArray(history)) throw new LearnloopError('invalid_argument', 'history must be an array of daily records {metric_date, impressions, clicks, ...}');
  const date = objectArgument(options, 'options').date ?? '';
  if (typeof date !== 'string') throw new LearnloopError('invalid_argument', 'date must be a string YYYY-MM-DD');
  return JSON.parse(unwrap(module.creativeFatigue(JSON.stringify(history), date))) as CreativeFatigue;
}

/**
 * Fatigue of every creative in a store's creative_metrics, most fatigued first.
 * @throws {LearnloopError} code `invalid_argument` for options that are not an object or a bad date
 */
export function storeCreativeFatigue(raw: RawStore, options: CreativeFatigueOptions): CreativeFatigueReport {
  objectJson(options, 'options');
  const date = options.date ?? '';
  if (typeof date !== 'string') throw new LearnloopError('invalid_argument', 'date must be a string YYYY-MM-DD');
  return JSON.parse(unwrap(raw.creativeFatigue(date))) as CreativeFatigueReport;
}

/**
 * Scores a batch of conversion events: an array of event objects or JSON Lines text (line numbers count from 1).
 * @throws {LearnloopError} code `invalid_argument` for an unknown platform or when no line holds an event
 */
export function emqScore(module: RawModule, events: Array<Record<string, unknown>> | string, options: { platform?: EmqPlatform } = {}): EmqBatchResult {
  const platform = platformOf(options);
  let text: string;
  if (typeof events === 'string') text = events;
  else if (Array.isArray(events)) text = events.map((e) => JSON.stringify(e) ?? 'undefined').join('\n');
  else throw new LearnloopError('invalid_argument', 'events must be an array of event objects or JSON Lines text');
  return JSON.parse(unwrap(module.emqBatch(text, platform))) as EmqBatchResult;
}

/**
 * Scores one conversion event.
 * @throws {LearnloopError} code `invalid_argument` for an unknown platform or an event that is not an object
 */
export function emqScoreEvent(module: RawModule, event: Record<string, unknown>, options: { platform?: EmqPlatform } = {}): EmqEventResult {
  return JSON.parse(unwrap(module.emqEvent(JSON.stringify(objectArgument(event, 'event')), platformOf(options)))) as EmqEventResult;
}
