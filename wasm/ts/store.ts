/**
 * MetricsStore: the metrics database and the daily learning job in JS. The SQL, the checks and
 * the job run in the core (the same code as the native CLI); this class converts arguments and
 * owns the database handle, and hands the model lifecycle (model_registry.ts), embeddings
 * (store_embeddings.ts) and analytics (content_analytics.ts, ads.ts) to their own modules. Open one
 * with `openDatabase()` from the package entry point. Its option and result types are in store_types.ts.
 */
import { Bandit } from './bandit.js';
import { StoreBandit, type DecisionOpeOptions, type DecisionOpeReport, type DecisionScope } from './bandit_decisions.js';
import { storeCreativeFatigue, type CreativeFatigueOptions, type CreativeFatigueReport } from './ads.js';
import * as content from './content_analytics.js';
import { dayBefore, todayUtc } from './dates.js';
import type { EmbeddingIndex } from './embeddings.js';
import { unwrap } from './errors.js';
import { WasmHandle } from './handle.js';
import { guardPublicMethods } from './seam_guard.js';
import { callbackArg, INT32_MAX, INT32_MIN, integerArg, optionalString, optionsArg, stringArg } from './args.js';
import { objectJson, parseJsonExact, toJson } from './json_args.js';
import * as models from './model_registry.js';
import type { RawModule, RawStore } from './raw_module.js';
import type { LearningReport } from './learning_types.js';
import type { DatabaseAdapter, StoreBackend } from './sqlite_types.js';
import {
  loadEmbeddingIndex,
  saveEmbeddings,
  type EmbeddingSaveSummary,
  type LoadEmbeddingIndexOptions,
  type LoadedEmbeddingIndex,
} from './store_embeddings.js';
import type {
  DailySnapshot,
  DemoCounts,
  DemoOptions,
  HistoryEntry,
  IngestOptions,
  IngestResult,
  LearnOptions,
  LearnedRun,
  LearnResult,
  MetricRow,
  MetricsFilter,
  StoreOverview,
} from './store_types.js';

/** A metrics database with learnloop's schema. Dispose it (or call close()) when done. */
export class MetricsStore extends WasmHandle<RawStore> {
  readonly #adapter: DatabaseAdapter;
  readonly #module: RawModule;

  /** @internal Use openDatabase() instead. */
  constructor(module: RawModule, adapter: DatabaseAdapter) {
    super(new module.Store(adapter));
    this.#adapter = adapter;
    this.#module = module;
  }

  /**
   * Where this store's database lives: `'node:sqlite'`, the file itself, opened in place (Node 22.16+ and 24:
   * shared with other processes and the native CLI, every write in the file when its call returns, save() a
   * no-op); `'memory'`, a copy in sqlite-wasm's memory (Node 20, browsers, or `backend: 'memory'`), written
   * back by save(); in browsers with openDatabase's `keep` option, `'opfs'` (the file in OPFS itself, every write
   * in it when its call returns, save() a no-op) or `'indexeddb'` (a copy in memory whose bytes save() puts in
   * IndexedDB).
   * @throws {LearnloopError} code `disposed` after dispose()
   */
  get backend(): StoreBackend {
    this.checkLive();
    // 'postgres' is only the adapter inside openPostgres()'s worker, whose store is never handed out.
    return this.#adapter.backend as StoreBackend;
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
    unwrap(this.raw.writeMetrics(stringArg(table, 'table'), objectJson(records, 'records')));
  }

  /**
   * Reads rows of a metric table.
   * @throws {LearnloopError} code `invalid_argument` for an unknown table or a bad date
   */
  readMetrics(table: string, filter: MetricsFilter = {}): MetricRow[] {
    const checked = optionsArg(filter, 'filter');
    for (const key of ['contentId', 'platform', 'from', 'to']) optionalString(checked, key, 'filter');
    return parseJsonExact<MetricRow[]>(unwrap(this.raw.readMetrics(stringArg(table, 'table'), objectJson(checked, 'filter'))));
  }

  /**
   * Daily snapshots of days [from, to], oldest first.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  readDailySnapshots(from: string, to: string): DailySnapshot[] {
    return JSON.parse(unwrap(this.raw.readSnapshots(stringArg(from, 'from'), stringArg(to, 'to')))) as DailySnapshot[];
  }

  /**
   * Loads CSV or JSON Lines text into a metric table in one transaction.
   * @throws {LearnloopError} code `invalid_argument` listing the bad rows by line when any row is bad (nothing is written unless skipBad)
   */
  ingest(text: string, options: IngestOptions): IngestResult {
    stringArg(text, 'text');
    const { onProgress, ...rest } = optionsArg(options, 'options');
    optionalString(rest, 'table', 'options');
    optionalString(rest, 'format', 'options');
    const progress = callbackArg(onProgress, 'options.onProgress');
    return JSON.parse(unwrap(this.raw.ingest(text, objectJson(rest, 'options'), progress))) as IngestResult;
  }

  /**
   * Runs the daily learning job for one day and replaces the run committed for it, if any; same JSON as
   * `learnloop learn --force --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad or future date
   */
  learn(options: LearnOptions & { force: true }): LearnedRun;
  /**
   * Runs the daily learning job for one day; same JSON as `learnloop learn --json`. A day is learned once: when a run
   * for the date is already committed (earlier, or by another process), nothing is stored and the answer is
   * `{status: 'already_learned', run, message}`; check `status` before reading the run's results.
   * @throws {LearnloopError} code `invalid_argument` for a bad or future date
   */
  learn(options?: LearnOptions): LearnResult;
  /**
   * The implementation of both signatures above.
   * @throws {LearnloopError} code `invalid_argument` for a bad or future date
   */
  learn(options: LearnOptions = {}): LearnResult {
    const { onProgress, ...rest } = optionsArg(options, 'options');
    optionalString(rest, 'date', 'options');
    optionalString(rest, 'today', 'options');
    const progress = callbackArg(onProgress, 'options.onProgress');
    const today = rest.today ?? todayUtc();
    const body = { ...rest, today, date: rest.date ?? dayBefore(today) };
    return JSON.parse(unwrap(this.raw.learn(toJson(body, 'options'), progress))) as LearnResult;
  }

  /**
   * The report of `date`: stored by learn(), else computed from the data.
   * @throws {LearnloopError} code `invalid_argument` for a bad date or window
   */
  report(date: string, windowDays = 7): LearningReport {
    const window = integerArg(windowDays, 'windowDays', INT32_MIN, INT32_MAX);
    return JSON.parse(unwrap(this.raw.report(stringArg(date, 'date'), window))) as LearningReport;
  }

  /**
   * Learning runs of the `days` days ending at `today` (default: the system clock), oldest first.
   * @throws {LearnloopError} code `invalid_argument` for days < 1 or a bad date
   */
  history(days: number, today: string = todayUtc()): HistoryEntry[] {
    const count = integerArg(days, 'days', INT32_MIN, INT32_MAX);
    return JSON.parse(unwrap(this.raw.history(stringArg(today, 'today'), count))) as HistoryEntry[];
  }

  /**
   * Writes a synthetic content history (an empty database only); seeded, so every runtime writes the same rows.
   * @throws {LearnloopError} code `invalid_argument` when the database already holds content
   */
  generateDemo(options: DemoOptions): DemoCounts {
    const { onProgress, ...rest } = optionsArg(options, 'options');
    const progress = callbackArg(onProgress, 'options.onProgress');
    return JSON.parse(unwrap(this.raw.generateDemo(objectJson(rest, 'options'), progress))) as DemoCounts;
  }

  /**
   * The content or timing bandit as the latest learning run stored it (with the job's floor and allowed arms), to
   * serve from: probabilities(), selectMany(), and selectAndLog() to record each decision. Dispose it when done.
   * @throws {LearnloopError} code `not_found` before a learning run has that bandit; `invalid_argument` for another scope
   */
  bandit(scope: DecisionScope): StoreBandit {
    const served = JSON.parse(unwrap(this.raw.servedBandit(stringArg(scope, 'scope')))) as { scope: DecisionScope; policy_version: string; state: string };
    const bandit = new Bandit(unwrap(this.#module.banditFromJSON(served.state)));
    return new StoreBandit(this.raw, bandit, served.scope, served.policy_version);
  }

  /**
   * Off-policy evaluation of `target` on the scope's logged decisions (those with outcomes; the others are counted):
   * IPS, SNIPS and DR with 95% intervals; same JSON as `learnloop ope --db DB --scope S --target POLICY.json --json`.
   * @throws {LearnloopError} code `invalid_argument` when the target names unknown arms or puts mass where the log
   * cannot show its value (an arm never tried, or a decision logged with propensity 1), or a logged propensity is
   * outside (0, 1] (the message names the decision)
   */
  offPolicyEvaluation(options: DecisionOpeOptions): DecisionOpeReport {
    const { scope, target, successThreshold } = optionsArg<DecisionOpeOptions>(options, 'options');
    const targetJson = target instanceof Bandit ? target.toJSON() : typeof target === 'string' ? target : toJson(target, 'options.target');
    const threshold = successThreshold ?? 0.03;
    return JSON.parse(unwrap(this.raw.evaluateDecisions(stringArg(scope, 'options.scope'), targetJson, threshold))) as DecisionOpeReport;
  }

  /**
   * Records a prediction of any model and target (status "predicted") for accuracy tracking; the record's keys are
   * prediction_records' column names (`prediction_id`, `model_name`, `target`, `predicted`, ...).
   * @throws {LearnloopError} code `invalid_argument` for a duplicate id, an unknown key, a bad timestamp, no predicted value or a non-finite one
   */
  recordPrediction(record: models.PredictionRecord): void {
    models.recordPrediction(this.raw, record);
  }

  /**
   * Stores what actually happened; the prediction becomes "completed" with its errors.
   * @throws {LearnloopError} code `not_found` for an unknown prediction id
   */
  completePrediction(predictionId: string, outcome: models.PredictionOutcome): void {
    models.completePrediction(this.raw, predictionId, outcome);
  }

  /**
   * Accuracy of a model's completed predictions over the lookback window (MAE, RMSE, R^2, % within 20%, breakdowns;
   * spec 002's ctr_* fields for a CTR model); same JSON as `learnloop accuracy --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad timestamp or lookback, or several targets and no `target`
   */
  predictionAccuracy(options: models.AccuracyOptions = {}): models.AccuracyReport {
    return models.predictionAccuracy(this.raw, options);
  }

  /**
   * Spec 002's check_and_retrain: measures accuracy, retrains on drift, promotes only a better model.
   * @throws {LearnloopError} code `invalid_argument` for bad options
   */
  checkAndRetrain(options: models.RetrainOptions = {}): models.RetrainResult {
    return models.checkAndRetrain(this.raw, options);
  }

  /**
   * The active model of `name` for `tenant` (else the default tenant's).
   * @throws {LearnloopError} code `not_found` when there is none
   */
  latestModel(name: string, tenant = 'default'): models.RegisteredModel {
    return models.latestModel(this.raw, name, tenant);
  }

  /**
   * Makes the embeddings table's rows of `type` equal the live items of `type` in `index` (one transaction), writing
   * only the rows that changed: an unchanged index writes nothing, one changed item writes one row.
   * @throws {LearnloopError} code `not_found` when the index has no such type
   */
  saveEmbeddings(index: EmbeddingIndex, type: string): EmbeddingSaveSummary {
    return saveEmbeddings(this.raw, index, type);
  }

  /**
   * The index of the embeddings table's rows of `type` (dimension from the rows): the stored index snapshot when it
   * is current (same rows, snapshot format version and settings), else built from the rows and stored as the
   * snapshot for the next start. Dispose it when done. loadEmbeddingIndexWithInfo() also says which, and why.
   * @throws {LearnloopError} code `not_found` when the table has no rows of that type
   */
  loadEmbeddingIndex(type: string, options: LoadEmbeddingIndexOptions = {}): EmbeddingIndex {
    return this.loadEmbeddingIndexWithInfo(type, options).index;
  }

  /**
   * loadEmbeddingIndex() with how the index was loaded: `load.source` "snapshot" or "rebuilt", and `load.reason`
   * (no snapshot, rows changed, another snapshot format version, other settings).
   * @throws {LearnloopError} code `not_found` when the table has no rows of that type
   */
  loadEmbeddingIndexWithInfo(type: string, options: LoadEmbeddingIndexOptions = {}): LoadedEmbeddingIndex {
    return loadEmbeddingIndex(this.#module, this.raw, type, optionsArg(options, 'options'));
  }

  /**
   * Best hours and weekdays to post on a platform, with a confidence and its method; same JSON as `learnloop besttime --json`.
   * Too little data is an answer (status "not_enough_data" with the sample size), not an error.
   * @throws {LearnloopError} code `invalid_argument` for a missing platform or a bad date, days, seed or resamples
   */
  bestTimeToPost(options: content.BestTimeOptions): content.BestTimeResult {
    return this.guarded('bestTimeToPost', () => content.bestTimeToPost(this.#module, this.#adapter, options));
  }

  /**
   * Virality score, views and engagement interval, factors and recommendations for content before posting; same JSON as `learnloop virality --json`.
   * @throws {LearnloopError} code `invalid_argument` for content without platform or quality_score, or a field of the wrong type or range
   */
  predictVirality(input: content.ContentInput, options: content.ViralityOptions = {}): content.ViralityPrediction {
    return this.guarded('predictVirality', () => content.predictVirality(this.#module, this.#adapter, input, options));
  }

  /**
   * The meta-learning scores learn() wrote for a day (default: the latest); same JSON as `learnloop scores --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  metaLearningScores(options: { date?: string } = {}): content.MetaLearningScores {
    return this.guarded('metaLearningScores', () => content.metaLearningScores(this.#module, this.#adapter, options));
  }

  /**
   * Creative fatigue of every creative in creative_metrics, most fatigued first; identical to `learnloop fatigue --json`.
   * @throws {LearnloopError} code `invalid_argument` for a bad date
   */
  creativeFatigue(options: CreativeFatigueOptions = {}): CreativeFatigueReport {
    return storeCreativeFatigue(this.raw, options);
  }

  /**
   * Saves the database where it came from when anything changed. On the `'node:sqlite'` backend it does
   * nothing: every write is already in the file. On the `'memory'` backend in Node it replaces the file
   * atomically, and refuses when another process changed the file since it was read (its rows would be lost).
   * @throws {LearnloopError} code `busy` when another process changed the file (or its -wal) since this store read it
   *   (nothing written: reopen and redo the writes); `invalid_argument` for a file this process cannot write;
   *   `internal` when the database cannot be exported or its file cannot be written
   */
  save(): void {
    unwrap(this.raw.flush());
  }

  /** The database as SQLite file bytes (for downloads, IndexedDB or OPFS; on `'node:sqlite'`, a consistent copy of the file). */
  export(): Uint8Array {
    return this.guarded('export', () => this.#adapter.export());
  }

  /** Closes the database once the C++ handle is freed; unsaved changes are dropped (call save() first). */
  protected override releaseOwned(): void {
    this.#adapter.close();
  }

  /** Same as dispose(). */
  close(): void {
    this.dispose();
  }
}

guardPublicMethods(MetricsStore);

/**
 * @internal A store over `adapter`, migrated to the current schema; a failed migration closes it and throws.
 * @throws {LearnloopError} code `unsupported_version` for a database from a newer learnloop, or the migration's error
 */
export function openMigratedStore(ll: { storeOver(adapter: DatabaseAdapter): MetricsStore }, adapter: DatabaseAdapter): MetricsStore {
  const store = ll.storeOver(adapter);
  try {
    store.migrate();
  } catch (error) {
    store.dispose();
    throw error;
  }
  return store;
}
