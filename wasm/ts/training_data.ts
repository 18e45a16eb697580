/**
 * The shapes of training and prediction data shared by every predictor (linear and GBDT): a
 * row-major feature matrix, records with a feature spec, and the conversion of number arrays to the
 * Float64Array the bindings take.
 */
import { LearnloopError } from './errors.js';

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
  /** Set by the fit (a fitted spec in a model document), numeric: the training mean. */
  mean?: number;
  /** Set by the fit, numeric: the training standard deviation. */
  std?: number;
  /** Set by the fit, one_hot: the categories seen, in feature order. */
  categories?: string[];
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

/**
 * `values` as a Float64Array (itself when it already is one).
 * @throws {LearnloopError} code `invalid_argument`, naming `name`, when `values` is not array-like
 */
export function numberArray(name: string, values: ArrayLike<number> | undefined): Float64Array {
  if (values === undefined || typeof values.length !== 'number')
    throw new LearnloopError('invalid_argument', `${name} must be a Float64Array or an array of numbers`);
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
