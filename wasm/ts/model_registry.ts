/**
 * The model lifecycle over a metrics store: predictions of any model and target recorded as they are
 * made and completed with what happened, their accuracy, spec 002's drift check that retrains, and the
 * model registry. The core does the work; these functions check keys, convert arguments and parse its
 * JSON answers. Naming (README "Naming"): prediction records and registry rows keep their column names,
 * options are camelCase, results keep the CLI's JSON keys.
 */
import { LearnloopError, unwrap } from './errors.js';
import { objectJson } from './json_args.js';
import type { RawStore } from './raw_module.js';

/** A prediction as it is made: a row of prediction_records, keyed by its column names. */
export interface PredictionRecord {
  prediction_id: string;
  /** Registry name of the model that predicted; default "ctr". */
  model_name?: string;
  model_id?: string;
  content_id?: string;
  /** For the accuracy breakdown by hook. */
  hook_type?: string;
  /** For the accuracy breakdown by template. */
  template_id?: string;
  /**
   * What the model predicts, e.g. `engagement_rate`, `ctr`, `roas`. Default: `ctr` when only predicted_ctr is given,
   * `roas` when only predicted_roas is, else the model name.
   */
  target?: string;
  /** The predicted value of `target`. For target `ctr` (`roas`) it is the same value as predicted_ctr (predicted_roas). */
  predicted?: number;
  /** Spec 002's predicted CTR. */
  predicted_ctr?: number;
  /** Spec 002's predicted ROAS. */
  predicted_roas?: number;
  /** The model inputs, kept to retrain on. */
  features?: Record<string, unknown>;
  /** UTC timestamp; default now. */
  predicted_at?: string;
}

/** What actually happened to a recorded prediction (prediction_records' column names). */
export interface PredictionOutcome {
  /** The actual value of the prediction's target. */
  actual?: number;
  actual_ctr?: number;
  actual_roas?: number;
  /** UTC timestamp; default now. */
  completed_at?: string;
}

/** Options of checkAndRetrain(); the defaults are spec 002's. */
export interface RetrainOptions {
  /** Default "ctr". */
  modelName?: string;
  /** Target of the predictions; default the one the window's predictions have (else ctr). */
  target?: string;
  /** Default "default". */
  tenant?: string;
  /** MAE above which to retrain (spec 002: CTR MAE); default 0.02. */
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

/** Options of predictionAccuracy(). */
export interface AccuracyOptions {
  /** Registry name of the model; default "ctr". */
  modelName?: string;
  /** Only predictions of this target; needed when the model's window holds several. */
  target?: string;
  /** End of the lookback window (UTC timestamp); default now. */
  now?: string;
  /** Days of completed predictions; default 7. */
  lookbackDays?: number;
}

/** Accuracy of one hook type or template. */
export interface AccuracyGroup {
  count: number;
  mae: number;
  /** Percent of predictions within 20% of the actual value. */
  accuracy: number;
  /** Spec 002's name of `mae`, for a CTR model. */
  ctr_mae?: number;
  /** Spec 002's name of `accuracy`, for a CTR model. */
  ctr_accuracy?: number;
}

/**
 * predictionAccuracy()'s answer; identical to `learnloop accuracy --json`. Metrics are null when the window has no
 * completed prediction with a predicted and an actual value.
 */
export interface AccuracyReport {
  model_name: string;
  /** The predictions' target; null when the window has none. */
  target: string | null;
  total_predictions: number;
  mae: number | null;
  rmse: number | null;
  r2: number | null;
  /** Percent of predictions within 20% of the actual value. */
  accuracy: number | null;
  /** Spec 002's CTR fields: present for a CTR model (target `ctr`, or none yet). */
  ctr_mae?: number | null;
  ctr_rmse?: number | null;
  ctr_r2?: number | null;
  ctr_accuracy?: number | null;
  /** Present when some predictions have a predicted and an actual ROAS. */
  roas_mae?: number | null;
  roas_rmse?: number | null;
  roas_r2?: number | null;
  roas_accuracy?: number | null;
  by_hook_type: Record<string, AccuracyGroup>;
  by_template_id: Record<string, AccuracyGroup>;
}

/** What the Page-Hinkley drift test saw. */
export interface DriftCheck {
  method: 'page_hinkley';
  detected: boolean;
  statistic: number;
  /** Errors it ran over: the window's predictions made since `since`. */
  samples: number;
  /** The last retrain or promotion of the name; null before any model. */
  since: string | null;
}

/** checkAndRetrain() failed (bad data, a name the learning job owns, a fit that failed). */
export interface RetrainError {
  status: 'error';
  message: string;
  checked_at: string;
}

/** Too few completed predictions to measure or to train on. */
export interface RetrainInsufficientData {
  status: 'insufficient_data';
  checked_at: string;
  count: number;
  message: string;
}

/** The model is accurate and no drift was found. */
export interface RetrainNotNeeded {
  status: 'no_retrain_needed';
  current_accuracy: AccuracyReport;
  threshold: number;
  message: string;
  drift: DriftCheck;
  checked_at: string;
}

/** A model was refitted (and promoted when it beat the current one on the holdout). */
export interface Retrained {
  status: 'retrained';
  trigger: 'accuracy' | 'drift' | 'no_model';
  current_accuracy: AccuracyReport;
  drift: DriftCheck;
  /** Completed predictions trained on (train + holdout). */
  samples: number;
  /** The new model on the holdout; accuracy is a share in [0, 1]. */
  metrics: { test_r2: number; test_mae: number; test_accuracy: number; trained_at: string };
  /** The current model on the same holdout; null without one (or when it could not score the rows). */
  old_metrics: { test_r2: number; test_mae: number } | null;
  improvement: { r2_improvement: number; mae_improvement: number } | null;
  promoted: boolean;
  model_id: string;
  kind: string;
  message: string;
  retrained_at: string;
  checked_at: string;
}

/** checkAndRetrain()'s answer: one of spec 002's statuses with its fields; identical to `learnloop retrain --json`. */
export type RetrainResult = Retrained | RetrainNotNeeded | RetrainInsufficientData | RetrainError;

/** A model in the registry: a row of the models table, keyed by its column names. */
export interface RegisteredModel {
  model_id: string;
  name: string;
  tenant: string;
  kind: string;
  trained_for: string;
  trained_at: string;
  train_rows: number;
  /** The metrics stored with the model (the fit's metrics document). */
  metrics: Record<string, unknown>;
  /** The model document (JSON text); pass it to predict(). */
  document: string;
  /**
   * Who writes this name: `learn` (the daily learning job) or `retrain` (checkAndRetrain); one owner per name.
   * Empty for models registered before 0.2.0.
   */
  owner: string;
  /** Why this model serves, e.g. "newest daily fit (learn 2026-11-22)" or "promoted by retrain at ...: holdout MAE ...". */
  active_reason: string;
}

/** Keys renamed in 0.2.0 (camelCase before), for a message that says what to write instead. */
const RENAMED: Record<string, string> = {
  predictionId: 'prediction_id',
  modelName: 'model_name',
  modelId: 'model_id',
  contentId: 'content_id',
  hookType: 'hook_type',
  templateId: 'template_id',
  predictedCtr: 'predicted_ctr',
  predictedRoas: 'predicted_roas',
  predictedAt: 'predicted_at',
  actualCtr: 'actual_ctr',
  actualRoas: 'actual_roas',
  completedAt: 'completed_at',
};

const RECORD_KEYS = [
  'prediction_id', 'model_name', 'model_id', 'content_id', 'hook_type', 'template_id', 'target', 'predicted',
  'predicted_ctr', 'predicted_roas', 'features', 'predicted_at',
];
const OUTCOME_KEYS = ['actual', 'actual_ctr', 'actual_roas', 'completed_at'];

/**
 * `value` as an object with only `allowed` keys.
 * @throws {LearnloopError} code `invalid_argument` for a non-object or an unknown key (a 0.1 camelCase key names its new name)
 */
function checkedKeys<T extends object>(value: T, allowed: readonly string[], what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new LearnloopError('invalid_argument', `${what} must be an object`);
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const renamed = RENAMED[key];
    throw new LearnloopError(
      'invalid_argument',
      renamed === undefined
        ? `${what} has an unknown key '${key}'; expected ${allowed.join(', ')}`
        : `${what}.${key} is '${renamed}' since 0.2.0 (records keep prediction_records' column names)`,
    );
  }
  return value;
}

/**
 * Records a prediction (status "predicted"); predictedAt defaults to now.
 * @throws {LearnloopError} code `invalid_argument` for a duplicate id, a bad timestamp or a non-finite prediction
 */
export function recordPrediction(raw: RawStore, record: PredictionRecord): void {
  const checked = checkedKeys(record, RECORD_KEYS, 'record');
  unwrap(raw.recordPrediction(objectJson({ predicted_at: new Date().toISOString(), ...checked }, 'record')));
}

/**
 * Completes a prediction with its outcome; completedAt defaults to now.
 * @throws {LearnloopError} code `not_found` for an unknown prediction id
 */
export function completePrediction(raw: RawStore, predictionId: string, outcome: PredictionOutcome): void {
  const checked = checkedKeys(outcome, OUTCOME_KEYS, 'outcome');
  unwrap(raw.completePrediction(predictionId, objectJson({ completed_at: new Date().toISOString(), ...checked }, 'outcome')));
}

/**
 * Accuracy of a model's completed predictions over the lookback window.
 * @throws {LearnloopError} code `invalid_argument` for a bad timestamp or lookback, or a window with several targets and no `target`
 */
export function predictionAccuracy(raw: RawStore, options: AccuracyOptions): AccuracyReport {
  const checked = checkedKeys(options, ['modelName', 'target', 'now', 'lookbackDays'], 'options');
  const answer = unwrap(
    raw.accuracy(checked.modelName ?? 'ctr', checked.now ?? new Date().toISOString(), checked.lookbackDays ?? 7, checked.target ?? ''),
  );
  return JSON.parse(answer) as AccuracyReport;
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
