/**
 * Content analytics over a MetricsStore's database: best time to post, virality prediction and
 * the meta-learning scores written by the learning job. The analyses run in the core (the same code
 * as `learnloop besttime`, `learnloop virality` and `learnloop scores`), so results are the CLI's
 * JSON, parsed. This file validates arguments and converts; MetricsStore exposes the methods.
 */
import type { Finding } from './learning_types.js';
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule } from './raw_module.js';
import type { DatabaseAdapter } from './sqlite_types.js';

/** Options of bestTimeToPost(). */
export interface BestTimeOptions {
  /** Platform, as in content_metadata.platform (required). */
  platform: string;
  /** Last day of the window, YYYY-MM-DD; default: the latest day an outcome was collected. */
  date?: string;
  /** Window length in days; default 28. */
  days?: number;
  /** Seed of the bootstrap and posterior draws; default 0. */
  seed?: number;
  /** Bootstrap resamples and posterior draws; default 1000; 0 skips the confidence. */
  resamples?: number;
}

/** bestTimeToPost()'s answer; identical to `learnloop besttime --json`. */
export interface BestTimeResult {
  platform: string;
  /** "not_enough_data" (with `message`) when the platform has fewer than 20 posts or 3 hours with 3 posts each. */
  status: 'ok' | 'not_enough_data';
  window: { from: string; to: string; days: number } | null;
  /** Posts of the platform with a posting hour in the window. */
  sample_size: number;
  /** Top 3 UTC hours by mean engagement rate (hours with at least 3 posts). */
  best_hours: number[];
  /** Top 3 weekdays ("Monday" ...). */
  best_days: string[];
  /** Mean engagement rate by UTC hour ("7": 0.0412). */
  hourly_performance: Record<string, number>;
  hourly_posts: Record<string, number>;
  daily_performance: Record<string, number>;
  daily_posts: Record<string, number>;
  /** Weekday ("Monday" ...) to 24 mean engagement rates by UTC hour (null where nothing was posted): a heatmap's cells. */
  weekday_hour_performance: Record<string, Array<number | null>>;
  /** Weekday to 24 post counts by UTC hour. */
  weekday_hour_posts: Record<string, number[]>;
  /** Probability that best_hours[0] is truly best, by `method`; null without enough data or with resamples 0. */
  confidence: number | null;
  method: 'timing_bandit_posterior' | 'bootstrap' | null;
  method_detail: string | null;
  confidence_by_method: { timing_bandit_posterior: number | null; bootstrap: number | null };
  /** The best hour and weekday under the finding rule (README: "Findings only where the data supports them"). */
  findings: { rule: string; hour: Finding<number>; weekday: Finding<string> };
  /** The two findings in words. */
  answer: { hour: string; weekday: string };
  message?: string;
}

/** Content to score before posting; keys the predictor does not use are listed in `unused_fields`. */
export interface ContentInput {
  /** Required. */
  platform: string;
  /** Required, in [0, 1]. */
  quality_score: number;
  content_id?: string;
  /** Content type (the content bandit's arm); `bandit_arm` is accepted too. */
  content_type?: string;
  bandit_arm?: string;
  hook_type?: string;
  /** Seconds; `duration` is accepted too. */
  duration_seconds?: number;
  duration?: number;
  /** Planned posting hour, 0-23 UTC (or `posted_at`); absent: the platform's best hour is assumed. */
  posted_hour?: number;
  posted_at?: string;
  [key: string]: unknown;
}

/** Options of predictVirality(). */
export interface ViralityOptions {
  /** Last day of the history window; default: the latest day an outcome was collected. */
  date?: string;
  /** History window in days; default 28. */
  days?: number;
  /** Seed of the held-out split that decides between learned and fixed weights; default 0. */
  seed?: number;
}

/** One component of the virality score. */
export interface ViralityComponent {
  /** In [0, 1]; null when the history cannot estimate it (the weights are then renormalised). */
  value: number | null;
  basis: string;
  posts?: number;
}

/** An empirical 80% interval from comparable posts. */
export interface EmpiricalInterval {
  value: number;
  lower: number;
  upper: number;
  coverage: number;
  method: string;
}

/** predictVirality()'s answer; identical to `learnloop virality --json`. */
export interface ViralityPrediction {
  content_id: string | null;
  platform: string;
  history: { from: string | null; to: string | null; posts: number; with_retention: number };
  status: 'ok' | 'not_enough_data';
  message?: string;
  sample_size?: number;
  /** 0-100. */
  virality_score?: number;
  weights?: { retention: number; engagement: number; quality: number; timing: number };
  weights_source?: 'fixed' | 'learned';
  weights_reason?: string;
  components?: { retention: ViralityComponent; engagement: ViralityComponent; quality: ViralityComponent; timing: ViralityComponent };
  predicted_views?: EmpiricalInterval;
  predicted_engagement_rate?: EmpiricalInterval;
  contributing_factors?: {
    factor: string;
    value: number;
    weight: number;
    contribution: number;
    history_average: number | null;
    /** 'above average' | 'below average' | 'average', or 'unknown' when no past post can be compared (see effect_reason). */
    effect: string;
    /** Why the effect is unknown; present only then. */
    effect_reason?: string;
  }[];
  recommendations?: {
    boost_recommended: boolean;
    boost_threshold: number;
    boost_rule: string;
    optimal_hour_utc: number | null;
    best_hours_utc: number[];
    best_days: string[];
    best_platform: string | null;
    /** Chance that best_platform's mean engagement beats the planned platform's (null when they cannot be compared); the actions suggest it at 0.9 or more. */
    best_platform_chance: number | null;
    actions: string[];
  };
  unused_fields?: string[];
}

/** What a meta-learning score was computed from (null where the content has no such data). */
export interface MetaLearningFactors {
  engagement_rate: number;
  impressions: number;
  avg_watch_percentage: number | null;
  retention_cluster: 'high' | 'medium' | 'low' | null;
  quality_score: number | null;
  timing: number | null;
  /** The hour it was posted, 0-23 (UTC). */
  posted_hour: number | null;
  /** How brand_alignment_score was computed, or why it is null. */
  brand_alignment_method: string;
  caption_cosine: number | null;
  content_type: string;
  platform: string;
  hook_type: string;
}

/** One row of meta_learning_scores. */
export interface MetaLearningScore {
  content_id: string;
  overall_score: number | null;
  retention_score: number | null;
  engagement_score: number | null;
  /** 0-100. */
  virality_score: number | null;
  /** null (with factors.brand_alignment_method saying why) when captions lack embeddings. */
  brand_alignment_score: number | null;
  factors: MetaLearningFactors;
  strengths: string[];
  weaknesses: string[];
}

/** metaLearningScores()'s answer; identical to `learnloop scores --json`. */
export interface MetaLearningScores {
  date: string | null;
  count: number;
  /** How each score is computed, in words. */
  methods: { retention_score: string; engagement_score: string; virality_score: string; brand_alignment_score: string; overall_score: string };
  message?: string;
  scores: MetaLearningScore[];
}

function windowOptions(options: { date?: string; days?: number; seed?: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.date !== undefined) {
    if (typeof options.date !== 'string') throw new LearnloopError('invalid_argument', 'date must be a string YYYY-MM-DD');
    out.date = options.date;
  }
  if (options.days !== undefined) out.days = options.days;
  if (options.seed !== undefined) out.seed = options.seed;
  return out;
}

/**
 * @internal Best time to post on a platform; MetricsStore.bestTimeToPost() calls it.
 * @throws {LearnloopError} code `invalid_argument` for a missing platform or a bad date, days, seed or resamples
 */
export function bestTimeToPost(module: RawModule, adapter: DatabaseAdapter, options: BestTimeOptions): BestTimeResult {
  if (typeof options !== 'object' || options === null) throw new LearnloopError('invalid_argument', 'options must be an object with a platform');
  if (typeof options.platform !== 'string' || options.platform === '')
    throw new LearnloopError('invalid_argument', 'platform must be a non-empty string, e.g. "tiktok"');
  const body: Record<string, unknown> = { platform: options.platform, ...windowOptions(options) };
  if (options.resamples !== undefined) body.resamples = options.resamples;
  return JSON.parse(unwrap(module.bestTimeToPost(adapter, JSON.stringify(body)))) as BestTimeResult;
}

/**
 * @internal The virality prediction for `content`; MetricsStore.predictVirality() calls it.
 * @throws {LearnloopError} code `invalid_argument` for content without platform or quality_score, or a field of the wrong type or range
 */
export function predictVirality(module: RawModule, adapter: DatabaseAdapter, content: ContentInput, options: ViralityOptions = {}): ViralityPrediction {
  if (typeof content !== 'object' || content === null || Array.isArray(content))
    throw new LearnloopError('invalid_argument', 'content must be an object with at least platform and quality_score');
  return JSON.parse(unwrap(module.predictVirality(adapter, JSON.stringify(content), JSON.stringify(windowOptions(options))))) as ViralityPrediction;
}

/**
 * @internal The meta-learning scores of a learning day; MetricsStore.metaLearningScores() calls it.
 * @throws {LearnloopError} code `invalid_argument` for a bad date
 */
export function metaLearningScores(module: RawModule, adapter: DatabaseAdapter, options: { date?: string } = {}): MetaLearningScores {
  if (options.date !== undefined && typeof options.date !== 'string') throw new LearnloopError('invalid_argument', 'date must be a string YYYY-MM-DD');
  return JSON.parse(unwrap(module.metaLearningScores(adapter, options.date ?? ''))) as MetaLearningScores;
}
