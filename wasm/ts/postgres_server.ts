/**
 * Main thread of openPostgres() (Node and browsers): answers the worker's SQL requests (postgres_protocol.ts) on the session
 * of the current store call. Reads inside a transaction go through a cursor (DECLARE ... CURSOR, FETCH n), so a
 * million-row window read is fetched 512 rows at a time and never held whole here; other results are kept until the
 * worker has fetched them. Values are encoded in the core's row batches as the libpq backend converts them (integers,
 * booleans as 0/1, floats, bytea as blobs, everything else text); server errors become the adapter's failures with
 * the server's message (never the password).
 */
import { BATCH, ByteWriter, decodedValues, encodedValues, SQLITE_TYPE } from './byte_protocol.js';
import { COLUMN_TYPES_SQL, csvColumns, parseCopy, unnestInsert } from './postgres_copy.js';
import type { PgDriver, PgSession, RawResult } from './postgres_drivers.js';
import { CHUNK_BYTES, HEADER_INTS, SLOT, type SqlRequest } from './postgres_protocol.js';
import type { AdapterFailure } from './sqlite_types.js';

/** Type OIDs the batches convert (catalog/pg_type_d.h). */
const OID = { bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, float4: 700, float8: 701, numeric: 1700 } as const;
const INTEGER_OIDS = new Set<number>([OID.int8, OID.int2, OID.int4, OID.oid]);
const FLOAT_OIDS = new Set<number>([OID.float4, OID.float8, OID.numeric]);
/** SQLSTATEs of a lock wait past lock_timeout, a serialization failure and a deadlock. */
const BUSY_STATES = new Set(['55P03', '40001', '40P01']);
const utf8 = new TextEncoder();

/** Appends the value `raw` (the server's text, or bytes) of a column of type `oid`. */
function encodeValue(out: ByteWriter, raw: unknown, oid: number): void {
  if (raw === null || raw === undefined) {
    out.u8(SQLITE_TYPE.null);
  } else if (raw instanceof Uint8Array) {
    blob(out, raw);
  } else {
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (INTEGER_OIDS.has(oid)) {
      out.u8(SQLITE_TYPE.integer);
      out.i64(BigInt(text));
    } else if (oid === OID.bool) {
      out.u8(SQLITE_TYPE.integer);
      out.i64(text === 't' || text === 'true' ? 1n : 0n);
    } else if (FLOAT_OIDS.has(oid)) {
      out.u8(SQLITE_TYPE.float);
      out.f64(Number(text)); // the shortest exact text; "NaN", "Infinity" and "-Infinity" too
    } else if (oid === OID.bytea) {
      blob(out, text.startsWith('\\x') ? hexBytes(text.slice(2)) : Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
    } else {
      const bytes = utf8.encode(text);
      out.u8(SQLITE_TYPE.text);
      out.u32(bytes.length);
      out.copy(bytes, 0, bytes.length);
    }
  }
}

/** The bytes of bytea's hex text (without its `\\x`), here and in browsers (no Buffer). */
function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  const nibble = (at: number): number => {
    const c = hex.charCodeAt(at) | 0x20; // '0'-'9' stay, 'A'-'F' become 'a'-'f'
    return c <= 0x39 ? c - 0x30 : c - 0x57;
  };
  for (let i = 0; i < bytes.length; ++i) bytes[i] = (nibble(2 * i) << 4) | nibble(2 * i + 1);
  return bytes;
}

function blob(out: ByteWriter, bytes: Uint8Array): void {
  out.u8(SQLITE_TYPE.blob);
  out.u32(bytes.length);
  out.copy(bytes, 0, bytes.length);
}

/** Rows [from, to) of `result` as a core batch that ends with `end`. */
function encodeBatch(out: ByteWriter, result: RawResult, from: number, to: number, end: number): void {
  out.u32(to - from);
  out.u32(result.names.length);
  out.u8(end);
  for (let r = from; r < to; ++r) {
    const row = result.rows[r] as unknown[];
    for (let c = 0; c < result.names.length; ++c) encodeValue(out, row[c], result.types[c] as number);
  }
}

/** The server's (or the driver's) error as the adapter's failure, in the libpq backend's words. */
export function failureOf(error: unknown, target: string, password: string): { failure: AdapterFailure; lost: boolean } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; column?: unknown; detail?: unknown; message?: unknown };
  const state = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : '';
  let message = typeof e.message === 'string' ? e.message : String(error);
  if (typeof e.column === 'string' && e.column !== '') message = `column '${e.column}': ${message}`;
  if (typeof e.detail === 'string' && e.detail !== '') message += ` (${e.detail})`;
  if (password !== '') message = message.split(password).join('***');
  // No SQLSTATE (a socket error, "Connection terminated"), a connection exception (08) or an operator shutdown (57P0x).
  const lost = state === '' || state.startsWith('08') || state.startsWith('57P0');
  if (lost)
    return {
      lost,
      failure: {
        error: `lost the connection to PostgreSQL at ${target} (${message}): its open transaction was rolled back, nothing of it was written; rerun the call`,
        constraint: false,
      },
    };
  if (BUSY_STATES.has(state))
    return {
      lost,
      failure: {
        error: `database ${target} is busy: another connection held its write lock for too long (${message}); nothing was written, retry the call`,
        constraint: false,
        busy: true,
      },
    };
  // Integrity constraints (23...) and values the server's types reject (22...): the input is wrong.
  return { lost, failure: { error: message, constraint: state.startsWith('23') || state.startsWith('22') } };
}

/** What the main thread still holds of a statement: a cursor to fetch from, or the rest of a result. */
type OpenStatement = { cursor: string; result?: RawResult } | { result: RawResult; at: number };

/** Statements that start a transaction, and those that end one (ROLLBACK TO SAVEPOINT does not). */
const BEGINS = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const ENDS = /^\s*(COMMIT|END|ROLLBACK|ABORT)\s*;?\s*$/i;
/** Statements a cursor can read (a WITH that writes cannot be declared as one). */
const READS = /^\s*(SELECT|WITH)\b/i;
const WRITES = /\b(INSERT|UPDATE|DELETE)\b/i;

/** Answers one worker's SQL requests, one at a time, on the session of the current store call. */
export class SqlServer {
  readonly #driver: PgDriver;
  readonly #password: string;
  readonly #header: Int32Array;
  readonly #payload: Uint8Array;
  #session: PgSession | undefined;
  #inTransaction = false;
  #broken = false;
  readonly #statements = new Map<number, OpenStatement>();
  readonly #columnTypes = new Map<string, Map<string, string>>(); // table -> column -> declared type, for COPY
  #pending: Uint8Array | undefined; // the rest of a reply longer than a chunk
  #pendingFailed = false;

  /** Answers into `buffer` (shared with the worker) with sessions of `driver`; `password` is kept out of messages. */
  constructor(driver: PgDriver, buffer: SharedArrayBuffer, password: string) {
    this.#driver = driver;
    this.#password = password;
    this.#header = new Int32Array(buffer, 0, HEADER_INTS);
    this.#payload = new Uint8Array(buffer, HEADER_INTS * 4, CHUNK_BYTES);
  }

  /** Answers `request`, the worker's number `seq`; never throws (a failure is the reply). */
  async handle(request: SqlRequest, seq: number): Promise<void> {
    if (request.op === 'next') {
      this.#reply(seq, this.#pending ?? new Uint8Array(0), this.#pendingFailed);
      return;
    }
    try {
      const out = new ByteWriter();
      await this.#run(request, out);
      this.#reply(seq, out.bytes.subarray(0, out.used), false);
    } catch (error) {
      const { failure, lost } = failureOf(error, this.#driver.target, this.#password);
      if (lost) this.#broken = true;
      if (request.op === 'query' || request.op === 'fetch') this.#statements.delete(request.statement);
      this.#reply(seq, utf8.encode(JSON.stringify(failure)), true);
    }
  }

  /** Fails request number `seq`, which the worker waits on (the session could not be had). */
  fail(seq: number, message: string): void {
    this.#reply(seq, utf8.encode(JSON.stringify({ error: message, constraint: false } satisfies AdapterFailure)), true);
  }

  /** Ends the current call: rolls back a transaction left open, gives the session back. */
  async endCall(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#statements.clear();
    if (session === undefined) return;
    if (this.#inTransaction && !this.#broken) {
      try {
        await session.exec('ROLLBACK');
      } catch {
        this.#broken = true;
      }
    }
    session.release(this.#broken || this.#inTransaction);
    this.#inTransaction = this.#broken = false;
  }

  async #sessionNow(): Promise<PgSession> {
    this.#session ??= await this.#driver.acquire();
    return this.#session;
  }

  async #run(request: Exclude<SqlRequest, { op: 'next' }>, out: ByteWriter): Promise<void> {
    const session = await this.#sessionNow();
    if (request.op === 'exec') {
      try {
        await session.exec(request.sql);
      } finally {
        if (BEGINS.test(request.sql)) this.#inTransaction = true;
        if (ENDS.test(request.sql)) this.#endTransaction();
      }
    } else if (request.op === 'copy') {
      await this.#copy(session, request.sql, request.data);
    } else if (request.op === 'close') {
      const open = this.#statements.get(request.statement);
      this.#statements.delete(request.statement);
      if (open !== undefined && 'cursor' in open && this.#inTransaction) await session.exec(`CLOSE ${open.cursor}`);
    } else if (request.op === 'query') {
      this.#statements.delete(request.statement);
      const params = decodedValues(request.params, encodedValues(new DataView(request.params.buffer, request.params.byteOffset, request.params.byteLength)));
      const names = (result: RawResult): void => {
        const json = utf8.encode(JSON.stringify(result.names));
        out.u32(json.length);
        out.copy(json, 0, json.length);
      };
      if (this.#inTransaction && READS.test(request.sql) && !WRITES.test(request.sql)) {
        const cursor = `learnloop_cursor_${request.statement}`;
        await session.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${request.sql}`, params);
        const first = await session.query(`FETCH ${request.maxRows} FROM ${cursor}`, []);
        names(first);
        await this.#cursorBatch(session, request.statement, cursor, first, request.maxRows, out);
      } else {
        const result = await session.query(request.sql, params);
        names(result);
        this.#resultBatch(request.statement, result, 0, request.maxRows, out);
      }
    } else {
      const open = this.#statements.get(request.statement);
      if (open === undefined) {
        encodeBatch(out, { names: [], types: [], rows: [] }, 0, 0, BATCH.done);
      } else if ('cursor' in open) {
        const next = await session.query(`FETCH ${request.maxRows} FROM ${open.cursor}`, []);
        await this.#cursorBatch(session, request.statement, open.cursor, next, request.maxRows, out);
      } else {
        this.#resultBatch(request.statement, open.result, open.at, request.maxRows, out);
      }
    }
  }

  /** Runs the core's COPY as one INSERT from per-column text arrays (the JS drivers have no COPY). */
  async #copy(session: PgSession, sql: string, data: string): Promise<void> {
    const copy = parseCopy(sql);
    if (copy === undefined) throw Object.assign(new Error(`learnloop cannot run this COPY: ${sql}`), { code: 'XX000' });
    let types = this.#columnTypes.get(copy.table);
    if (types === undefined) {
      const rows = await session.query(COLUMN_TYPES_SQL, [`"${copy.table}"`]);
      types = new Map(rows.rows.map((r) => [String(r[0]), String(r[1])]));
      this.#columnTypes.set(copy.table, types);
    }
    await session.query(unnestInsert(copy.table, copy.columns, types), csvColumns(data, copy.columns.length));
  }

  /** Encodes a fetched batch; a short one ends the cursor. */
  async #cursorBatch(session: PgSession, statement: number, cursor: string, rows: RawResult, maxRows: number, out: ByteWriter): Promise<void> {
    const more = rows.rows.length === maxRows;
    if (more) {
      this.#statements.set(statement, { cursor });
    } else {
      this.#statements.delete(statement);
      await session.exec(`CLOSE ${cursor}`);
    }
    encodeBatch(out, rows, 0, rows.rows.length, more ? BATCH.more : BATCH.done);
  }

  /** Encodes up to `maxRows` rows of a whole result from `at`, keeping the rest for the next fetch. */
  #resultBatch(statement: number, result: RawResult, at: number, maxRows: number, out: ByteWriter): void {
    const to = Math.min(result.rows.length, at + maxRows);
    const more = to < result.rows.length;
    if (more) this.#statements.set(statement, { result, at: to });
    else this.#statements.delete(statement);
    encodeBatch(out, result, at, to, more ? BATCH.more : BATCH.done);
  }

  /** A transaction ended: its cursors are gone. */
  #endTransaction(): void {
    this.#inTransaction = false;
    for (const [id, open] of this.#statements) if ('cursor' in open) this.#statements.delete(id);
  }

  /** Writes `bytes` (or its first chunk) into the shared buffer as the answer to request `seq` and wakes the worker. */
  #reply(seq: number, bytes: Uint8Array, failed: boolean): void {
    const chunk = bytes.subarray(0, CHUNK_BYTES);
    this.#payload.set(chunk);
    this.#pending = bytes.length > CHUNK_BYTES ? bytes.slice(CHUNK_BYTES) : undefined;
    this.#pendingFailed = failed;
    Atomics.store(this.#header, SLOT.length, chunk.length);
    Atomics.store(this.#header, SLOT.more, this.#pending === undefined ? 0 : 1);
    Atomics.store(this.#header, SLOT.failed, failed ? 1 : 0);
    Atomics.store(this.#header, SLOT.answered, seq);
    Atomics.notify(this.#header, SLOT.answered);
  }
}
