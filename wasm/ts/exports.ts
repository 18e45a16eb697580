/**
 * Everything both entry points export besides init().
 */
export { Learnloop } from './api.js';
export type {
  CliHost,
  CliResult,
  LoggedDecisions,
  OpeEstimate,
  OpeReport,
  ProgressCallback,
  SimulationReport,
  SimulationSpec,
} from './api.js';
export { LearnloopError } from './errors.js';
export type { IntervalPrediction, LinearModel } from './predictors.js';
export type {
  FeatureColumnSpec,
  FeatureMatrix,
  FeatureSpec,
  PredictionInput,
  RecordTrainingData,
  TrainingData,
} from './training_data.js';
export type { GbdtModel, GbdtOptions, GbdtTree } from './gbdt.js';
export type { ConversionPresetResult, CtrPresetResult, PredictionReport, RoasPresetResult } from './prediction.js';
export type { LearnloopErrorCode } from './errors.js';
export { Bandit } from './bandit.js';
export type { ArmProbability, ArmStatistics, BanditOptions, BanditPolicy, DecisionOptions, DecisionPick, DecisionProbabilities, Selection } from './bandit.js';
export { StoreBandit } from './bandit_decisions.js';
export type {
  DecisionOpeOptions,
  DecisionOpeReport,
  DecisionScope,
  JobBanditOptions,
  LogDecisionOptions,
  OpeTarget,
  OpeValue,
  ScopeArmProbability,
  ScopePick,
  ScopeProbabilities,
  StoreDecisionOptions,
} from './bandit_decisions.js';
export { MetricsStore } from './store.js';
export type { NodeStoreBackend, StoreBackend } from './sqlite_types.js';
export type {
  DailySnapshot,
  DemoCounts,
  DemoOptions,
  HistoryEntry,
  IngestOptions,
  IngestResult,
  AlreadyLearned,
  LearnedRun,
  LearnOptions,
  LearnResult,
  MetricRow,
  MetricsFilter,
  StoreOverview,
} from './store_types.js';
export type {
  ArmSummary,
  BanditsSummary,
  ClassificationTestMetrics,
  ClusterFeature,
  ContentBanditSummary,
  CostSection,
  EngagementGroupBase,
  Finding,
  LearningReport,
  LearningReportNoData,
  LearningReportOk,
  LearnProblem,
  ModelsSummary,
  Performer,
  RegressionTestMetrics,
  ReportWindow,
  RetentionCluster,
  RetentionSection,
  TimingArmSummary,
  TimingBanditSummary,
  TrainedModelSummary,
  UnfittedModelSummary,
  WhenToPost,
} from './learning_types.js';
export type {
  AccuracyGroup,
  AccuracyOptions,
  AccuracyReport,
  DriftCheck,
  PredictionOutcome,
  PredictionRecord,
  RegisteredModel,
  RetrainError,
  RetrainInsufficientData,
  RetrainNotNeeded,
  RetrainOptions,
  RetrainResult,
  Retrained,
} from './model_registry.js';
export { EmbeddingIndex } from './embeddings.js';
export type {
  BuiltinEmbeddingType,
  EmbeddingHit,
  EmbeddingItems,
  EmbeddingMetadata,
  EmbeddingMetric,
  EmbeddingQuery,
  EmbeddingRecord,
  EmbeddingSearchOptions,
  EmbeddingTypeInfo,
  EmbeddingTypeOptions,
} from './embeddings.js';
export type { EmbeddingIndexLoad, EmbeddingSaveSummary, LoadEmbeddingIndexOptions, LoadedEmbeddingIndex } from './store_embeddings.js';
export type { BanditStateDocument, LearnJobInput, LearnJobResult, LearnJobState, OutcomeRecord, RetentionRecord } from './learn_job.js';
export type {
  BestTimeOptions,
  BestTimeResult,
  ContentInput,
  EmpiricalInterval,
  MetaLearningFactors,
  MetaLearningScore,
  MetaLearningScores,
  ViralityComponent,
  ViralityOptions,
  ViralityPrediction,
} from './content_analytics.js';
export type {
  BudgetScenarioInput,
  BudgetScenarioResult,
  BudgetSimulation,
  BudgetSimulationOptions,
  BudgetSimulationRequest,
  CreativeDayRecord,
  CreativeFatigue,
  CreativeFatigueOptions,
  CreativeFatigueReport,
  EmqBatchResult,
  EmqEventResult,
  EmqPlatform,
  FatigueComponent,
} from './ads.js';
