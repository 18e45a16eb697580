/**
 * Prediction with any model document (linear or GBDT), the core telling the kinds apart: plain
 * predictions for every row, and the report `learnloop predict --json` prints with its intervals and
 * preset fields (ctr, roas, conversion). Validation and messages come from the core.
 */
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule } from './raw_module.js';
import { numberArray } from './training_data.js';

/** What `learnloop predict --json` prints: predictions, intervals and preset results. */
export interface PredictionReport {
  model: string;
  kind: string;
  predictions: number[];
  coverage?: number;
  lower?: number[];
  upper?: number[];
  preset?: 'ctr' | 'roas' | 'conversion';
  /** One object per row, by the model's preset. */
  results?: CtrPresetResult[] | RoasPresetResult[] | ConversionPresetResult[];
}

/** A row's result of a `ctr` preset model: the prediction and its split-conformal interval. */
export interface CtrPresetResult {
  predicted_ctr: number;
  lower: number;
  upper: number;
}

/** A row's result of a `roas` preset model. */
export interface RoasPresetResult {
  predicted_roas: number;
  confidence_lower: number;
  confidence_upper: number;
  /** From historical_roas_7d vs historical_roas_30d; null when the rows do not have both. */
  trend: string | null;
  recommendation: string;
}

/** A row's result of a `conversion` preset model, with the model's most important features. */
export interface ConversionPresetResult {
  conversion_probability: number;
  confidence: number;
  top_factors: Array<{ factor: string; impact: number; value: number }>;
}

/**
 * @internal Predicts every row with any model document through `module`.
 * @throws {LearnloopError} code `invalid_argument` when the data does not fit the model, `not_found` for records without a
 * column the model reads
 */
export function predictAny(
  module: RawModule,
  model: object | string,
  data: { x: Float64Array | ArrayLike<number>; rows: number; cols: number } | { records: Array<Record<string, unknown>> },
): Float64Array {
  if (typeof data !== 'object' || data === null)
    throw new LearnloopError('invalid_argument', 'data must be {x, rows, cols} or {records}');
  const document = typeof model === 'string' ? model : JSON.stringify(model);
  if ('records' in data) return unwrap(module.predictModelRecords(document, JSON.stringify(data.records)));
  return unwrap(module.predictModel(document, numberArray('x', data.x), data.rows, data.cols));
}

/**
 * @internal The prediction report of `records` with any model document.
 * @throws {LearnloopError} code `invalid_argument` when the records do not fit the model, `not_found` for records without
 * a column the model reads
 */
export function predictReport(module: RawModule, model: object | string, records: Array<Record<string, unknown>>): PredictionReport {
  if (!Array.isArray(records)) throw new LearnloopError('invalid_argument', 'records must be an array of objects');
  const document = typeof model === 'string' ? model : JSON.stringify(model);
  return JSON.parse(unwrap(module.predictionReport(document, JSON.stringify(records)))) as PredictionReport;
}
