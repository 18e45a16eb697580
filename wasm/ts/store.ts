/**
 * MetricsStore: the metrics database and the daily learning job in JS. The SQL, the checks and
 * the job run in the core (the same code as the native CLI); this class converts arguments and
 * owns the database handle. Open one with `openDatabase()` from the package entry point.
 */
import { LearnloopError, unwrap } from './errors.js';
import { WasmHandle } from './handle.js';
import { EmbeddingIndex, type EmbeddingMetric } from './embeddings.js';
import * as content from './content_analytics.js';
import type { CreativeFatigueOptions, CreativeFatigueReport } from './ads.js';
import type { RawModule, RawProgress, RawStore } from './raw_module.js';
import type { SqliteAdapter } from './sqlite_adapter.js';

/** Which rows readMetrics() returns; absent fields do not filter. */
export interface MetricsFilter {
  /** Equal to content_id (decision_id in content_metadata and outcomes). */
  contentId?: string;
  /** Equal to platform. */
  platform?: string;
  /** First day, YYYY-MM-DD, of the table's time column. */
  from?: string;
  /** Last day, YYYY-MM-DD, inclusive. */
  to?: string;
  /** At most this many rows, newest first. */
  limit?: number;
}

/** A value of a metric row: JSON columns come back parsed. */
export type MetricRow = Record<string, unknown>;

/** Options of ingest(). */
export interface IngestOptions {
  /** Metric table, e.g. "outcomes". */
  table: string;
  /** "csv" (default) or "jsonl". */
  format?: 'csv' | 'jsonl';
  /** Source column -> table column. */
  mapping?: Record<string, string>;
  /** Write the good rows and list the bad ones (default: all or nothing). */
  skipBad?: boolean;
  /** Progress every 10,000 rows. */
  onProgress?: RawProgress;
}

/** What ingest() did. */
export interface IngestResult {
  rowsWritten: number;
  /** "line 7: column 'impressions': 'x' is not an integer" (only with skipBad). */
  badRows: string[];
}

/** overview(): what a database holds; identical to `learnloop info --json`. */
export interface StoreOverview {
  schema_version: number;
  /** Rows per table. */
  tables: Record<string, number>;
  /** First and last day with collected outcomes (null when there are none). */
  outcomes: { first_day: string | null; last_day: string | null };
  /** Day of the latest learning run, or null. */
  latest_run: string | null;
  /** True when no table has a row. */
  empty: boolean;
}

/** Options of learn(). */
export interface LearnOptions {
  /** Day to learn, YYYY-MM-DD; default yesterday (UTC). */
  date?: string;
  /** Today's date, YYYY-MM-DD; later dates are refused. Default: the system clock (UTC). */
  today?: string;
  /** Days of outcomes the predictors and the report use; default 7. */
  windowDays?: number;
  /** Engagement rate counted as a success by the bandits; default 0.03. */
  successThreshold?: number;
  /** Progress of the job's steps. */
  onProgress?: RawProgress;
}

/** A learning report (see the README for its sections); identical to `learnloop report --json`. */
export type LearningReport = Record<string, unknown> & { date: string; status: 'ok' | 'no_data' };

/** The result of learn(); identical to `learnloop learn --json`. */
export interface LearnResult {
  date: string;
  outcomes_read: number;
  new_outcomes: number;
  bandits: Record<string, unknown>;
  models: Record<string, unknown>;
  snapshot: DailySnapshot;
  report: LearningReport;
}

/** One row of daily_snapshots. */
export interface DailySnapshot {
  snapshot_date: string;
  total_content_analyzed: number;
  avg_retention: number | null;
  avg_engagement_rate: number | null;
  best_content_ids: string[];
  insights: string[];
  recommendations: string[];
}

/** One learning run in history(). */
export interface HistoryEntry {
  date: string;
  outcomes_read: number;
  content_analyzed: number | null;
  avg_engagement_rate: number | null;
  avg_retention: number | null;
  recommended_content_type: string | null;
  engagement_model_r2: number | null;
}

/** Settings of generateDemo(). */
export interface DemoOptions {
  /** Last day with collected outcomes, YYYY-MM-DD. */
  endDate: string;
  /** Days of history; default 90. */
  days?: number;
  /** Posts per day; default 24. */
  postsPerDay?: number;
  /** Seed; default 42. */
  seed?: number;
  /** Dimension of the caption embeddings (0: none); default 32. */
  embeddingDim?: number;
  /** Progress per generated day. */
  onProgress?: RawProgress;
}

/** Rows written by generateDemo(). */
export interface DemoCounts {
  content: number;
  outcomes: number;
  retention: number;
  engagement: number;
  embeddings: number;
  /** creative_metrics rows (ad creatives' daily delivery). */
  creativeMetrics: number;
}

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
}

/** Today's UTC date, YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function yesterdayOf(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
}

function json(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null) throw new LearnloopError('invalid_argument', `${what} must be an object`);
  return JSON.stringify(value);
}

/** A metrics database with learnloop's schema. Dispose it (or call close()) when done. */
export class MetricsStore extends WasmHandle<RawStore> {
  readonly #adapter: SqliteAdapter;
  readonly #module: RawModule;

  /** @internal Use openDatabase() instead. */
  constructor(module: RawModule, adapter: SqliteAdapter) {
    super(new module.Store(adapter));
    this.#adapter = adapter;
    this.#module = module;
  }

  /**
   * Creates the schema or migrates an older one.
   * @throws {LearnloopError} code `unsupported_version` for a database from a newer learnloop
   */
  migrate(): void {
    unwrap(this.raw.migrate());
  }

  /** The schema version this learnloop writes. */
  get schemaVersion(): number {
    return this.raw.schemaVersion();
  }

  /**
   * What the database holds: rows per table, the days its outcomes cover, its latest learning run; same JSON as `learnloop info --json`.
   * @throws {LearnloopError} when the database cannot be read
   */
  overview(): StoreOverview {
    return JSON.parse(unwrap(this.raw.overview())) as StoreOverview;
  }

  /**
   * Writes one record or many to a metric table, in one transaction (all or nothing).
   * @throws {LearnloopError} code `invalid_argument` for an unknown table or column, a value of the wrong type, or invalid JSON in a JSON column
   */
  writeMetrics(table: string, records: MetricRow | MetricRow[]): void {
    unwrap(this.raw.writeMetrics(table, json(records, 'records')));
  }

  /**
   * Reads rows of a metric table.
   * @throws {LearnloopError} code `invalid_argument` for an unknown table or a bad date
   */
  readMetrics(table: string, filter: MetricsFilter = {}): MetricRow[] {
    return JSON.parse(unwrap(this.raw.readMetrics(table, json(filter, 'filter')))) as MetricRow[];
  }

  /**
   * Daily snapshots of days [from, to], oldest first.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  readDailySnapshots(from: string, to: string): DailySnapshot[] {
    return JSON.parse(unwrap(this.raw.readSnapshots(from, to))) as DailySnapshot[];
  }

  /**
   * Loads CSV or JSON Lines text into a metric table in one transaction.
   * @throws {LearnloopError} code `invalid_argument` listing the bad rows by line when any row is bad (nothing is written unless skipBad)
   */
  ingest(text: string, options: IngestOptions): IngestResult {
    const { onProgress, ...rest } = options;
    return JSON.parse(unwrap(this.raw.ingest(text, json(rest, 'options'), onProgress))) as IngestResult;
  }

  /**
   * Runs the daily learning job for one day; same JSON as `learnloop learn --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad or future date
   */
  learn(options: LearnOptions = {}): LearnResult {
    const { onProgress, ...rest } = options;
    const today = rest.today ?? todayUtc();
    const body = { ...rest, today, date: rest.date ?? yesterdayOf(today) };
    return JSON.parse(unwrap(this.raw.learn(JSON.stringify(body), onProgress))) as LearnResult;
  }

  /**
   * The report of `date`: stored by learn(), else computed from the data.
   * @throws {LearnloopError} code `invalid_argument` for a bad date or window
   */
  report(date: string, windowDays = 7): LearningReport {
    return JSON.parse(unwrap(this.raw.report(date, windowDays))) as LearningReport;
  }

  /**
   * Learning runs of the `days` days ending at `today` (default: the system clock), oldest first.
   * @throws {LearnloopError} code `invalid_argument` for days < 1 or a bad date
   */
  history(days: number, today: string = todayUtc()): HistoryEntry[] {
    return JSON.parse(unwrap(this.raw.history(today, days))) as HistoryEntry[];
  }

  /**
   * Writes a synthetic content history (an empty database only); seeded, so every runtime writes the same rows.
   * @throws {LearnloopError} code `invalid_argument` when the database already holds content
   */
  generateDemo(options: DemoOptions): DemoCounts {
    const { onProgress, ...rest } = options;
    return JSON.parse(unwrap(this.raw.generateDemo(json(rest, 'options'), onProgress))) as DemoCounts;
  }

  /**
   * Records a prediction (status "predicted") for accuracy tracking.
   * @throws {LearnloopError} code `invalid_argument` for a duplicate id, a bad timestamp or a non-finite prediction
   */
  recordPrediction(record: PredictionRecordInput): void {
    unwrap(this.raw.recordPrediction(json({ predictedAt: new Date().toISOString(), ...record }, 'record')));
  }

  /**
   * Stores what actually happened; the prediction becomes "completed" with its errors.
   * @throws {LearnloopError} code `not_found` for an unknown prediction id
   */
  completePrediction(predictionId: string, outcome: { actualCtr?: number; actualRoas?: number; completedAt?: string }): void {
    unwrap(this.raw.completePrediction(predictionId, json({ completedAt: new Date().toISOString(), ...outcome }, 'outcome')));
  }

  /**
   * Accuracy of a model's completed predictions over the lookback window (MAE, RMSE, R^2, % within 20%, breakdowns).
   * @throws {LearnloopError} code `invalid_argument` for a bad timestamp or lookback
   */
  predictionAccuracy(options: { modelName?: string; now?: string; lookbackDays?: number } = {}): Record<string, unknown> {
    return JSON.parse(unwrap(this.raw.accuracy(options.modelName ?? 'ctr', options.now ?? new Date().toISOString(), options.lookbackDays ?? 7)));
  }

  /**
   * Spec 002's check_and_retrain: measures accuracy, retrains on drift, promotes only a better model.
   * @throws {LearnloopError} code `invalid_argument` for bad options
   */
  checkAndRetrain(options: RetrainOptions = {}): RetrainResult {
    return JSON.parse(unwrap(this.raw.checkAndRetrain(json({ now: new Date().toISOString(), ...options }, 'options')))) as RetrainResult;
  }

  /**
   * The active model of `name` for `tenant` (else the default tenant's).
   * @throws {LearnloopError} code `not_found` when there is none
   */
  latestModel(name: string, tenant = 'default'): RegisteredModel {
    return JSON.parse(unwrap(this.raw.latestModel(name, tenant))) as RegisteredModel;
  }

  /**
   * Writes the live items of `type` in `index` to the embeddings table, replacing that type's rows (one transaction).
   * @throws {LearnloopError} code `not_found` when the index has no such type
   */
  saveEmbeddings(index: EmbeddingIndex, type: string): void {
    unwrap(this.raw.saveEmbeddings(index.toBytes(), String(type), new Date().toISOString()));
  }

  /**
   * Rebuilds an index from the embeddings table's rows of `type` (dimension from the rows). Dispose it when done.
   * @throws {LearnloopError} code `not_found` when the table has no rows of that type
   */
  loadEmbeddingIndex(type: string, options: { metric?: EmbeddingMetric } = {}): EmbeddingIndex {
    const bytes = unwrap(this.raw.loadEmbeddings(String(type), options.metric ?? ''));
    return EmbeddingIndex.fromBytes(this.#module, bytes);
  }

  /**
   * Best hours and weekdays to post on a platform, with a confidence and its method; same JSON as `learnloop besttime --json`.
   * Too little data is an answer (status "not_enough_data" with the sample size), not an error.
   * @throws {LearnloopError} code `invalid_argument` for a missing platform or a bad date, days, seed or resamples
   */
  bestTimeToPost(options: content.BestTimeOptions): content.BestTimeResult {
    void this.raw; // throws once disposed
    return content.bestTimeToPost(this.#module, this.#adapter, options);
  }

  /**
   * Virality score, views and engagement interval, factors and recommendations for content before posting; same JSON as `learnloop virality --json`.
   * @throws {LearnloopError} code `invalid_argument` for content without platform or quality_score, or a field of the wrong type or range
   */
  predictVirality(input: content.ContentInput, options: content.ViralityOptions = {}): content.ViralityPrediction {
    void this.raw;
    return content.predictVirality(this.#module, this.#adapter, input, options);
  }

  /**
   * The meta-learning scores learn() wrote for a day (default: the latest); same JSON as `learnloop scores --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  metaLearningScores(options: { date?: string } = {}): content.MetaLearningScores {
    void this.raw;
    return content.metaLearningScores(this.#module, this.#adapter, options);
  }

  /**
   * Creative fatigue of every creative in creative_metrics, most fatigued first; identical to `learnloop fatigue --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  creativeFatigue(options: CreativeFatigueOptions = {}): CreativeFatigueReport {
    json(options, 'options');
    const date = options.date ?? '';
    if (typeof date !== 'string') throw new LearnloopError('invalid_argument', 'date must be a string YYYY-MM-DD');
    return JSON.parse(unwrap(this.raw.creativeFatigue(date))) as CreativeFatigueReport;
  }

  /**
   * Saves the database where it came from (Node: its file, atomically) when anything changed.
   * @throws {LearnloopError} when the database cannot be exported or its file cannot be written
   */
  save(): void {
    unwrap(this.raw.flush());
  }

  /** The database as SQLite file bytes (for downloads, IndexedDB or OPFS). */
  export(): Uint8Array {
    return this.#adapter.export();
  }

  /** Frees the handle and closes the database; unsaved changes are dropped (call save() first). */
  override dispose(): void {
    if (this.disposed) return;
    super.dispose();
    this.#adapter.close();
  }

  /** Same as dispose(). */
  close(): void {
    this.dispose();
  }
}

/**
 * @internal A store over `adapter`, migrated to the current schema; a failed migration closes it and throws.
 * @throws {LearnloopError} code `unsupported_version` for a database from a newer learnloop, or the migration's error
 */
export function openMigratedStore(ll: { storeOver(adapter: SqliteAdapter): MetricsStore }, adapter: SqliteAdapter): MetricsStore {
  const store = ll.storeOver(adapter);
  try {
    store.migrate();
  } catch (error) {
    store.dispose();
    throw error;
  }
  return store;
}
