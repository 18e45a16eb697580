/**
 * The shapes of a learning run's parts: the bandits' summary, the fitted models' summary and the
 * learning report, as the core writes them (core/src/pipelines/job_bandits.cpp, job_models.cpp,
 * core/src/analytics/learning_report.cpp). Types only; keys are the CLI's JSON keys (`learnloop learn
 * --json`, `learnloop report --json`), and tests/js/result_shapes.test.mjs checks real runs against them.
 */

/** One arm of a bandit in a learning run's summary (content types for the content bandit). */
export interface ArmSummary {
  /** The arm id: a content type, or `h00`..`h23` for the timing bandit. */
  arm: string;
  successes: number;
  failures: number;
  pulls: number;
  /** The arm's estimated success probability (posterior mean, or UCB1's mean reward). */
  estimate: number;
}

/** One arm of the timing bandit: the arm id `hHH` and its hour as an integer. */
export interface TimingArmSummary extends ArmSummary {
  /** The arm's hour, 0-23 (UTC): `h15` is 15. */
  hour: number;
}

/** The content bandit (Thompson sampling over content types), arms best first. */
export interface ContentBanditSummary {
  policy: 'thompson';
  /** The arm with the highest estimate, or null without arms. */
  recommended: string | null;
  arms: ArmSummary[];
}

/** The timing bandit (UCB1 over the 24 hours). */
export interface TimingBanditSummary {
  policy: 'ucb1';
  /** The best three hours tried so far, best first. */
  best_hours: TimingArmSummary[];
  /** Hours with at least one pull. */
  hours_tried: number;
}

/** The bandits after a learning run. */
export interface BanditsSummary {
  /** Engagement rate counted as a success. */
  success_threshold: number;
  /** Last collected day the bandits have counted. */
  through: string;
  /** Absent until an outcome with a content type was counted. */
  content?: ContentBanditSummary;
  timing?: TimingBanditSummary;
}

/** Held-out metrics of the engagement-rate regression (training metrics when there is no test split). */
export interface RegressionTestMetrics {
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
  samples: number;
}

/** Held-out metrics of the follow-through classifier. */
export interface ClassificationTestMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Null when the held-out rows have one class only. */
  roc_auc: number | null;
  log_loss: number;
  samples: number;
}

/** A model the run fitted and registered. */
export interface TrainedModelSummary<Metrics> {
  status: 'trained';
  /** Registry id, `name@date`. */
  model_id: string;
  kind: 'ridge' | 'logistic';
  /** Content id of the fitted document. */
  version: string;
  train_rows: number;
  test_rows: number;
  test: Metrics;
  /** Features constant in every training row, left out of the fit. */
  dropped?: string[];
}

/** A model the run could not fit (`failed`, which makes the run `partial`) or did not try (`skipped`). */
export interface UnfittedModelSummary {
  status: 'skipped' | 'failed';
  reason: string;
}

/** The predictors a learning run fits. */
export interface ModelsSummary {
  /** Ridge regression of the engagement rate. */
  engagement_rate: TrainedModelSummary<RegressionTestMetrics> | UnfittedModelSummary;
  /** Logistic regression of "gained at least one follower". */
  follow_through: TrainedModelSummary<ClassificationTestMetrics> | UnfittedModelSummary;
}

/** A part of a learning run that failed (e.g. `models.engagement_rate`) and why. */
export interface LearnProblem {
  part: string;
  reason: string;
}

/** The days a report covers. */
export interface ReportWindow {
  from: string;
  to: string;
  days: number;
}

/** Engagement of one group of content (a content type, an hour, a hook, a platform). */
export interface EngagementGroupBase {
  posts: number;
  impressions: number;
  avg_engagement_rate: number;
  /** avg_engagement_rate / the window's average - 1. */
  lift: number;
  followers_gained: number;
}

/** A feature value over-represented in a retention cluster. */
export interface ClusterFeature {
  value: string;
  content: number;
  share: number;
  overall_share: number;
  lift: number;
}

/** One retention cluster (high >= 70%, medium 40-70%, low < 40% average watch). */
export interface RetentionCluster {
  content: number;
  share: number;
  /** Null when no content of the cluster has an engagement rate. */
  avg_engagement_rate: number | null;
  /** The most over-represented feature values of the cluster, any feature. */
  common_features: Array<{ feature: string; value: string; content: number; share: number; lift: number }>;
  features: {
    content_type: ClusterFeature[];
    duration_bucket: ClusterFeature[];
    hook_type: ClusterFeature[];
    platform: ClusterFeature[];
  };
}

/** The report's retention section. */
export interface RetentionSection {
  content_measured: number;
  avg_watch_percentage: number;
  completion_rate: number;
  clusters: { high: RetentionCluster; medium: RetentionCluster; low: RetentionCluster };
  drop_off_points: Array<{ position: number; content: number; share: number }>;
}

/** A best or worst performing piece of content. */
export interface Performer {
  decision_id: string;
  engagement_rate: number;
  impressions: number;
  content_type: string;
  platform: string;
  hook_type: string;
}

/** The report's cost section (null values where no content has a revenue). */
export interface CostSection {
  content_with_cost: number;
  total_cost: number;
  total_revenue: number | null;
  roi: number | null;
  cost_per_engagement: number | null;
  cost_per_follower: number | null;
  by_platform: Array<{ platform: string; cost: number; revenue: number; roi: number | null }>;
}

/** A learning report of a day with data; identical to `learnloop report --json`. */
export interface LearningReportOk {
  date: string;
  window: ReportWindow;
  /** `partial`: the run completed but some parts failed, listed in `problems`. */
  status: 'ok' | 'partial';
  problems?: LearnProblem[];
  summary: {
    content_analyzed: number;
    impressions: number;
    engagements: number;
    avg_engagement_rate: number;
    followers_gained: number;
    /** Null without retention metrics. */
    avg_retention: number | null;
  };
  /** Null without retention metrics in the window. */
  retention: RetentionSection | null;
  engagement: {
    by_content_type: Array<EngagementGroupBase & { content_type: string }>;
    by_hour: Array<EngagementGroupBase & { hour: number }>;
    by_hook: Array<EngagementGroupBase & { hook_type: string }>;
    /** Pearson correlation of quality score and engagement rate; null when undefined. */
    quality_correlation: number | null;
  };
  patterns: string[];
  best_performers: Performer[];
  worst_performers: Performer[];
  platforms: Array<EngagementGroupBase & { platform: string }>;
  /** Null when no content in the window has a cost. */
  cost: CostSection | null;
  recommendations: { content: string[]; timing: string[]; platform: string[] };
  /** The best content type, hour and platform under the finding rule (README: "Findings only where the data supports them"). */
  findings: { rule: string; content_type: Finding<string>; hour: Finding<number>; platform: Finding<string> };
  /** The one answer to "when should we post", with the timing bandit's order beside it. */
  when_to_post: WhenToPost;
  bandits: BanditsSummary;
  models: ModelsSummary;
}

/** A best group compared with the runner-up: a finding when chance_beats_runner_up >= 0.9. */
export type Finding<K> =
  | {
      status: 'clear' | 'no_clear_difference';
      best: K;
      runner_up: K;
      /** P(best's mean > runner-up's mean) under a normal approximation of each mean. */
      chance_beats_runner_up: number;
      best_mean: number;
      runner_up_mean: number;
      /** Posts of the best group and of the runner-up. */
      posts: [number, number];
      /** Groups with at least 5 posts. */
      groups_compared: number;
    }
  | { status: 'not_enough_data'; best: null; runner_up: null; chance_beats_runner_up: null; groups_compared: number };

/** The report's answer to "when should we post"; hours are integers 0-23 UTC. */
export interface WhenToPost {
  status: 'clear' | 'no_clear_difference' | 'not_enough_data';
  best_hour: number | null;
  runner_up_hour: number | null;
  chance_beats_runner_up: number | null;
  /** The answer in words; the report's timing recommendation. */
  answer: string;
  /** The timing bandit's ranking (by success rate over every learned day); null before it has state. */
  timing_bandit: { best_hours: Array<number | null>; agrees: boolean; note: string } | null;
}

/** The report of a day without outcomes or retention metrics in its window. */
export interface LearningReportNoData {
  date: string;
  window: ReportWindow;
  status: 'no_data';
  message: string;
}

/** A learning report (see the README for its sections); identical to `learnloop report --json`. */
export type LearningReport = LearningReportOk | LearningReportNoData;
