/**
 * The shapes of MetricsStore's data and learning calls: filters, ingest, overview, the daily learning
 * job's options and answers, history and the demo generator. Types only; the JSON they describe is
 * the core's (the same as the native CLI's `--json` output).
 */
import type { JobBanditOptions } from './bandit_decisions.js';
import type { BanditsSummary, LearningReport, LearnProblem, ModelsSummary } from './learning_types.js';
import type { RawProgress } from './raw_module.js';

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

/** What ingest() did; the keys of `learnloop ingest --json`. */
export interface IngestResult {
  rows_written: number;
  /** "line 7: column 'impressions': 'x' is not an integer" (only with skipBad). */
  bad_rows: string[];
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
  /** Content bandit options (stored with its state): forgetting when it is first made, floor and allowed arms. */
  contentBandit?: JobBanditOptions;
  /** Timing bandit options (stored with its state); allowed hours as integers 0-23 (UTC) or ids "h00".."h23". */
  timingBandit?: JobBanditOptions;
  /** Replace the run already committed for the date; by default it is kept and learn() answers `already_learned`. */
  force?: boolean;
  /** Progress of the job's steps. */
  onProgress?: RawProgress;
}

/** The result of learn(); identical to `learnloop learn --json`. */
export type LearnResult = LearnedRun | AlreadyLearned;

/** A learning run committed by this call. */
export interface LearnedRun {
  date: string;
  /**
   * `ok`, or `partial` when the run completed and was stored but some part failed (e.g. a model that could not be
   * fitted); `problems` says which and why. The CLI exits 3 on `partial`.
   */
  status: 'ok' | 'partial';
  /** What failed, one entry per part; empty when `status` is `ok`. */
  problems: LearnProblem[];
  outcomes_read: number;
  new_outcomes: number;
  bandits: BanditsSummary;
  models: ModelsSummary;
  snapshot: DailySnapshot;
  report: LearningReport;
}

/** The answer when a run for the date was already committed (by another process, or earlier): nothing was stored. */
export interface AlreadyLearned {
  date: string;
  status: 'already_learned';
  /** The committed run that was kept. */
  run: { date: string; outcomes_read: number };
  /** Says what happened and how to replace the run (`force: true`). */
  message: string;
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

/** Rows written by generateDemo(), by table. */
export interface DemoCounts {
  content: number;
  outcomes: number;
  retention: number;
  engagement: number;
  embeddings: number;
  /** creative_metrics rows (ad creatives' daily delivery). */
  creative_metrics: number;
}
