/**
 * Types of the raw Embind module (build/wasm-release/wasm/learnloop_wasm.mjs). Internal: the
 * public API in api.ts wraps every handle and error. Keep in step with wasm/src/bind_*.cpp.
 */

import type { CoreErrorRecord } from './errors.js';

/** Raw error-or-value as returned by fallible bindings. */
export type Raw<T> = T | CoreErrorRecord;

/** Raw progress callback (label, done, total). */
export type RawProgress = ((label: string, done: number, total: number) => void) | undefined;

/** Embind handle of the core's ThompsonSampling. */
export interface RawThompson {
  select(): number;
  update(arm: number, reward: number): Raw<undefined>;
  updateBatch(arms: Uint32Array, rewards: Float64Array): Raw<undefined>;
  armCount(): number;
  alphas(): Float64Array;
  betas(): Float64Array;
  pulls(): Float64Array;
  posteriorMeans(): Float64Array;
  toJSON(): string;
  delete(): void;
}

/** The instantiated Embind module. */
export interface RawModule {
  version(): string;
  renderProgressLine(label: string, done: number, total: number, width: number): string;
  runCli(args: string[], progress: RawProgress): { exitCode: number; stdout: string; stderr: string };
  simulateBandit(specJson: string, progress: RawProgress): Raw<string>;
  createThompson(arms: number, priorAlpha: number, priorBeta: number, threshold: number, seed: number): Raw<RawThompson>;
  thompsonFromJSON(json: string): Raw<RawThompson>;
}

/** Options accepted by the Emscripten module factory. */
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
}

/** The Emscripten module factory exported by learnloop_wasm.mjs. */
export type ModuleFactory = (options?: ModuleOptions) => Promise<RawModule>;
