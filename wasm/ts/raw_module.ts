/**
 * Types of the raw Embind module (build/wasm-release/wasm/learnloop_wasm.mjs). Internal: the
 * public API in api.ts wraps every handle and error. Keep in step with wasm/src/bind_*.cpp:
 * tests/js/seam.test.mjs compares these declarations with the module's real Embind exports.
 */

import type { CoreErrorRecord } from './errors.js';

/** Raw error-or-value as returned by fallible bindings. */
export type Raw<T> = T | CoreErrorRecord;

/** Raw progress callback (label, done, total). */
export type RawProgress = ((label: string, done: number, total: number) => void) | undefined;

/** What the CLI may ask of its JS host. */
export interface RawCliHost {
  readTextFile(path: string): { text: string } | { error: 'not_found' | 'permission_denied' | 'other' };
  writeTextFile(path: string, text: string): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' };
  openDatabase: ((path: string, create: boolean) => { db: unknown } | { error: string }) | undefined;
  todayUtc: (() => string) | undefined;
  nowUtc: (() => string) | undefined;
  readBinaryFile(path: string): { bytes: Uint8Array } | { error: 'not_found' | 'permission_denied' | 'other' };
  writeBinaryFile(path: string, bytes: Uint8Array): { ok: true } | { error: 'not_found' | 'permission_denied' | 'other' };
  readFileChunk: ((path: string, offset: number, maxBytes: number) => { bytes: Uint8Array; size: number } | { error: 'not_found' | 'permission_denied' | 'other' }) | undefined;
  onProgress: RawProgress;
}

/** Embind handle of a metrics store over a SQLite adapter. */
export interface RawStore {
  migrate(): Raw<undefined>;
  schemaVersion(): number;
  overview(): Raw<string>;
  writeMetrics(table: string, recordsJson: string): Raw<undefined>;
  readMetrics(table: string, filterJson: string): Raw<string>;
  readSnapshots(from: string, to: string): Raw<string>;
  ingest(text: string, optionsJson: string, progress: RawProgress): Raw<string>;
  learn(optionsJson: string, progress: RawProgress): Raw<string>;
  report(date: string, windowDays: number): Raw<string>;
  history(today: string, days: number): Raw<string>;
  generateDemo(specJson: string, progress: RawProgress): Raw<string>;
  recordPrediction(recordJson: string): Raw<undefined>;
  completePrediction(id: string, outcomeJson: string): Raw<undefined>;
  accuracy(modelName: string, now: string, lookbackDays: number, target: string): Raw<string>;
  checkAndRetrain(optionsJson: string): Raw<string>;
  latestModel(name: string, tenant: string): Raw<string>;
  /** Returns the JSON of an EmbeddingSaveSummary. */
  saveEmbeddings(snapshot: Uint8Array, type: string, updatedAt: string): Raw<string>;
  /** The index (stored snapshot or built from the rows) and the JSON of how it was loaded. */
  loadEmbeddings(type: string, metric: string, useSnapshot: boolean, builtAt: string, progress: RawProgress): Raw<{ index: RawEmbeddingStore; load: string }>;
  flush(): Raw<undefined>;
  servedBandit(scope: string): Raw<string>;
  logDecisions(requestJson: string): Raw<string>;
  evaluateDecisions(scope: string, targetJson: string, threshold: number): Raw<string>;
  creativeFatigue(date: string): Raw<string>;
  delete(): void;
}

/** Embind handle of a core bandit. */
export interface RawBandit {
  select(context: Float64Array | undefined): Raw<number>;
  lastPropensity(): number;
  probabilities(context: Float64Array | undefined, allowed: string[] | undefined): Raw<Float64Array>;
  selectMany(n: number, context: Float64Array | undefined, allowed: string[] | undefined): Raw<{ arms: Uint32Array; propensities: Float64Array }>;
  servingFloor(): number;
  probabilityDraws(): number;
  update(arm: number, reward: number, context: Float64Array | undefined): Raw<undefined>;
  updateBatch(arms: Uint32Array, rewards: Float64Array, contexts: Float64Array | undefined): Raw<undefined>;
  addArm(name: string): Raw<number>;
  removeArm(arm: number): Raw<undefined>;
  armIndex(name: string): Raw<number>;
  armNames(): string[];
  stats(): { pulls: Float64Array; rewardSum: Float64Array; successes: Float64Array; failures: Float64Array; estimate: Float64Array };
  reset(): void;
  merge(other: RawBandit): Raw<undefined>;
  toJSON(): string;
  policy(): string;
  contextDim(): number;
  delete(): void;
}

/** Search results as the bindings return them (metadata as JSON text, "" for none). */
export interface RawHits {
  ids: string[];
  scores: Float32Array;
  metadata: string[];
}

/** Embind handle of a core embeddings store. */
export interface RawEmbeddingStore {
  defineType(specJson: string): Raw<undefined>;
  types(): string;
  store(type: string, id: string, vector: Float32Array, metadataJson: string): Raw<undefined>;
  storeBatch(type: string, ids: string[], vectors: Float32Array, metadataJson: string): Raw<undefined>;
  search(type: string, query: Float32Array, optionsJson: string): Raw<RawHits>;
  searchById(type: string, id: string, optionsJson: string): Raw<RawHits>;
  /** Address of room for an n-float query in the module's heap. */
  queryBuffer(n: number): number;
  /** Searches for the query at queryBuffer(); returns the address of a hits block (see bind_embeddings.cpp). */
  searchBuffer(type: string, k: number, ef: number, exact: boolean, minScore: number, filterJson: string): Raw<number>;
  get(type: string, id: string): Raw<{ id: string; vector: Float32Array; metadata: string }>;
  remove(type: string, id: string): Raw<boolean>;
  updateMetadata(type: string, id: string, metadataJson: string): Raw<undefined>;
  updateVector(type: string, id: string, vector: Float32Array): Raw<undefined>;
  count(type: string): Raw<number>;
  items(type: string): Raw<{ ids: string[]; vectors: Float32Array; metadata: string[] }>;
  toBytes(): Uint8Array;
  compact(): void;
  memoryBytes(): number;
  delete(): void;
}

/** The instantiated Embind module. */
export interface RawModule {
  version(): string;
  renderProgressLine(label: string, done: number, total: number, width: number): string;
  runCli(args: string[], host: RawCliHost): { exitCode: number; stdout: string; stderr: string };
  fitLinear(
    kind: string,
    x: Float64Array,
    rows: number,
    cols: number,
    names: string[] | undefined,
    y: Float64Array,
    penalty: number,
  ): Raw<string>;
  fitLinearRecords(kind: string, recordsJson: string, target: string, specJson: string, penalty: number): Raw<string>;
  linearPresetSpec(kind: string, preset: string): Raw<string>;
  calibrateMatrix(document: string, x: Float64Array, rows: number, cols: number, y: Float64Array, coverage: number): Raw<string>;
  calibrateRecords(document: string, recordsJson: string, target: string, coverage: number): Raw<string>;
  conformalBounds(document: string, predictions: Float64Array): Raw<{ lower: Float64Array; upper: Float64Array }>;
  fitGbdt(
    kind: string,
    x: Float64Array,
    rows: number,
    cols: number,
    names: string[] | undefined,
    y: Float64Array,
    optionsJson: string,
    validX: Float64Array | undefined,
    validRows: number,
    validY: Float64Array | undefined,
  ): Raw<string>;
  fitGbdtRecords(kind: string, recordsJson: string, target: string, specJson: string, optionsJson: string, splitJson: string): Raw<string>;
  predictModel(document: string, x: Float64Array, rows: number, cols: number): Raw<Float64Array>;
  predictModelRecords(document: string, recordsJson: string): Raw<Float64Array>;
  predictionReport(document: string, recordsJson: string): Raw<string>;
  offPolicyEvaluation(
    rewards: Float64Array,
    propensities: Float64Array,
    targetProbs: Float64Array,
    actions: string[] | undefined,
    targetDistributionJson: string,
  ): Raw<string>;
  simulateBandit(specJson: string, progress: RawProgress): Raw<string>;
  /** The class of RawBandit handles (made by createBandit() and banditFromJSON(); it has no constructor). */
  Bandit: abstract new () => RawBandit;
  createBandit(settingsJson: string): Raw<RawBandit>;
  /** The core's policy names (kBanditPolicies), in its order. */
  banditPolicies(): string[];
  banditFromJSON(json: string): Raw<RawBandit>;
  Store: new (adapter: unknown) => RawStore;
  /** The byte protocol's codes as the core reads and writes them (wasm/ts/byte_protocol.ts holds the JS copy). */
  byteProtocol(): { batch: Record<string, number>; bind: Record<string, number>; sqliteType: Record<string, number> };
  learnRecords(requestJson: string, progress: RawProgress): Raw<string>;
  /** The class of RawEmbeddingStore handles (made by createEmbeddingStore() and embeddingStoreFromBytes(); no constructor). */
  EmbeddingStore: abstract new () => RawEmbeddingStore;
  createEmbeddingStore(): RawEmbeddingStore;
  embeddingStoreFromBytes(bytes: Uint8Array): Raw<RawEmbeddingStore>;
  bestTimeToPost(adapter: unknown, optionsJson: string): Raw<string>;
  predictVirality(adapter: unknown, contentJson: string, optionsJson: string): Raw<string>;
  metaLearningScores(adapter: unknown, date: string): Raw<string>;
  simulateBudget(requestJson: string): Raw<string>;
  creativeFatigue(recordsJson: string, date: string): Raw<string>;
  emqBatch(jsonl: string, platform: string): Raw<string>;
  emqEvent(eventJson: string, platform: string): Raw<string>;
}

/** Options accepted by the Emscripten module factory. */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

/** The Emscripten module factory exported by learnloop_wasm.mjs. */
export type ModuleFactory = (options?: ModuleOptions) => Promise<RawModule>;
