/**
 * In openPostgres()'s worker (a Node worker thread, or a Web Worker in browsers): the core's Database adapter over
 * PostgreSQL. The core calls it synchronously (wasm/src/js_database.cpp, which renders every statement for PostgreSQL
 * because `dialect` says so); each call posts its SQL to the main thread, which runs it on the store's connection,
 * and waits with Atomics.wait until the reply is in the shared buffer (postgres_protocol.ts). Rows arrive as the core's byte batches, at most the core's 512 rows per
 * call, so a large read is fetched from a cursor batch by batch.
 */
import { BATCH } from './byte_protocol.js';
import { LearnloopError } from './errors.js';
import { CHUNK_BYTES, HEADER_INTS, SLOT, type SqlRequest, type WorkerReply } from './postgres_protocol.js';
import type { AdapterFailure, DatabaseAdapter, StatementDriver } from './sqlite_types.js';

const utf8 = new TextDecoder();

/** A reply from the main thread: its payload bytes, or a failure. */
type Reply = { bytes: Uint8Array } | { failure: AdapterFailure };

/** The worker's end of the shared reply buffer. */
export class SqlBridge {
  readonly #header: Int32Array;
  readonly #payload: Uint8Array;
  readonly #post: (message: WorkerReply) => void;
  #seq = 0; // the number of the last request (1 to 2^31 - 1, then 1 again; the buffer starts at 0)

  /** Wraps the shared buffer the main thread writes replies into; `post` sends a message to the main thread. */
  constructor(buffer: SharedArrayBuffer, post: (message: WorkerReply) => void) {
    this.#post = post;
    this.#header = new Int32Array(buffer, 0, HEADER_INTS);
    this.#payload = new Uint8Array(buffer, HEADER_INTS * 4, CHUNK_BYTES);
  }

  /** Posts `request` to the main thread and waits for its whole reply (all chunks). */
  request(request: SqlRequest): Reply {
    const chunks: Uint8Array[] = [];
    let next: SqlRequest = request;
    for (;;) {
      const seq = (this.#seq = (this.#seq % 0x7fffffff) + 1);
      this.#post({ type: 'sql', seq, request: next });
      for (let answered = Atomics.load(this.#header, SLOT.answered); answered !== seq; answered = Atomics.load(this.#header, SLOT.answered))
        Atomics.wait(this.#header, SLOT.answered, answered);
      const length = Atomics.load(this.#header, SLOT.length);
      chunks.push(this.#payload.slice(0, length));
      if (Atomics.load(this.#header, SLOT.more) === 0) break;
      next = { op: 'next' };
    }
    const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks);
    if (Atomics.load(this.#header, SLOT.failed) !== 0) return { failure: JSON.parse(utf8.decode(bytes)) as AdapterFailure };
    return { bytes };
  }
}

/** `chunks` as one array. */
function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** An empty batch that ends as `end`. */
function emptyBatch(end: number): Uint8Array {
  const out = new Uint8Array(9);
  out[8] = end;
  return out;
}

/** One prepared statement: sent with its parameters at its first fetch, then read batch by batch. */
class PostgresStatement implements StatementDriver {
  readonly #bridge: SqlBridge;
  readonly #id: number;
  readonly #sql: string;
  #params: Uint8Array = new Uint8Array(4);
  #started = false;
  #open = false; // the main thread still holds rows or a cursor of this statement
  #names: string[] = [];
  #failure: AdapterFailure | undefined;

  /** A statement of `sql` (already rendered for PostgreSQL by the core), numbered `id` on this connection. */
  constructor(bridge: SqlBridge, id: number, sql: string) {
    this.#bridge = bridge;
    this.#id = id;
    this.#sql = sql;
  }

  /** Keeps the encoded parameters for the next run; rows of the previous run are dropped. */
  bindEncoded(encoded: Uint8Array): AdapterFailure | undefined {
    this.#close();
    this.#params = encoded.slice();
    this.#started = false;
    this.#failure = undefined;
    return undefined;
  }

  /** The next batch: the first runs the statement (again, after the previous run ended, as sqlite3_step would). */
  fetchRows(maxRows: number): Uint8Array {
    const first = !this.#started;
    const reply = first
      ? this.#bridge.request({ op: 'query', statement: this.#id, sql: this.#sql, params: this.#params, maxRows })
      : this.#bridge.request({ op: 'fetch', statement: this.#id, maxRows });
    this.#started = true;
    if ('failure' in reply) {
      this.#failure = reply.failure;
      this.#open = this.#started = false;
      return emptyBatch(BATCH.failed);
    }
    let batch = reply.bytes;
    if (first) {
      const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
      const namesLength = view.getUint32(0, true);
      this.#names = JSON.parse(utf8.decode(batch.subarray(4, 4 + namesLength))) as string[];
      batch = batch.subarray(4 + namesLength);
    }
    const end = batch[8];
    this.#open = end === BATCH.more;
    if (!this.#open) this.#started = false;
    return batch;
  }

  /** Why the last run failed. */
  failure(): AdapterFailure | undefined {
    return this.#failure;
  }

  /** The result's column names (known once the statement ran). */
  columnNames(): string[] {
    return this.#names;
  }

  /** Releases what the main thread holds for this statement. */
  finalize(): void {
    this.#close();
  }

  #close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#bridge.request({ op: 'close', statement: this.#id });
  }
}

/** The core's Database adapter in openPostgres()'s worker. */
export class PostgresWorkerAdapter implements DatabaseAdapter {
  /** The store's backend. */
  readonly backend = 'postgres';
  /** Read by wasm/src/js_database.cpp: the core renders its SQL for PostgreSQL. */
  readonly dialect = 'postgres';
  readonly #bridge: SqlBridge;
  #nextStatement = 1;

  /** An adapter whose SQL goes to the main thread through `bridge`. */
  constructor(bridge: SqlBridge) {
    this.#bridge = bridge;
  }

  /** Runs statements that return no rows. */
  exec(sql: string): AdapterFailure | undefined {
    const reply = this.#bridge.request({ op: 'exec', sql });
    return 'failure' in reply ? reply.failure : undefined;
  }

  /** Loads the core's COPY data (the main thread turns it into one INSERT per batch: postgres_copy.ts). */
  copyIn(sql: string, data: string): AdapterFailure | undefined {
    const reply = this.#bridge.request({ op: 'copy', sql, data });
    return 'failure' in reply ? reply.failure : undefined;
  }

  /** A statement, sent at its first fetch. */
  prepare(sql: string): StatementDriver {
    return new PostgresStatement(this.#bridge, this.#nextStatement++, sql);
  }

  /** Committed work is durable on the server. */
  flush(): undefined {
    return undefined;
  }

  /**
   * A PostgreSQL store has no SQLite file image.
   * @throws {LearnloopError} code `invalid_argument`, always
   */
  export(): Uint8Array {
    throw new LearnloopError('invalid_argument', 'a PostgreSQL store has no SQLite file to export');
  }

  /** The connection belongs to the main thread. */
  close(): void {}
}
