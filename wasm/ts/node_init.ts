/**
 * Node only: loads learnloop's wasm module, reading the wasm bytes from beside this file (Emscripten's own loader
 * would try to fetch() a file path under Node 20). Its own module so that node.ts and worker_jobs.ts both use it.
 */
import { readFile } from 'node:fs/promises';

import type { Learnloop } from './api.js';
import createLearnloopModule from './learnloop_wasm.mjs';
import { loadOnce } from './loader.js';

/**
 * Loads learnloop's wasm module (once; later calls return the same instance).
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm file is missing or invalid
 */
export function init(): Promise<Learnloop> {
  return loadOnce(createLearnloopModule, async () => ({
    wasmBinary: await readFile(new URL('./learnloop_wasm.wasm', import.meta.url)),
  }));
}
