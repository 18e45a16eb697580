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
export type { PredictionReport } from './prediction.js';
export type { LearnloopErrorCode } from './errors.js';
export { Bandit } from './bandit.js';
export type { ArmStatistics, BanditOptions, BanditPolicy, Selection } from './bandit.js';
export { MetricsStore } from './store.js';
export type { StoreBackend } from './sqlite_types.js';
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
  LearnProblem,
  LearnResult,
  LearningReport,
  MetricRow,
  MetricsFilter,
  StoreOverview,
} from './store_types.js';
export type { PredictionRecordInput, RegisteredModel, RetrainOptions, RetrainResult } from './model_registry.js';
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
export type { LearnJobInput, LearnJobResult, LearnJobState, OutcomeRecord, RetentionRecord } from './learn_job.js';
export type {
  BestTimeOptions,
  BestTimeResult,
  ContentInput,
  EmpiricalInterval,
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
