/**
 * MetricsStore: the metrics database and the daily learning job in JS. The SQL, the checks and
 * the job run in the core (the same code as the native CLI); this class converts arguments and
 * owns the database handle. Open one with `openDatabase()` from the package entry point.
 */
import { LearnloopError, unwrap } from './errors.js';
import { WasmHandle } from './handle.js';
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

  /** @internal Use openDatabase() instead. */
  constructor(module: RawModule, adapter: SqliteAdapter) {
    super(new module.Store(adapter));
    this.#adapter = adapter;
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

  /** Daily snapshots of days [from, to], oldest first. */
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

  /** The report of `date`: stored by learn(), else computed from the data. */
  report(date: string, windowDays = 7): LearningReport {
    return JSON.parse(unwrap(this.raw.report(date, windowDays))) as LearningReport;
  }

  /** Learning runs of the `days` days ending at `today` (default: the system clock), oldest first. */
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

  /** Saves the database where it came from (Node: its file, atomically) when anything changed. */
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
