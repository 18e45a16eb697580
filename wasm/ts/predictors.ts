/**
 * Linear predictors from JS: ridge and logistic regression on a row-major Float64Array or on
 * records with a feature spec, returning
 * the model document (plain data, the same JSON `learnloop fit --json` prints), and prediction with
 * such a document. Validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import { predictAny } from './gbdt.js';
import type { RawModule } from './raw_module.js';

/** Features as one row-major array of rows x cols numbers. */
export interface FeatureMatrix {
  /** rows * cols numbers, row by row. */
  x: Float64Array | ArrayLike<number>;
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  cols: number;
}

/** Training data: features, their names and the target. */
export interface TrainingData extends FeatureMatrix {
  /** One target value per row (0/1 for logistic). */
  y: Float64Array | ArrayLike<number>;
  /** Column names; default x0, x1, ... */
  featureNames?: string[];
}

/** How one raw column becomes features. */
export interface FeatureColumnSpec {
  name: string;
  /** numeric (default), one_hot (one 0/1 feature per category seen at fit; unseen gives all zeros), cyclic_hour (sin and cos of 2 pi h / 24). */
  kind?: 'numeric' | 'one_hot' | 'cyclic_hour';
  /** numeric: standardise with the training mean and standard deviation. */
  scale?: boolean;
  /** Raw column to read when it differs from `name` (one raw column may feed two features). */
  source?: string;
  /** numeric: divide the raw value by this first (e.g. 100 for a 0-100 score). */
  divide_by?: number;
}

/** A feature spec: raw columns in order and what to do with missing values (null or absent). */
export interface FeatureSpec {
  columns: Array<string | FeatureColumnSpec>;
  /** error (default), mean (training mean) or zero. */
  missing?: 'error' | 'mean' | 'zero';
}

/** Training data as records (objects keyed by column) with a feature spec. */
export interface RecordTrainingData {
  records: Array<Record<string, unknown>>;
  /** Column holding the target (0/1 for logistic). */
  target: string;
  /** How columns become features; or give `preset`. */
  spec?: FeatureSpec;
  /** The specs' feature set: engagement_rate (fitRidge) or follow_through (fitLogistic). */
  preset?: 'engagement_rate' | 'follow_through';
}

/** Rows to predict: a feature matrix, or records for a model fitted with a feature spec. */
export type PredictionInput = FeatureMatrix | { records: Array<Record<string, unknown>> };

/** A fitted linear model document (format "learnloop.model"). */
export interface LinearModel {
  format: 'learnloop.model';
  format_version: number;
  kind: 'ridge' | 'logistic';
  /** Content id: the same fit gives the same id on every target. */
  version: string;
  features: string[];
  /** One per feature, on the original feature scale. */
  coefficients: number[];
  intercept: number;
  params: Record<string, number>;
  metrics: Record<string, Record<string, number | null>>;
  /** Split-conformal interval, after calibrate(). */
  conformal?: { coverage: number; half_width: number; samples: number };
  /** The fitted feature spec, for models fitted on records. */
  feature_spec?: FeatureSpec & { fitted: true };
}

const numbers = (name: string, values: ArrayLike<number> | undefined) => {
  if (values === undefined || typeof values.length !== 'number')
    throw new LearnloopError('invalid_argument', `${name} must be a Float64Array or an array of numbers`);
  return values instanceof Float64Array ? values : Float64Array.from(values);
};

/**
 * @internal Fits a ridge or logistic model through `module`.
 * @throws {LearnloopError} code `invalid_argument` for bad data, a bad feature spec or a bad penalty
 */
export function fitLinear(
  module: RawModule,
  kind: 'ridge' | 'logistic',
  data: TrainingData | RecordTrainingData,
  penalty: number,
): LinearModel {
  if (typeof data !== 'object' || data === null)
    throw new LearnloopError('invalid_argument', 'training data must be {x, rows, cols, y, featureNames?} or {records, target, spec}');
  if ('records' in data && data.preset !== undefined && data.spec !== undefined)
    throw new LearnloopError('invalid_argument', 'give a spec or a preset, not both');
  const spec = 'records' in data && data.preset !== undefined ? unwrap(module.linearPresetSpec(kind, String(data.preset))) : undefined;
  const document =
    'records' in data
      ? module.fitLinearRecords(kind, JSON.stringify(data.records), String(data.target), spec ?? JSON.stringify(data.spec ?? null), penalty)
      : module.fitLinear(kind, numbers('x', data.x), data.rows, data.cols, data.featureNames, numbers('y', data.y), penalty);
  return JSON.parse(unwrap(document)) as LinearModel;
}

/** Predictions with their split-conformal interval. */
export interface IntervalPrediction {
  prediction: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  coverage: number;
}

/**
 * @internal Calibrates a split-conformal interval for a regressor on held-out data.
 * @throws {LearnloopError} code `invalid_argument` for a classifier, bad data or a coverage outside (0, 1)
 */
export function calibrateLinear(
  module: RawModule,
  model: LinearModel | string,
  data: TrainingData | { records: Array<Record<string, unknown>>; target: string },
  coverage: number,
): LinearModel {
  if (typeof data !== 'object' || data === null)
    throw new LearnloopError('invalid_argument', 'calibration data must be {x, rows, cols, y} or {records, target}');
  const document = typeof model === 'string' ? model : JSON.stringify(model);
  const calibrated =
    'records' in data
      ? module.calibrateRecords(document, JSON.stringify(data.records), String(data.target), coverage)
      : module.calibrateMatrix(document, numbers('x', data.x), data.rows, data.cols, numbers('y', data.y), coverage);
  return JSON.parse(unwrap(calibrated)) as LinearModel;
}

/**
 * @internal Predictions with the model's conformal interval.
 * @throws {LearnloopError} code `invalid_argument` for a model without a calibrated interval or data that does not fit it
 */
export function predictWithInterval(module: RawModule, model: LinearModel | { kind: string } | string, data: PredictionInput): IntervalPrediction {
  const document = typeof model === 'string' ? model : JSON.stringify(model);
  const parsed = (typeof model === 'string' ? JSON.parse(model) : model) as LinearModel;
  const prediction = predictAny(module, document, data);
  const { lower, upper } = unwrap(module.conformalBounds(document, prediction));
  return { prediction, lower, upper, coverage: parsed.conformal?.coverage ?? NaN };
}
