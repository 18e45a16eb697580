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
  /** One object per row: {predicted_ctr, lower, upper} | {predicted_roas, confidence_lower, confidence_upper, trend, recommendation} | {conversion_probability, confidence, top_factors}. */
  results?: Array<Record<string, unknown>>;
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
