/**
 * Node only, types only: the messages between worker_jobs.ts (main thread) and worker_entry.ts (the worker): the job
 * the worker is started with, and what it posts back (progress, then a result or an error).
 */
import type { LoadEmbeddingIndexOptions } from './store_embeddings.js';
import type { LearnOptions } from './store_types.js';

/** Options of learnInWorker(): learn()'s, without its callback (progress is the third argument). */
export type WorkerLearnOptions = Omit<LearnOptions, 'onProgress'>;

/** Options of buildIndexInWorker(): loadEmbeddingIndex()'s, without its callback (progress is the fourth argument). */
export type WorkerIndexOptions = Omit<LoadEmbeddingIndexOptions, 'onProgress'>;

/** The job a worker runs (its workerData). */
export type WorkerJob =
  | { kind: 'learn'; path: string; options: WorkerLearnOptions }
  | { kind: 'index'; path: string; type: string; options: WorkerIndexOptions };

/** A message from the worker. */
export type WorkerMessage =
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; code: string; message: string };
