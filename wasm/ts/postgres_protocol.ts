/**
 * Shared by both threads of openPostgres(), in Node and in browsers: the messages between the main thread
 * (postgres_connection.ts, which owns the PostgreSQL driver) and the worker that runs the core (postgres_worker_calls.ts),
 * and the layout of the shared buffer the main thread answers SQL requests in while the worker waits on it with Atomics.wait.
 *
 * The reply buffer: an Int32Array header of {@link HEADER_INTS} slots (the number of the request answered, byte length
 * of this chunk, more chunks follow, failed), then {@link CHUNK_BYTES} bytes of payload. Each request carries a new
 * number; the main thread stores it last, and the worker waits until the slot holds its own request's number (never
 * on a bare wake-up, which would read the previous reply). A reply longer than a chunk (a batch of wide rows)
 * goes over in chunks: the worker copies each one and asks for the next with a `next` request.
 */

/** Payload bytes per chunk of a reply (1 MiB; a 512-row batch of the store's rows is far smaller). */
export const CHUNK_BYTES = 1 << 20;
/** Int32 slots before the payload. */
export const HEADER_INTS = 4;
/** Header slots. */
export const SLOT = { answered: 0, length: 1, more: 2, failed: 3 } as const;

/** A statement request from the worker: run SQL on the store's connection and answer in the shared buffer. */
export type SqlRequest =
  | { op: 'exec'; sql: string }
  | { op: 'copy'; sql: string; data: string }
  | { op: 'query'; statement: number; sql: string; params: Uint8Array; maxRows: number }
  | { op: 'fetch'; statement: number; maxRows: number }
  | { op: 'close'; statement: number }
  | { op: 'next' };

/** The first message to a browser worker: the reply buffer and where the wasm is (a Node worker gets them as workerData). */
export interface StartMessage {
  type: 'start';
  buffer: SharedArrayBuffer;
  wasmUrl: string;
}

/** A method call from the main thread. */
export interface CallMessage {
  type: 'call';
  method: string;
  args: unknown[];
}

/** A message from the worker. */
export type WorkerReply =
  | { type: 'sql'; seq: number; request: SqlRequest }
  | { type: 'ready' }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'result'; value: unknown }
  | { type: 'error'; code: string; message: string };

/** An option object's `onProgress` callback crosses the thread boundary as this marker (progress comes back as messages). */
export const PROGRESS_MARKER = '__learnloop_progress__';

/** An EmbeddingIndex argument crosses as its snapshot bytes in this wrapper. */
export interface IndexBytes {
  __learnloop_index__: Uint8Array;
}
