/**
 * The worker side of openPostgres(), shared by Node's worker thread (postgres_worker.ts) and the browser's Web Worker
 * (postgres_browser_worker.ts): opens a store over PostgresWorkerAdapter (its SQL goes to the main thread, which owns
 * the driver), migrates it, says `ready`, then runs each method call the main thread posts and posts back its result or
 * error. Callbacks and embedding indices cross the thread boundary as markers and snapshot bytes (postgres_protocol.ts).
 * It knows nothing of the platform: the entries hand it the loaded core, the shared buffer and how to post.
 */
import type { Learnloop } from './api.js';
import type { EmbeddingIndex } from './embeddings.js';
import { LearnloopError } from './errors.js';
import { PROGRESS_MARKER, type CallMessage, type IndexBytes, type WorkerReply } from './postgres_protocol.js';
import { PostgresWorkerAdapter, SqlBridge } from './postgres_worker_adapter.js';
import { openMigratedStore, type MetricsStore } from './store.js';

/** Sends a message (transferring `transfer`) to the main thread. */
export type PostToMain = (message: WorkerReply, transfer?: ArrayBuffer[]) => void;

/** Posts `error` as the call's error. */
export function postError(post: PostToMain, error: unknown): void {
  const code = error instanceof LearnloopError ? error.code : 'internal';
  post({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
}

/** `arg` as the store method takes it: markers become the progress callback, snapshot bytes an index (listed in `made`). */
function revive(ll: Learnloop, arg: unknown, made: EmbeddingIndex[], post: PostToMain): unknown {
  if (typeof arg !== 'object' || arg === null) return arg;
  if ('__learnloop_index__' in arg) {
    const index = ll.embeddingIndexFromBytes((arg as IndexBytes).__learnloop_index__);
    made.push(index);
    return index;
  }
  if ((arg as { onProgress?: unknown }).onProgress === PROGRESS_MARKER)
    return { ...arg, onProgress: (label: string, done: number, total: number) => post({ type: 'progress', label, done, total }) };
  return arg;
}

/** Runs one call on `store`; an index comes back as its snapshot bytes (transferred). */
function run(ll: Learnloop, store: MetricsStore, call: CallMessage, post: PostToMain): void {
  const made: EmbeddingIndex[] = [];
  try {
    const args = call.args.map((a) => revive(ll, a, made, post));
    const method = (store as unknown as Record<string, (...a: unknown[]) => unknown>)[call.method];
    if (typeof method !== 'function') throw new LearnloopError('invalid_argument', `the store has no method ${call.method}`);
    if (call.method === 'loadEmbeddingIndex' || call.method === 'loadEmbeddingIndexWithInfo') {
      const { index, load } = store.loadEmbeddingIndexWithInfo(...(args as Parameters<MetricsStore['loadEmbeddingIndexWithInfo']>));
      try {
        const bytes = index.toBytes();
        post({ type: 'result', value: { bytes, load } }, [bytes.buffer as ArrayBuffer]);
      } finally {
        index.dispose();
      }
      return;
    }
    post({ type: 'result', value: method.apply(store, args) });
  } catch (error) {
    postError(post, error);
  } finally {
    for (const index of made) index.dispose();
  }
}

/**
 * Opens the migrated store over `buffer`, says `ready` and returns the handler of the main thread's calls (or posts the
 * open's error and returns undefined).
 */
export function serveStore(ll: Learnloop, buffer: SharedArrayBuffer, post: PostToMain): ((call: CallMessage) => void) | undefined {
  try {
    const store = openMigratedStore(ll, new PostgresWorkerAdapter(new SqlBridge(buffer, post)));
    post({ type: 'ready' });
    return (call) => run(ll, store, call, post);
  } catch (error) {
    postError(post, error);
    return undefined;
  }
}
