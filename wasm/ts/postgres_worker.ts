/**
 * Node only: the worker thread of openPostgres(). Loads the wasm core from beside this file and serves the store's calls
 * (postgres_worker_calls.ts) over the shared buffer it gets as workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { init } from './node_init.js';
import { postError, serveStore, type PostToMain } from './postgres_worker_calls.js';

const post: PostToMain = (message, transfer = []) => parentPort?.postMessage(message, transfer);

try {
  const serve = serveStore(await init(), (workerData as { buffer: SharedArrayBuffer }).buffer, post);
  if (serve !== undefined) parentPort?.on('message', serve);
} catch (error) {
  postError(post, error);
}
