/**
 * Browser entry point of the `learnloop` package: the wasm file is fetched from beside this
 * module (or from `options.wasmUrl`), so it works from a plain <script type="module"> and bundlers.
 */
import type { Learnloop } from './api.js';
import createLearnloopModule from './learnloop_wasm.mjs';
import { loadOnce } from './loader.js';

export * from './exports.js';
export { loadEmbeddingIndexFromIndexedDB, saveEmbeddingIndexToIndexedDB, type IndexedDbLocation } from './indexeddb.js';

/** Where to load the wasm from. */
export interface InitOptions {
  /** URL of learnloop_wasm.wasm; default: next to this module. */
  wasmUrl?: string | URL;
}

/**
 * Loads learnloop's wasm module (once; later calls return the same instance).
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm cannot be fetched or compiled
 */
export function init(options: InitOptions = {}): Promise<Learnloop> {
  const url = String(options.wasmUrl ?? new URL('./learnloop_wasm.wasm', import.meta.url));
  return loadOnce(createLearnloopModule, async () => ({ locateFile: () => url }));
}
