/**
 * The public API over an instantiated wasm module, shared by the Node and browser entry points.
 * Arguments are converted to what the bindings take; validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule } from './raw_module.js';
import { guardedView, guardPublicMethods } from './seam_guard.js';
import { callbackArg, integerArg, stringArg } from './args.js';
import { toJson } from './json_args.js';
import type { DatabaseAdapter } from './sqlite_types.js';
import { MetricsStore } from './store.js';
import { Bandit, type BanditOptions } from './bandit.js';
import type { BanditPolicy } from './bandit_policies.js';
import { EmbeddingIndex, type EmbeddingTypeOptions } from './embeddings.js';
import { calibrateLinear, fitLinear, predictWithInterval, type IntervalPrediction, type LinearModel } from './predictors.js';
import type { PredictionInput, RecordTrainingData, TrainingData } from './training_data.js';
import { learnJob, type LearnJobInput, type LearnJobResult } from './learn_job.js';
import { fitGbdt, type GbdtModel, type GbdtOptions } from './gbdt.js';
import { predictAny, predictReport, type PredictionReport } from './prediction.js';
import * as ads from './ads.js';

/** Progress of long work: `done` of `total` units of the task `label`. */
export type ProgressCallback = (label: string, done: number, total: number) => void;

/** A bandit simulation against Bernoulli arms with known success probabilities. */
export interface SimulationSpec {
  /** Policy name; default "thompson". */
  policy?: BanditPolicy;
  /** Success probability of each arm, each in [0, 1]. */
  probs: ArrayLike<number>;
  /** Number of rounds (integer >= 1). */
  rounds: number;
  /** Seed (integer in [0, 2^53-1]); default 0. */
  seed?: number;
  /** Context length of a linear environment (linucb and lints need >= 1); default 0. */
  dim?: number;
  /** epsilon-greedy's exploration probability; default 0.1. */
  epsilon?: number;
  /** linucb's confidence width; default 1. */
  alpha?: number;
  /** lints' posterior scale; default 1. */
  v?: number;
  /** Called about 100 times with the progress. */
  onProgress?: ProgressCallback;
}

/** The result of simulateBandit(); identical to `learnloop bandit simulate --json`. */
export interface SimulationReport {
  policy: BanditPolicy;
  rounds: number;
  seed: number;
  /** Pulls per arm. */
  pulls: number[];
  /** Total realised reward (number of successes). */
  reward: number;
  /** Expected regret: sum over rounds of (best p - chosen p). */
  regret: number;
}

/** Logged bandit decisions for off-policy evaluation; one entry per decision in every column. */
export interface LoggedDecisions {
  /** Observed reward of the logged action. */
  rewards: ArrayLike<number>;
  /** Logging policy's probability of the logged action, in (0, 1]. */
  propensities: ArrayLike<number>;
  /** Target policy's probability of the logged action, in [0, 1]. */
  targetProbs: ArrayLike<number>;
  /** Logged action ids (enables DR's per-action reward model). */
  actions?: ArrayLike<string | number>;
  /** Target policy's probability of every action, when it is context-free and known. */
  targetDistribution?: Record<string, number>;
}

/** One off-policy estimate. */
export interface OpeEstimate {
  value: number;
  stderr: number;
  /** 95% normal interval [low, high]. */
  ci95: [number, number];
}

/** Result of offPolicyEvaluation(); identical to `learnloop ope --json`. */
export interface OpeReport {
  n: number;
  ips: OpeEstimate;
  snips: OpeEstimate;
  dr: OpeEstimate & { target_distribution: 'given' | 'estimated' };
  /** Effective sample size (sum w)^2 / sum w^2. */
  ess: number;
}

/** Where the in-process CLI reads files from. */
export interface CliHost {
  /** Returns a file's text, or why it cannot. Default: no files (every read fails with 'other'). */
  readTextFile?(path: string): { text: string } | { error: 'not_found' | 'permission_denied' | 'other' };
  /** Replaces a file's contents atomically, or says why it cannot. Default: every write fails with 'other'. */
  writeTextFile?(path: string, text: string): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' };
  /** Opens a SQLite database for commands with --db (a DatabaseAdapter: sqlite_adapter.ts or node_sqlite_adapter.ts), or says why it cannot. Default: none. */
  openDatabase?(path: string, create: boolean): { db: unknown } | { error: string };
  /** Today's UTC date (YYYY-MM-DD), the default of --date. Default: none (--date is then required). */
  todayUtc?(): string;
  /** The current UTC time (ISO 8601), the default of --now. Default: none (--now is then required). */
  nowUtc?(): string;
  /** Returns a file's bytes (fvecs, snapshots), or why it cannot. Default: every read fails with 'other'. */
  readBinaryFile?(path: string): { bytes: Uint8Array } | { error: 'not_found' | 'permission_denied' | 'other' };
  /** Replaces a file with `bytes` (a view valid during the call only), or says why it cannot. Default: every write fails with 'other'. */
  writeBinaryFile?(path: string, bytes: Uint8Array): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' };
  /**
   * Returns at most `maxBytes` of a file from byte `offset` (empty at its end) and the file's size, or why it cannot:
   * ingest streams its file through it. Default: the whole file through readBinaryFile at offset 0.
   */
  readFileChunk?(path: string, offset: number, maxBytes: number): { bytes: Uint8Array; size: number } | { error: 'not_found' | 'permission_denied' | 'other' };
  /** Progress of long work. */
  onProgress?: ProgressCallback;
}

/** What a CLI run printed and its exit code (0 ok, 2 bad usage or input, 1 internal failure). */
export interface CliResult {
  exit_code: number;
  stdout: string;
  stderr: string;
}

/** learnloop, loaded. Get it from `await init()`. */
export class Learnloop {
  readonly #module: RawModule;

  /** @internal Use init() instead. */
  constructor(module: RawModule) {
    this.#module = guardedView(module, 'learnloop');
  }

  /** @internal A store over an open SQLite adapter; use openDatabase() from the package instead. */
  storeOver(adapter: DatabaseAdapter): MetricsStore {
    return new MetricsStore(this.#module, adapter);
  }

  /** The learnloop version of the loaded wasm module, e.g. "0.2.0". */
  get version(): string {
    return this.#module.version();
  }

  /**
   * Simulates a bandit policy; same numbers as the CLI for the same spec.
   * @throws {LearnloopError} code `invalid_argument` for an unknown policy, probabilities outside [0, 1], or rounds/seed not integers in range
   */
  simulateBandit(spec: SimulationSpec): SimulationReport {
    if (typeof spec !== 'object' || spec === null)
      throw new LearnloopError('invalid_argument', 'simulateBandit expects an object {policy, probs, rounds, seed}');
    const { onProgress, probs, ...rest } = spec;
    callbackArg(onProgress, 'spec.onProgress');
    const body = toJson({ ...rest, probs: ArrayBuffer.isView(probs) ? Array.from(probs) : probs }, 'spec');
    return JSON.parse(unwrap(this.#module.simulateBandit(body, onProgress))) as SimulationReport;
  }

  /**
   * Creates a bandit with any policy. Dispose it when done.
   * @throws {LearnloopError} code `invalid_argument` for an unknown policy or setting, or a setting out of range (the message names it and the expected range)
   */
  bandit(options: BanditOptions): Bandit {
    return Bandit.create(this.#module, options);
  }

  /**
   * Creates a Beta-Bernoulli Thompson sampling bandit: bandit({...options, policy: 'thompson'}).
   * @throws {LearnloopError} code `invalid_argument` for settings out of range
   */
  thompsonSampling(options: Omit<BanditOptions, 'policy'>): Bandit {
    return Bandit.create(this.#module, { ...options, policy: 'thompson' });
  }

  /**
   * Restores a bandit from Bandit.toJSON() output; it continues exactly where the saved one stopped.
   * @throws {LearnloopError} code `parse_error` for text that is not JSON, `unsupported_version` for another format or a newer version, `invalid_argument` for bad fields
   */
  banditFromJSON(json: string): Bandit {
    return new Bandit(unwrap(this.#module.banditFromJSON(String(json))));
  }

  /**
   * The daily learning job on a service's own records, without a database: bandits, predictors,
   * snapshot and report; pass the returned `state` to the next run. Same answer as MetricsStore.learn()
   * on a database holding the same rows, and as `learnloop learn --records FILE --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad record (named by index and field), a bad state or a future date
   */
  learnJob(input: LearnJobInput): LearnJobResult {
    return learnJob(this.#module, input);
  }

  /**
   * Runs the learnloop CLI in-process (what the `learnloop` bin does); never throws for bad usage.
   * @throws {LearnloopError} code `invalid_argument` when `args` is not an array of strings
   */
  runCli(args: string[], host: CliHost = {}): CliResult {
    if (!Array.isArray(args) || args.some((a) => typeof a !== 'string'))
      throw new LearnloopError('invalid_argument', 'runCli expects an array of strings');
    const { exitCode, stdout, stderr } = this.#module.runCli(args, {
      readTextFile: host.readTextFile?.bind(host) ?? (() => ({ error: 'other' })),
      writeTextFile: host.writeTextFile?.bind(host) ?? (() => ({ error: 'other' })),
      openDatabase: host.openDatabase?.bind(host),
      todayUtc: host.todayUtc?.bind(host),
      nowUtc: host.nowUtc?.bind(host),
      readBinaryFile: host.readBinaryFile?.bind(host) ?? (() => ({ error: 'other' })),
      writeBinaryFile: host.writeBinaryFile?.bind(host) ?? (() => ({ error: 'other' })),
      readFileChunk: host.readFileChunk?.bind(host),
      onProgress: host.onProgress,
    });
    return { exit_code: exitCode, stdout, stderr };
  }

  /**
   * Fits ridge regression with scikit-learn's objective ||y - Xw - b||^2 + alpha ||w||^2 (intercept not penalised),
   * on a feature matrix or on records with a feature spec (learned here and stored in the model).
   * A feature constant in every training row is left out of the fit (coefficient 0, listed in the model's `dropped`).
   * @throws {LearnloopError} code `invalid_argument` for non-finite values, every feature constant, fewer rows than features, a shape mismatch or alpha < 0 (the message names the column); `not_found` for a record without a column the spec reads
   */
  fitRidge(data: TrainingData | RecordTrainingData, options: { alpha?: number } = {}): LinearModel {
    return fitLinear(this.#module, 'ridge', data, options.alpha ?? 1);
  }

  /**
   * Fits binary logistic regression with scikit-learn's objective for penalty='l2': C * sum(log loss) + 0.5 ||w||^2.
   * @throws {LearnloopError} code `invalid_argument` for a target that is not 0/1 or has a single class, and the cases fitRidge rejects
   */
  fitLogistic(data: TrainingData | RecordTrainingData, options: { C?: number } = {}): LinearModel {
    return fitLinear(this.#module, 'logistic', data, options.C ?? 1);
  }

  /**
   * Fits gradient-boosted trees for regression (squared error), XGBoost-style hist: <= 256 quantile bins, second-order
   * gains, leaf weights -G/(H + lambda). On records, holds out `testFraction` for test metrics, a split-conformal
   * interval and residual P10/P90, and early-stops on a `validationFraction` of the training rows.
   * @throws {LearnloopError} code `invalid_argument` for non-finite values, a constant column, bad options or early stopping without validation rows
   */
  fitGbdtRegressor(data: TrainingData | RecordTrainingData, options: GbdtOptions = {}): GbdtModel {
    return fitGbdt(this.#module, 'gbdt-regressor', data, options);
  }

  /**
   * Fits gradient-boosted trees for binary classification (log loss); predict() gives P(y = 1).
   * @throws {LearnloopError} code `invalid_argument` for a target that is not 0/1 or has a single class, and the cases fitGbdtRegressor rejects
   */
  fitGbdtClassifier(data: TrainingData | RecordTrainingData, options: GbdtOptions = {}): GbdtModel {
    return fitGbdt(this.#module, 'gbdt-classifier', data, options);
  }

  /**
   * Predicts every row with a model document (a value for ridge and GBDT regressors, P(y = 1) for classifiers).
   * @throws {LearnloopError} code `invalid_argument` for a wrong column count or a value that is not a number; `not_found` for records without a column the model reads (the message names it and lists the columns); `unsupported_version` or `parse_error` for a bad document
   */
  predict(model: LinearModel | GbdtModel | string, data: PredictionInput): Float64Array {
    return predictAny(this.#module, model, data);
  }

  /**
   * What `learnloop predict --json` prints for `records`: predictions, the conformal interval when the model has one,
   * and for preset models (ctr, roas, conversion) one result object per row with the spec's fields.
   * @throws {LearnloopError} the cases predict() rejects, and `invalid_argument` for a roas/ctr model without an interval
   */
  predictReport(model: LinearModel | GbdtModel | string, records: Array<Record<string, unknown>>): PredictionReport {
    return predictReport(this.#module, model, records);
  }

  /**
   * Calibrates a split-conformal interval for a ridge model on held-out rows (not used to fit it) and
   * returns the model document with it; [prediction - q, prediction + q] then covers a new observation with
   * probability >= `coverage`.
   * @throws {LearnloopError} code `invalid_argument` for a classifier, coverage outside (0, 1) or too few rows for the coverage
   */
  calibrate(
    model: LinearModel | string,
    data: TrainingData | { records: Array<Record<string, unknown>>; target: string },
    options: { coverage?: number } = {},
  ): LinearModel {
    return calibrateLinear(this.#module, model, data, options.coverage ?? 0.9);
  }

  /**
   * Predicts every row with its conformal interval (a ridge model calibrated with calibrate(), or a GBDT regressor fitted on records with a test fraction).
   * @throws {LearnloopError} code `invalid_argument` when the model has no interval, and the cases predict() rejects
   */
  predictInterval(model: LinearModel | GbdtModel | string, data: PredictionInput): IntervalPrediction {
    return predictWithInterval(this.#module, model, data);
  }

  /**
   * Off-policy evaluation: IPS, self-normalised IPS and doubly robust estimates of a target policy's value from logged decisions.
   * @throws {LearnloopError} code `invalid_argument` for columns of different lengths, fewer than 2 rows, a propensity outside (0, 1] or a target probability outside [0, 1] (the message names the row)
   */
  offPolicyEvaluation(log: LoggedDecisions): OpeReport {
    if (typeof log !== 'object' || log === null)
      throw new LearnloopError('invalid_argument', 'offPolicyEvaluation expects {rewards, propensities, targetProbs, actions?}');
    const column = (name: string, values: ArrayLike<number> | undefined) => {
      if (values === undefined || typeof values.length !== 'number')
        throw new LearnloopError('invalid_argument', `${name} must be an array or typed array of numbers`);
      return Float64Array.from(values);
    };
    const report = this.#module.offPolicyEvaluation(
      column('rewards', log.rewards),
      column('propensities', log.propensities),
      column('targetProbs', log.targetProbs),
      log.actions === undefined ? undefined : Array.from(log.actions, String),
      log.targetDistribution === undefined ? '' : JSON.stringify(log.targetDistribution),
    );
    return JSON.parse(unwrap(report)) as OpeReport;
  }

  /**
   * Creates an embeddings index (similarity search) with the given types defined; built-in types
   * (CLIP_VISUAL, TEXT_CAPTION, TEXT_TREND, BRAND_STYLE, AUDIO_FEATURE) need no definition. Dispose it when done.
   * @throws {LearnloopError} code `invalid_argument` for a bad type setting (the message names it and its range)
   */
  embeddingIndex(types: Record<string, EmbeddingTypeOptions> = {}): EmbeddingIndex {
    return EmbeddingIndex.create(this.#module, types);
  }

  /**
   * Reads an embeddings snapshot (EmbeddingIndex.toBytes() or `learnloop index build --out`); more items can be added at once.
   * @throws {LearnloopError} code `parse_error` for bytes that are not a snapshot, truncated or corrupt; `unsupported_version` for a newer major version
   */
  embeddingIndexFromBytes(bytes: Uint8Array): EmbeddingIndex {
    return EmbeddingIndex.fromBytes(this.#module, bytes);
  }

  /**
   * Budget Monte Carlo (spec 004): per scenario spend, mean revenue, ROAS, conversions, marginal ROAS and 5-95% intervals;
   * the same JSON as `learnloop simulate-budget --json` for the same request and seed.
   * @throws {LearnloopError} code `invalid_argument` for a missing or non-positive base_budget, a change below -100%, no scenarios, iterations <= 0 or a bad seed
   */
  simulateBudget(request: ads.BudgetSimulationRequest, options: ads.BudgetSimulationOptions = {}): ads.BudgetSimulation {
    return ads.simulateBudget(this.#module, request, options);
  }

  /**
   * Creative fatigue (spec 004) of one creative from its daily records; one entry of `learnloop fatigue --json`'s results.
   * @throws {LearnloopError} code `invalid_argument` for a bad record (the message names it and the field) or a bad date
   */
  creativeFatigue(history: ads.CreativeDayRecord[], options: ads.CreativeFatigueOptions = {}): ads.CreativeFatigue {
    return ads.creativeFatigue(this.#module, history, options);
  }

  /**
   * Event match quality (spec 004) of a batch of events (objects or JSON Lines text); the same JSON as `learnloop emq --json`.
   * @throws {LearnloopError} code `invalid_argument` for an unknown platform or when no line holds an event
   */
  emqScore(events: Array<Record<string, unknown>> | string, options: { platform?: ads.EmqPlatform } = {}): ads.EmqBatchResult {
    return ads.emqScore(this.#module, events, options);
  }

  /**
   * Event match quality of one event.
   * @throws {LearnloopError} code `invalid_argument` for an unknown platform or an event that is not an object
   */
  emqScoreEvent(event: Record<string, unknown>, options: { platform?: ads.EmqPlatform } = {}): ads.EmqEventResult {
    return ads.emqScoreEvent(this.#module, event, options);
  }

  /**
   * One progress line "label [####....]  40% 4/10", as the CLI draws it.
   * @throws {LearnloopError} code `invalid_argument` for a label that is not a string, counts that are not integers in [0, 2^53-1], or a width outside [1, 1000]
   */
  renderProgressLine(label: string, done: number, total: number, width = 30): string {
    stringArg(label, 'label');
    integerArg(done, 'done', 0, Number.MAX_SAFE_INTEGER);
    integerArg(total, 'total', 0, Number.MAX_SAFE_INTEGER);
    return this.#module.renderProgressLine(label, done, total, integerArg(width, 'width', 1, 1000));
  }
}

guardPublicMethods(Learnloop);
