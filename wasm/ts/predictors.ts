/**
 * Linear predictors from JS: ridge and logistic regression on a row-major Float64Array or on
 * records with a feature spec, returning
 * the model document (plain data, the same JSON `learnloop fit --json` prints), and prediction with
 * such a document. Validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import { predictAny } from './prediction.js';
import type { RawModule } from './raw_module.js';
import {
  numberArray,
  type FeatureSpec,
  type PredictionInput,
  type RecordTrainingData,
  type TrainingData,
} from './training_data.js';

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
  /** Features constant in every training row: left out of the fit (coefficient 0) and ignored by predict. */
  dropped?: string[];
  params: Record<string, number>;
  metrics: Record<string, Record<string, number | null>>;
  /** Split-conformal interval, after calibrate(). */
  conformal?: { coverage: number; half_width: number; samples: number };
  /** The fitted feature spec, for models fitted on records. */
  feature_spec?: FeatureSpec & { fitted: true };
}

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
      : module.fitLinear(kind, numberArray('x', data.x), data.rows, data.cols, data.featureNames, numberArray('y', data.y), penalty);
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
      : module.calibrateMatrix(document, numberArray('x', data.x), data.rows, data.cols, numberArray('y', data.y), coverage);
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
