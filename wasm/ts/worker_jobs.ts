/**
 * Node only: long work off the main thread. learnInWorker() runs the daily learning job and buildIndexInWorker() loads
 * (or builds) an embedding index, each in a node:worker_threads worker that opens the same database file through
 * node:sqlite, so the main thread's event loop keeps serving while the job runs; progress arrives as callbacks on the
 * main thread. They need Node 22.16+ or 24: on Node 20 the store is sqlite-wasm in memory, which a worker cannot
 * share (it would learn into its own copy), so they refuse with `invalid_argument` there.
 */
import { Worker } from 'node:worker_threads';

import type { ProgressCallback } from './api.js';
import { callbackArg, optionsArg, stringArg } from './args.js';
import { LearnloopError, type LearnloopErrorCode } from './errors.js';
import { init } from './node_init.js';
import { loadNodeSqlite } from './node_sqlite_open.js';
import type { EmbeddingIndexLoad, LoadedEmbeddingIndex } from './store_embeddings.js';
import type { LearnResult } from './store_types.js';
import type { WorkerIndexOptions, WorkerJob, WorkerLearnOptions, WorkerMessage } from './worker_protocol.js';

export type { WorkerIndexOptions, WorkerLearnOptions } from './worker_protocol.js';

/** Refuses where a worker cannot share the store (Node without node:sqlite). */
function requireSharedFile(what: string): void {
  if (loadNodeSqlite() !== undefined) return;
  throw new LearnloopError(
    'invalid_argument',
    `${what} needs Node 22.16+ or 24 (this is Node ${process.versions.node}): a worker opens the database file through ` +
      'node:sqlite; on this Node the store is sqlite-wasm in memory, which a worker cannot share. Call the store method on ' +
      'the main thread instead, or run the native CLI.',
  );
}

/** Runs `job` in a worker; resolves with its result, calling `onProgress` for each progress message. */
function runJob<T>(job: WorkerJob, onProgress: ProgressCallback | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(new URL('./worker_entry.js', import.meta.url), { workerData: job });
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) onProgress?.(message.label, message.done, message.total);
      } else if (message.type === 'result') {
        settle(() => resolve(message.value as T));
      } else {
        settle(() => reject(new LearnloopError(message.code as LearnloopErrorCode, message.message)));
      }
    });
    worker.on('error', (error: Error) => settle(() => reject(new LearnloopError('internal', `the worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new LearnloopError('internal', `the worker exited (code ${code}) without an answer`))));
  });
}

/**
 * Runs the daily learning job on the database file at `path` in a worker thread (same answer as
 * `store.learn(options)`), so the event loop of this thread keeps running; `onProgress(label, done, total)` is called
 * here as the job's steps finish. The worker opens the file through node:sqlite: its writes are in the file, visible
 * to every store open on it, when the promise resolves.
 * @throws {LearnloopError} code `invalid_argument` on Node 20 (no node:sqlite: the in-memory store cannot be shared)
 *   or for bad options; the codes of learn() for a bad date; `not_found` when the file does not exist
 */
export async function learnInWorker(path: string, options: WorkerLearnOptions = {}, onProgress?: ProgressCallback): Promise<LearnResult> {
  requireSharedFile('learnInWorker');
  stringArg(path, 'path');
  const opts = optionsArg(options, 'options');
  if ('onProgress' in opts) throw new LearnloopError('invalid_argument', 'learnInWorker takes onProgress as its third argument, not in options');
  callbackArg(onProgress, 'onProgress');
  return runJob<LearnResult>({ kind: 'learn', path, options: opts }, onProgress);
}

/**
 * Loads the embedding index of `type` from the database file at `path` in a worker thread: the stored snapshot when
 * current, else built from the embeddings rows (then stored as the snapshot), as `store.loadEmbeddingIndexWithInfo()`
 * does, without blocking this thread. `onProgress` follows a build. The index comes back as a snapshot and is read
 * here; dispose it when done.
 * @throws {LearnloopError} code `invalid_argument` on Node 20 (see learnInWorker) or for bad options; `not_found`
 *   when the table has no rows of that type or the file does not exist
 */
export async function buildIndexInWorker(
  path: string,
  type: string,
  options: WorkerIndexOptions = {},
  onProgress?: ProgressCallback,
): Promise<LoadedEmbeddingIndex> {
  requireSharedFile('buildIndexInWorker');
  stringArg(path, 'path');
  stringArg(type, 'type');
  const opts = optionsArg(options, 'options');
  if ('onProgress' in opts) throw new LearnloopError('invalid_argument', 'buildIndexInWorker takes onProgress as its fourth argument, not in options');
  callbackArg(onProgress, 'onProgress');
  const [ll, built] = await Promise.all([
    init(),
    runJob<{ bytes: Uint8Array; load: EmbeddingIndexLoad }>({ kind: 'index', path, type, options: opts }, onProgress),
  ]);
  return { index: ll.embeddingIndexFromBytes(built.bytes), load: built.load };
}
