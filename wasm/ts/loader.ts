/**
 * Loads the wasm module once per process or page and wraps it; the entry points (node.ts,
 * browser.ts) only say where the wasm bytes come from.
 */
import { Learnloop } from './api.js';
import { LearnloopError } from './errors.js';
import type { ModuleFactory, ModuleOptions } from './raw_module.js';

let loading: Promise<Learnloop> | undefined;

/**
 * Instantiates the module with `options()` the first time and returns the same instance after.
 * @throws {LearnloopError} code `wasm_load_failed` when the wasm cannot be fetched or compiled; a later call retries
 */
export function loadOnce(factory: ModuleFactory, options: () => Promise<ModuleOptions>): Promise<Learnloop> {
  loading ??= (async () => {
    try {
      return new Learnloop(await factory(await options()));
    } catch (cause) {
      loading = undefined;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new LearnloopError('wasm_load_failed', `could not load learnloop's wasm module: ${why}`, { cause });
    }
  })();
  return loading;
}
