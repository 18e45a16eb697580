/**
 * The model lifecycle over a metrics store: predictions recorded as they are made and completed with
 * what happened, their accuracy, spec 002's drift check that retrains, and the model registry. The
 * core does the work; these functions convert arguments and parse its JSON answers.
 */
import { unwrap } from './errors.js';
import { objectJson } from './json_args.js';
import type { RawStore } from './raw_module.js';

/** A prediction as it is made, for accuracy tracking. */
export interface PredictionRecordInput {
  predictionId: string;
  /** Registry name of the model; default "ctr". */
  modelName?: string;
  modelId?: string;
  contentId?: string;
  hookType?: string;
  templateId?: string;
  predictedCtr?: number;
  predictedRoas?: number;
  /** The model inputs, kept to retrain on. */
  features?: Record<string, unknown>;
  /** UTC timestamp; default now. */
  predictedAt?: string;
}

/** Options of checkAndRetrain(); the defaults are spec 002's. */
export interface RetrainOptions {
  /** Default "ctr". */
  modelName?: string;
  /** Default "default". */
  tenant?: string;
  /** CTR MAE above which to retrain; default 0.02. */
  threshold?: number;
  /** Default 7. */
  lookbackDays?: number;
  /** Default 50. */
  minSamples?: number;
  /** Time of the check (checked_at); default now. */
  now?: string;
  /** Seed of the holdout split; default 0. */
  seed?: number;
}

/** checkAndRetrain()'s answer: one of spec 002's statuses with its fields; identical to `learnloop retrain --json`. */
export type RetrainResult = Record<string, unknown> & {
  status: 'no_retrain_needed' | 'retrained' | 'insufficient_data' | 'error';
  checked_at: string;
};

/** A model in the registry. */
export interface RegisteredModel {
  modelId: string;
  name: string;
  tenant: string;
  kind: string;
  trainedFor: string;
  trainedAt: string;
  trainRows: number;
  metrics: Record<string, unknown>;
  /** The model document (JSON text); pass it to predict(). */
  document: string;
  /**
   * Who writes this name: `learn` (the daily learning job) or `retrain` (checkAndRetrain); one owner per name.
   * Empty for models registered before 0.2.0.
   */
  owner: string;
  /** Why this model serves, e.g. "newest daily fit (learn 2026-11-22)" or "promoted by retrain at ...: holdout MAE ...". */
  activeReason: string;
}

/** What actually happened to a recorded prediction. */
export interface PredictionOutcome {
  actualCtr?: number;
  actualRoas?: number;
  /** UTC timestamp; default now. */
  completedAt?: string;
}

/** Options of predictionAccuracy(). */
export interface AccuracyOptions {
  /** Registry name of the model; default "ctr". */
  modelName?: string;
  /** End of the lookback window (UTC timestamp); default now. */
  now?: string;
  /** Days of completed predictions; default 7. */
  lookbackDays?: number;
}

/**
 * Records a prediction (status "predicted"); predictedAt defaults to now.
 * @throws {LearnloopError} code `invalid_argument` for a duplicate id, a bad timestamp or a non-finite prediction
 */
export function recordPrediction(raw: RawStore, record: PredictionRecordInput): void {
  unwrap(raw.recordPrediction(objectJson({ predictedAt: new Date().toISOString(), ...record }, 'record')));
}

/**
 * Completes a prediction with its outcome; completedAt defaults to now.
 * @throws {LearnloopError} code `not_found` for an unknown prediction id
 */
export function completePrediction(raw: RawStore, predictionId: string, outcome: PredictionOutcome): void {
  unwrap(raw.completePrediction(predictionId, objectJson({ completedAt: new Date().toISOString(), ...outcome }, 'outcome')));
}

/**
 * Accuracy of a model's completed predictions over the lookback window.
 * @throws {LearnloopError} code `invalid_argument` for a bad timestamp or lookback
 */
export function predictionAccuracy(raw: RawStore, options: AccuracyOptions): Record<string, unknown> {
  const answer = unwrap(raw.accuracy(options.modelName ?? 'ctr', options.now ?? new Date().toISOString(), options.lookbackDays ?? 7));
  return JSON.parse(answer) as Record<string, unknown>;
}

/**
 * Spec 002's check_and_retrain; `now` defaults to the current time.
 * @throws {LearnloopError} code `invalid_argument` for bad options
 */
export function checkAndRetrain(raw: RawStore, options: RetrainOptions): RetrainResult {
  return JSON.parse(unwrap(raw.checkAndRetrain(objectJson({ now: new Date().toISOString(), ...options }, 'options')))) as RetrainResult;
}

/**
 * The active model of `name` for `tenant` (else the default tenant's).
 * @throws {LearnloopError} code `not_found` when there is none
 */
export function latestModel(raw: RawStore, name: string, tenant: string): RegisteredModel {
  return JSON.parse(unwrap(raw.latestModel(name, tenant))) as RegisteredModel;
}
