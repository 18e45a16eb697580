/**
 * Types of the raw Embind module (build/wasm-release/wasm/learnloop_wasm.mjs). Internal: the
 * public API in api.ts wraps every handle and error. Keep in step with wasm/src/bind_*.cpp.
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
  openDatabase?(path: string, create: boolean): { db: unknown } | { error: string };
  todayUtc?(): string;
  onProgress: RawProgress;
}

/** Embind handle of a metrics store over a SQLite adapter. */
export interface RawStore {
  migrate(): Raw<undefined>;
  schemaVersion(): number;
  writeMetrics(table: string, recordsJson: string): Raw<undefined>;
  readMetrics(table: string, filterJson: string): Raw<string>;
  readSnapshots(from: string, to: string): Raw<string>;
  ingest(text: string, optionsJson: string, progress: RawProgress): Raw<string>;
  learn(optionsJson: string, progress: RawProgress): Raw<string>;
  report(date: string, windowDays: number): Raw<string>;
  history(today: string, days: number): Raw<string>;
  generateDemo(specJson: string, progress: RawProgress): Raw<string>;
  flush(): Raw<undefined>;
  delete(): void;
}

/** Embind handle of a core bandit. */
export interface RawBandit {
  select(context: Float64Array | undefined): Raw<number>;
  lastPropensity(): number;
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
  predictLinear(document: string, x: Float64Array, rows: number, cols: number): Raw<Float64Array>;
  fitLinearRecords(kind: string, recordsJson: string, target: string, specJson: string, penalty: number): Raw<string>;
  predictLinearRecords(document: string, recordsJson: string): Raw<Float64Array>;
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
  createBandit(settingsJson: string): Raw<RawBandit>;
  banditFromJSON(json: string): Raw<RawBandit>;
  Store: new (adapter: unknown) => RawStore;
}

/** Options accepted by the Emscripten module factory. */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

/** The Emscripten module factory exported by learnloop_wasm.mjs. */
export type ModuleFactory = (options?: ModuleOptions) => Promise<RawModule>;
