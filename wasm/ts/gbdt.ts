/**
 * Gradient-boosted trees from JS: XGBoost-style hist GBDT regression and binary classification on a
 * row-major Float64Array or on records with a feature spec, returning the model document (the same
 * JSON `learnloop fit gbdt-regressor --json` prints). Prediction with any model document is in
 * prediction.ts. Validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule } from './raw_module.js';
import { numberArray, type FeatureSpec, type RecordTrainingData, type TrainingData } from './training_data.js';

/** Boosting settings (defaults: 100 rounds, depth 6, learning rate 0.1, XGBoost's otherwise). */
export interface GbdtOptions {
  nEstimators?: number;
  maxDepth?: number;
  learningRate?: number;
  /** Minimum hessian sum per leaf. */
  minChildWeight?: number;
  /** L2 penalty on leaf weights. */
  lambda?: number;
  /** Share of rows sampled per tree, in (0, 1]. */
  subsample?: number;
  /** Share of features sampled per tree, in (0, 1]. */
  colsample?: number;
  /** Histogram bins per feature, 2..256. */
  maxBins?: number;
  /** Stop after this many rounds without validation gain (needs `validation` for matrices). */
  earlyStoppingRounds?: number;
  /** Seed of row/column sampling and, for records, of the splits. */
  seed?: number;
  /** Matrices: held-out rows scored for early stopping. */
  validation?: { x: Float64Array | ArrayLike<number>; rows: number; y: Float64Array | ArrayLike<number> };
  /** Records: share held out for test metrics and calibration (default 0.2). */
  testFraction?: number;
  /** Records: share of training rows used for early stopping (default 0.1). */
  validationFraction?: number;
  /** Records, regressor: split-conformal coverage (default 0.9). */
  coverage?: number;
  /** Records: a preset whose fields predictReport adds: ctr, roas (regressor) or conversion (classifier). */
  preset?: 'ctr' | 'roas' | 'conversion';
}

/** One regression tree: flat node arrays, node 0 the root; rows with x[feature] < threshold go left. */
export interface GbdtTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A fitted GBDT model document (format "learnloop.model"). */
export interface GbdtModel {
  format: 'learnloop.model';
  format_version: number;
  kind: 'gbdt-regressor' | 'gbdt-classifier';
  /** Content id: the same fit gives the same id on every target. */
  version: string;
  preset?: 'ctr' | 'roas' | 'conversion';
  features: string[];
  base_score: number;
  best_iteration: number;
  params: Record<string, number>;
  /** Share of total split gain per feature (sums to 1). */
  importance: number[];
  metrics: Record<string, Record<string, number | null>>;
  feature_spec?: FeatureSpec & { fitted: true };
  conformal?: { coverage: number; half_width: number; samples: number };
  /** Residual 10th/90th percentiles on the test rows (regressors fitted on records). */
  quantiles?: { p10: number; p90: number; samples: number };
  trees: GbdtTree[];
}

const coreOptions = (o: GbdtOptions) => {
  const out: Record<string, number> = {};
  const keys: Array<[keyof GbdtOptions, string]> = [
    ['nEstimators', 'n_estimators'], ['maxDepth', 'max_depth'], ['learningRate', 'learning_rate'],
    ['minChildWeight', 'min_child_weight'], ['lambda', 'lambda'], ['subsample', 'subsample'], ['colsample', 'colsample'],
    ['maxBins', 'max_bins'], ['earlyStoppingRounds', 'early_stopping_rounds'], ['seed', 'seed'],
  ];
  for (const [js, core] of keys) if (o[js] !== undefined) out[core] = o[js] as number;
  return JSON.stringify(out);
};

/**
 * @internal Fits a GBDT regressor or classifier through `module`.
 * @throws {LearnloopError} code `invalid_argument` for bad data, a bad feature spec or bad options
 */
export function fitGbdt(
  module: RawModule,
  kind: 'gbdt-regressor' | 'gbdt-classifier',
  data: TrainingData | RecordTrainingData,
  options: GbdtOptions,
): GbdtModel {
  if (typeof data !== 'object' || data === null)
    throw new LearnloopError('invalid_argument', 'training data must be {x, rows, cols, y, featureNames?} or {records, target, spec}');
  if (typeof options !== 'object' || options === null) throw new LearnloopError('invalid_argument', 'options must be an object');
  let document;
  if ('records' in data) {
    const split = { test_fraction: options.testFraction, validation_fraction: options.validationFraction, coverage: options.coverage,
                    seed: options.seed, preset: options.preset };
    document = module.fitGbdtRecords(kind, JSON.stringify(data.records), String(data.target), JSON.stringify(data.spec ?? null),
                                     coreOptions(options), JSON.stringify(split));
  } else {
    const v = options.validation;
    document = module.fitGbdt(kind, numberArray('x', data.x), data.rows, data.cols, data.featureNames, numberArray('y', data.y),
                              coreOptions(options), v ? numberArray('validation.x', v.x) : undefined, v ? v.rows : 0,
                              v ? numberArray('validation.y', v.y) : undefined);
  }
  return JSON.parse(unwrap(document)) as GbdtModel;
}
