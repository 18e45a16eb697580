/**
 * Node only: openPostgres(), the metrics store on PostgreSQL. The core calls its database synchronously and the
 * drivers (node-postgres, PGlite) are asynchronous, so the core runs in a worker thread (postgres_worker.ts) whose
 * database adapter posts each statement here and waits with Atomics.wait; this thread runs it on the call's session
 * (postgres_server.ts) and answers in a shared buffer. The event loop here stays free while a job computes. Each store
 * method returns a promise; calls on one store run one after another, each on one connection (released after it).
 */
import { Worker } from 'node:worker_threads';

import { EmbeddingIndex } from './embeddings.js';
import { LearnloopError, type LearnloopErrorCode } from './errors.js';
import { init } from './node_init.js';
import { pgliteDriver, poolDriver, uriDriver, uriPassword, type PgDriver, type PgliteLike, type PgPoolLike } from './postgres_drivers.js';
import { CHUNK_BYTES, HEADER_INTS, PROGRESS_MARKER, type CallMessage, type WorkerReply } from './postgres_protocol.js';
import { SqlServer } from './postgres_server.js';
import type { MetricsStore } from './store.js';
import type { EmbeddingIndexLoad } from './store_embeddings.js';

/** Store members a PostgreSQL store does not have: the SQLite file's (save, export, backend) and the served bandit's handle. */
type NotOverPostgres = 'bandit' | 'save' | 'export' | 'backend' | 'schemaVersion' | 'dispose' | 'close' | 'disposed';

/** The names of MetricsStore's methods that a PostgreSQL store has. */
export type PostgresMethodName = {
  [K in keyof MetricsStore]: K extends NotOverPostgres | symbol ? never : MetricsStore[K] extends (...args: never[]) => unknown ? K : never;
}[keyof MetricsStore];

/**
 * The store openPostgres() returns: every method of openDatabase()'s store (except bandit(), save() and export()), with
 * the same arguments, returning a promise of the same answer; and close().
 */
export type PostgresStore = {
  [K in PostgresMethodName]: (...args: Parameters<MetricsStore[K]>) => Promise<ReturnType<MetricsStore[K]>>;
} & {
  /** Where the rows live. */
  readonly backend: 'postgres';
  /** Ends the worker, and the pool when openPostgres() made it from a URI (a pool or PGlite you passed stays open). */
  close(): Promise<void>;
};

/** Every method name, checked against the type in both directions (a name added to the store must be listed here). */
const METHODS: Record<PostgresMethodName, true> = {
  migrate: true,
  overview: true,
  writeMetrics: true,
  readMetrics: true,
  readDailySnapshots: true,
  ingest: true,
  learn: true,
  report: true,
  history: true,
  generateDemo: true,
  offPolicyEvaluation: true,
  recordPrediction: true,
  completePrediction: true,
  predictionAccuracy: true,
  checkAndRetrain: true,
  latestModel: true,
  saveEmbeddings: true,
  loadEmbeddingIndex: true,
  loadEmbeddingIndexWithInfo: true,
  bestTimeToPost: true,
  predictVirality: true,
  metaLearningScores: true,
  creativeFatigue: true,
};

/** A connection URI (postgres:// or postgresql://), a node-postgres Pool, or a PGlite instance. */
export type PostgresTarget = string | PgPoolLike | PgliteLike;

/** Picks the driver for `target`. */
async function driverFor(target: PostgresTarget): Promise<PgDriver> {
  if (typeof target === 'string') {
    if (!/^postgres(ql)?:\/\//i.test(target))
      throw new LearnloopError('invalid_argument', 'openPostgres expects a postgres:// or postgresql:// URI, a pg Pool or a PGlite instance');
    return uriDriver(target);
  }
  const t = target as unknown as Record<string, unknown>;
  if (typeof target === 'object' && target !== null && typeof t.connect === 'function' && 'totalCount' in t) return poolDriver(target as PgPoolLike, 'the given pool', false);
  if (typeof target === 'object' && target !== null && typeof t.query === 'function' && typeof t.exec === 'function' && 'waitReady' in t)
    return pgliteDriver(target as PgliteLike);
  throw new LearnloopError('invalid_argument', 'openPostgres expects a postgres:// or postgresql:// URI, a pg Pool or a PGlite instance');
}

/** The call in progress: how to settle it and where its progress goes. */
interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (label: string, done: number, total: number) => void;
}

/** The worker, its SQL server and the queue of calls of one PostgreSQL store. */
class PostgresConnection {
  readonly #worker: Worker;
  readonly #server: SqlServer;
  readonly #driver: PgDriver;
  #pending: Pending | undefined;
  #sql: Promise<void> = Promise.resolve();
  #queue: Promise<unknown> = Promise.resolve();
  #dead: Error | undefined;

  constructor(driver: PgDriver, password: string) {
    this.#driver = driver;
    const buffer = new SharedArrayBuffer(HEADER_INTS * 4 + CHUNK_BYTES);
    this.#server = new SqlServer(driver, buffer, password);
    this.#worker = new Worker(new URL('./postgres_worker.js', import.meta.url), { workerData: { buffer } });
    this.#worker.on('message', (message: WorkerReply) => this.#onMessage(message));
    this.#worker.on('error', (error: Error) => this.#die(new LearnloopError('internal', `the PostgreSQL store's worker failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => this.#die(new LearnloopError('internal', `the PostgreSQL store's worker exited (code ${code})`)));
  }

  /** Waits for the worker's migrated store (the open is the first call). */
  ready(): Promise<unknown> {
    return this.#enqueue(undefined);
  }

  /** Runs `method` in the worker after the calls before it. */
  call(method: string, args: unknown[]): Promise<unknown> {
    let onProgress: Pending['onProgress'];
    const sent = args.map((arg) => {
      if (arg instanceof EmbeddingIndex) return { __learnloop_index__: arg.toBytes() };
      if (typeof arg === 'object' && arg !== null && typeof (arg as { onProgress?: unknown }).onProgress === 'function') {
        onProgress = (arg as { onProgress: Pending['onProgress'] }).onProgress;
        return { ...arg, onProgress: PROGRESS_MARKER };
      }
      return arg;
    });
    return this.#enqueue({ type: 'call', method, args: sent }, onProgress);
  }

  /** Ends the worker after the queued calls, then the driver's pool when it is ours. */
  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    this.#dead ??= new LearnloopError('disposed', 'the PostgreSQL store is closed');
    await this.#worker.terminate();
    await this.#driver.end();
  }

  #enqueue(message: CallMessage | undefined, onProgress?: Pending['onProgress']): Promise<unknown> {
    const run = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (this.#dead !== undefined) {
          reject(this.#dead);
          return;
        }
        this.#pending = { resolve, reject, ...(onProgress !== undefined ? { onProgress } : {}) };
        this.#worker.ref(); // an idle store does not keep the process alive; a call in progress does
        if (message === undefined) return; // the open: settled by 'ready'
        try {
          this.#worker.postMessage(message);
        } catch (error) {
          this.#pending = undefined;
          this.#worker.unref();
          reject(new LearnloopError('invalid_argument', `the arguments of ${message.method} cannot be sent to the worker: ${String(error)}`));
        }
      });
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #onMessage(message: WorkerReply): void {
    if (message.type === 'sql') {
      const { request, seq } = message;
      this.#sql = this.#sql.then(() => this.#server.handle(request, seq)).catch((error: unknown) => this.#server.fail(seq, `learnloop: ${String(error)}`));
    } else if (message.type === 'progress') {
      this.#pending?.onProgress?.(message.label, message.done, message.total);
    } else if (message.type === 'ready') {
      this.#settle((p) => p.resolve(undefined));
    } else if (message.type === 'result') {
      this.#settle((p) => p.resolve(message.value));
    } else {
      this.#settle((p) => p.reject(new LearnloopError(message.code as LearnloopErrorCode, message.message)));
    }
  }

  /** Gives the call's session back, then settles the call. */
  #settle(action: (pending: Pending) => void): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.#sql = this.#sql.then(() => this.#server.endCall()).finally(() => {
      if (this.#pending === undefined) this.#worker.unref();
      if (pending !== undefined) action(pending);
    });
  }

  #die(error: Error): void {
    if (this.#dead === undefined) this.#dead = error;
    this.#settle((p) => p.reject(error));
  }
}

/**
 * Opens the metrics store in a PostgreSQL database and brings it to the current schema: `target` is a connection URI
 * (node-postgres makes a pool, ended by close()), a node-postgres `Pool`, or a PGlite instance (`@electric-sql/pglite`,
 * PostgreSQL in wasm). The answers are the same JSON as openDatabase()'s store on the same rows. The core runs in a
 * worker thread; every method returns a promise, and calls run one after another, each in its own connection from
 * the pool. `pg` and `@electric-sql/pglite` are optional peer dependencies.
 * @throws {LearnloopError} code `invalid_argument` for another target, or when the server cannot be reached or refuses
 *   the credentials (the message never shows the password); `not_found` when the driver's package is not installed;
 *   `unsupported_version` for a schema from a newer learnloop
 */
export async function openPostgres(target: PostgresTarget): Promise<PostgresStore> {
  const driver = await driverFor(target);
  const password = typeof target === 'string' ? uriPassword(target) : '';
  try {
    (await driver.acquire()).release(false);
  } catch (error) {
    await driver.end().catch(() => undefined);
    const message = (error instanceof Error ? error.message : String(error)).split(password === '' ? '\0' : password).join('***');
    throw new LearnloopError('invalid_argument', `cannot connect to PostgreSQL at ${driver.target}: ${message}`, { cause: error });
  }
  const ll = await init();
  const connection = new PostgresConnection(driver, password);
  try {
    await connection.ready();
  } catch (error) {
    await connection.close();
    throw error;
  }
  const store: Record<string, unknown> = { backend: 'postgres', close: () => connection.close() };
  for (const method of Object.keys(METHODS)) {
    store[method] = async (...args: unknown[]) => {
      const value = await connection.call(method, args);
      if (method !== 'loadEmbeddingIndex' && method !== 'loadEmbeddingIndexWithInfo') return value;
      const loaded = value as { bytes: Uint8Array; load: EmbeddingIndexLoad };
      const index = ll.embeddingIndexFromBytes(loaded.bytes);
      return method === 'loadEmbeddingIndex' ? index : { index, load: loaded.load };
    };
  }
  return store as PostgresStore;
}
