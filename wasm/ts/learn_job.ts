/**
 * learnJob over a service's own records, without a database: the types and the call. The core
 * checks every record and runs the same job as MetricsStore.learn() would on those rows.
 */
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule, RawProgress } from './raw_module.js';
import { callbackArg, optionalString } from './args.js';
import { todayUtc } from './dates.js';
import { toJson } from './json_args.js';
import type { LinearModel } from './predictors.js';
import type { LearnedRun } from './store_types.js';

/** One outcome joined with its content's metadata; keys are the store's column names (outcomes + content_metadata). */
export interface OutcomeRecord {
  /** Content id. */
  decision_id: string;
  /** When the outcome was collected, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z (UTC). */
  collected_at: string;
  /** Views (>= 0). */
  impressions: number;
  likes?: number;
  retweets?: number;
  replies?: number;
  /** Stored engagement rate; null or absent means (likes + retweets + replies) / impressions. */
  engagement_rate?: number | null;
  followers_gained?: number;
  revenue?: number | null;
  platform?: string | null;
  decision_type?: string | null;
  /** Content type: the content bandit's arm. */
  bandit_arm?: string | null;
  hook_type?: string | null;
  topic?: string | null;
  /** Quality in [0, 1]. */
  quality_score?: number | null;
  cost?: number | null;
  /** Content duration in seconds (retention clusters group by it). */
  duration_seconds?: number | null;
  /** When it was posted (UTC); its hour is the timing bandit's arm. */
  posted_at?: string | null;
  [column: string]: unknown;
}

/** One retention measurement; keys are retention_metrics' column names. */
export interface RetentionRecord {
  content_id: string;
  measured_at: string;
  platform?: string | null;
  /** Mean watch percentage, 0..100. */
  avg_watch_percentage?: number;
  completion_rate?: number;
  /** Positions (fractions of the duration) where viewers dropped. */
  drop_off_points?: number[];
  [column: string]: unknown;
}

/**
 * The bandit state learnJob() returns and takes back on the next run; JSON-serialisable. `content` and `timing` are
 * the bandits' saved states (a versioned format the core reads back and migrates): keep them as they are.
 */
export interface LearnJobState {
  /** The content bandit's saved state, or null before any outcome with a content type. */
  content: BanditStateDocument | null;
  /** The timing bandit's saved state. */
  timing: BanditStateDocument | null;
  /** Last collected day already counted by the bandits. */
  through: string;
}

/** Input of learnJob(). */
export interface LearnJobInput {
  /** Outcome records; the latest per content in the window counts, as in the store. */
  records: OutcomeRecord[];
  /** Retention records for the report's retention section. */
  retention?: RetentionRecord[];
  /** `state` from the previous run; omit on the first run. */
  state?: LearnJobState | null;
  /** Day to learn, YYYY-MM-DD; default the latest collected_at day in `records`. */
  date?: string;
  /** Today's date (YYYY-MM-DD); later dates are refused. Default: the system clock (UTC). */
  today?: string;
  /** Days of outcomes the predictors and the report use; default 7. */
  windowDays?: number;
  /** Engagement rate counted as a success by the bandits; default 0.03. */
  successThreshold?: number;
  /** Progress of the job's steps. */
  onProgress?: RawProgress;
}

/** The result of learnJob(); identical to `learnloop learn --records FILE --json`. */
export interface LearnJobResult extends LearnedRun {
  /** Give this back as `state` on the next run. */
  state: LearnJobState;
  /** The fitted model documents by name, for predict(); a model that was not fitted is absent. */
  model_documents: { engagement_rate?: LinearModel; follow_through?: LinearModel };
}

/**
 * A bandit's saved state: a format name and version the core checks, then the bandit's own fields (its config, arms
 * and generators), which the core owns and may change between versions.
 */
export interface BanditStateDocument {
  format: 'learnloop.bandit';
  version: number;
  [field: string]: unknown;
}

/**
 * Runs the learning job on records.
 * @throws {LearnloopError} code `invalid_argument` for a bad record (named by index and field), a bad state or a future date
 */
export function learnJob(module: RawModule, input: LearnJobInput): LearnJobResult {
  if (typeof input !== 'object' || input === null || !Array.isArray(input.records))
    throw new LearnloopError('invalid_argument', 'learnJob needs {records: [...]}: an array of outcome records');
  const { onProgress, ...rest } = input;
  optionalString(rest, 'today', 'input');
  optionalString(rest, 'date', 'input');
  const request = { ...rest, today: rest.today ?? todayUtc() };
  return JSON.parse(unwrap(module.learnRecords(toJson(request, 'input'), callbackArg(onProgress, 'input.onProgress')))) as LearnJobResult;
}
