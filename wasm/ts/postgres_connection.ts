/**
 * openPostgres()'s store, the same in Node and browsers: the core runs in a worker (a Node worker thread or a Web
 * Worker, started by the entry's SpawnCoreWorker) whose database adapter posts each statement here and waits with
 * Atomics.wait; this thread runs it on the call's session of the driver (postgres_server.ts) and answers in a shared
 * buffer, so it stays free while a job computes. Each store method returns a promise; calls on one store run one after
 * another, each on one connection (released after it). The entries (postgres_store.ts for Node, postgres_browser.ts)
 * pick the driver and the worker; everything else is here.
 */
import type { Learnloop } from './api.js';
import { EmbeddingIndex } from './embeddings.js';
import { LearnloopError, type LearnloopErrorCode } from './errors.js';
import type { PgDriver } from './postgres_drivers.js';
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

/** The call in progress: how to settle it and where its progress goes. */
interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (label: string, done: number, total: number) => void;
}

/** The worker that runs the core, as the connection drives it (a Node worker thread or a browser Web Worker). */
export interface CoreWorker {
  /** Posts a call to the worker (throws when the arguments cannot be cloned). */
  post(message: CallMessage): void;
  /** Ends the worker. */
  terminate(): Promise<void>;
  /** Whether a call is in progress: Node keeps the process alive only then; browsers ignore it. */
  hold(busy: boolean): void;
}

/** What a worker reports to its connection. */
export interface CoreWorkerEvents {
  /** A message from the worker. */
  message(message: WorkerReply): void;
  /** The worker failed or ended. */
  fail(error: Error): void;
}

/** Starts the worker over the shared reply buffer `buffer`. */
export type SpawnCoreWorker = (buffer: SharedArrayBuffer, events: CoreWorkerEvents) => CoreWorker;

/** The worker, its SQL server and the queue of calls of one PostgreSQL store. */
class PostgresConnection {
  readonly #worker: CoreWorker;
  readonly #server: SqlServer;
  readonly #driver: PgDriver;
  #pending: Pending | undefined;
  #sql: Promise<void> = Promise.resolve();
  #queue: Promise<unknown> = Promise.resolve();
  #dead: Error | undefined;

  constructor(driver: PgDriver, password: string, spawn: SpawnCoreWorker) {
    this.#driver = driver;
    const buffer = new SharedArrayBuffer(HEADER_INTS * 4 + CHUNK_BYTES);
    this.#server = new SqlServer(driver, buffer, password);
    this.#worker = spawn(buffer, { message: (message) => this.#onMessage(message), fail: (error) => this.#die(error) });
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
        this.#worker.hold(true); // an idle store does not keep a Node process alive; a call in progress does
        if (message === undefined) return; // the open: settled by 'ready'
        try {
          this.#worker.post(message);
        } catch (error) {
          this.#pending = undefined;
          this.#worker.hold(false);
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
      if (this.#pending === undefined) this.#worker.hold(false);
      if (pending !== undefined) action(pending);
    });
  }

  #die(error: Error): void {
    if (this.#dead === undefined) this.#dead = error;
    this.#settle((p) => p.reject(error));
  }
}

/**
 * Checks that `driver` connects, starts the worker with `spawn` and waits for its migrated store; `password` is kept out
 * of messages and `init` loads the core on this thread (to turn loaded indices' bytes into EmbeddingIndex objects).
 * @throws {LearnloopError} code `invalid_argument` when the server cannot be reached or refuses the credentials;
 *   `unsupported_version` for a schema from a newer learnloop
 */
export async function openOverDriver(driver: PgDriver, password: string, init: () => Promise<Learnloop>, spawn: SpawnCoreWorker): Promise<PostgresStore> {
  try {
    (await driver.acquire()).release(false);
  } catch (error) {
    await driver.end().catch(() => undefined);
    const message = (error instanceof Error ? error.message : String(error)).split(password === '' ? '\0' : password).join('***');
    throw new LearnloopError('invalid_argument', `cannot connect to PostgreSQL at ${driver.target}: ${message}`, { cause: error });
  }
  const ll = await init();
  const connection = new PostgresConnection(driver, password, spawn);
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
