/**
 * Node only: the worker thread of learnInWorker() and buildIndexInWorker() (worker_jobs.ts). Opens the database file
 * through node:sqlite, runs its one job with progress posted to the main thread, posts the result (an index as its
 * snapshot bytes, transferred) or the error, and closes the store.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { LearnloopError } from './errors.js';
import { openDatabase } from './node.js';
import type { WorkerJob, WorkerMessage } from './worker_protocol.js';

const job = workerData as WorkerJob;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(message, transfer);
const onProgress = (label: string, done: number, total: number): void => post({ type: 'progress', label, done, total });

try {
  const store = await openDatabase(job.path, { backend: 'node:sqlite', create: false });
  try {
    if (job.kind === 'learn') {
      post({ type: 'result', value: store.learn({ ...job.options, onProgress }) });
    } else {
      const { index, load } = store.loadEmbeddingIndexWithInfo(job.type, { ...job.options, onProgress });
      try {
        const bytes = index.toBytes();
        post({ type: 'result', value: { bytes, load } }, [bytes.buffer as ArrayBuffer]);
      } finally {
        index.dispose();
      }
    }
  } finally {
    store.dispose();
  }
} catch (error) {
  const code = error instanceof LearnloopError ? error.code : 'internal';
  post({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
}
