/**
 * Linear predictors from JS: ridge and logistic regression on a row-major Float64Array, returning
 * the model document (plain data, the same JSON `learnloop fit --json` prints), and prediction with
 * such a document. Validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
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
}

const numbers = (name: string, values: ArrayLike<number> | undefined) => {
  if (values === undefined || typeof values.length !== 'number')
    throw new LearnloopError('invalid_argument', `${name} must be a Float64Array or an array of numbers`);
  return values instanceof Float64Array ? values : Float64Array.from(values);
};

/** @internal Fits a ridge or logistic model through `module`. */
export function fitLinear(module: RawModule, kind: 'ridge' | 'logistic', data: TrainingData, penalty: number): LinearModel {
  if (typeof data !== 'object' || data === null)
    throw new LearnloopError('invalid_argument', 'training data must be an object {x, rows, cols, y, featureNames?}');
  const document = module.fitLinear(kind, numbers('x', data.x), data.rows, data.cols, data.featureNames, numbers('y', data.y), penalty);
  return JSON.parse(unwrap(document)) as LinearModel;
}

/** @internal Predicts every row with `model` through `module`. */
export function predictLinear(module: RawModule, model: LinearModel | string, data: FeatureMatrix): Float64Array {
  if (typeof data !== 'object' || data === null) throw new LearnloopError('invalid_argument', 'data must be an object {x, rows, cols}');
  const document = typeof model === 'string' ? model : JSON.stringify(model);
  return unwrap(module.predictLinear(document, numbers('x', data.x), data.rows, data.cols));
}
