/**
 * Browser only: loads learnloop's wasm module, fetched from beside this module (or from a given URL). Its own module so
 * that the page's entry (browser.ts) and openPostgres()'s Web Worker (postgres_browser_worker.ts) both use it.
 */
import type { Learnloop } from './api.js';
import createLearnloopModule from './learnloop_wasm.mjs';
import { loadOnce } from './loader.js';

/** Where to load the wasm from. */
export interface InitOptions {
  /** URL of learnloop_wasm.wasm; default: next to this module. */
  wasmUrl?: string | URL;
}

/** The wasm file's URL: `options.wasmUrl`, or beside this module. */
export function wasmUrlOf(options: InitOptions): string {
  return String(options.wasmUrl ?? new URL('./learnloop_wasm.wasm', import.meta.url));
}

/**
 * Loads learnloop's wasm module (once; later calls return the same instance).
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm cannot be fetched or compiled
 */
export function init(options: InitOptions = {}): Promise<Learnloop> {
  const url = wasmUrlOf(options);
  return loadOnce(createLearnloopModule, () => Promise.resolve({ locateFile: () => url }));
}
