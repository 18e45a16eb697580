/**
 * The JS side of the core's Database interface, over @sqlite.org/sqlite-wasm's oo1 API. The core
 * (wasm/src/js_database.cpp) calls these methods synchronously; they never throw: a failure is
 * returned as {error, constraint}. Rows reach the core in batches encoded in one byte buffer (one
 * call per batch, not one per value). Databases live in sqlite-wasm's memory; `save` (given by the
 * Node or browser entry point) persists the database bytes on flush() when anything changed.
 */

/** The parts of sqlite-wasm 3.41's module that learnloop uses. */
export interface Sqlite3Module {
  oo1: { DB: new (filename?: string, flags?: string) => OoDb };
  capi: {
    sqlite3_stmt_readonly(stmt: number): number;
    sqlite3_deserialize(db: number, schema: string, data: number, size: number, capacity: number, flags: number): number;
    sqlite3_js_db_export(db: number): Uint8Array;
    sqlite3_serialize(db: number, schema: string, size: number, flags: number): number;
    SQLITE_WASM_DEALLOC: number;
    SQLITE_DESERIALIZE_FREEONCLOSE: number;
    SQLITE_DESERIALIZE_RESIZEABLE: number;
  };
  wasm: {
    allocFromTypedArray(bytes: Uint8Array): number;
    alloc(bytes: number): number;
    dealloc(pointer: number): void;
    heap8u(): Uint8Array;
    bigIntEnabled: boolean;
    exports: RawExports;
  };
  version: { libVersion: string };
}

/** sqlite-wasm's raw C exports that reading rows uses (no argument conversion on the way). */
interface RawExports {
  sqlite3_bind_parameter_count(stmt: number): number;
  sqlite3_bind_null(stmt: number, index: number): number;
  sqlite3_bind_int(stmt: number, index: number, value: number): number;
  sqlite3_bind_int64(stmt: number, index: number, value: bigint): number;
  sqlite3_bind_double(stmt: number, index: number, value: number): number;
  sqlite3_bind_text(stmt: number, index: number, text: number, bytes: number, destructor: number): number;
  sqlite3_bind_blob(stmt: number, index: number, blob: number, bytes: number, destructor: number): number;
  sqlite3_column_type(stmt: number, column: number): number;
  sqlite3_column_int64(stmt: number, column: number): bigint;
  sqlite3_column_double(stmt: number, column: number): number;
  sqlite3_column_text(stmt: number, column: number): number;
  sqlite3_column_blob(stmt: number, column: number): number;
  sqlite3_column_bytes(stmt: number, column: number): number;
}

/** sqlite-wasm's oo1.DB. */
export interface OoDb {
  pointer: number;
  exec(sql: string): unknown;
  prepare(sql: string): OoStmt;
  close(): void;
}

/** sqlite-wasm's oo1.Stmt. */
interface OoStmt {
  pointer: number;
  columnCount: number;
  bind(values: unknown[]): unknown;
  clearBindings(): unknown;
  reset(alsoClearBinds?: boolean): unknown;
  step(): boolean;
  getColumnNames(): string[];
  finalize(): void;
}

/** A failure as the core reads it. */
export interface AdapterFailure {
  error: string;
  constraint: boolean;
}

const SQLITE_CONSTRAINT = 19;
const SQLITE_INTEGER = 1;
const SQLITE_FLOAT = 2;
const SQLITE_TEXT = 3;
const SQLITE_BLOB = 4;
const SQLITE_SERIALIZE_NOCOPY = 1;
/** How a batch from fetchRows() ends; wasm/src/js_database.cpp reads the same codes. */
const BATCH_MORE = 0;
const BATCH_DONE = 1;
const BATCH_FAILED = 2;
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|END)\b/i;

/** The SQLite message without sqlite-wasm's "sqlite3 result code N: " prefix, and whether a constraint failed. */
function failure(error: unknown): AdapterFailure {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = /^sqlite3 result code (\d+): /.exec(message);
  // The message carries the extended code (e.g. 275, CHECK); resultCode may hold only SQLITE_ERROR.
  const code = prefix ? Number(prefix[1]) : (error as { resultCode?: number }).resultCode ?? 0;
  return { error: message.slice(prefix?.[0].length ?? 0), constraint: (code & 0xff) === SQLITE_CONSTRAINT };
}

/** A growing little-endian byte buffer, reused from batch to batch. */
class ByteWriter {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  used = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + n));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.used++] = v;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.used, v, true);
    this.used += 4;
  }

  i64(v: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.used, v, true);
    this.used += 8;
  }

  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.used, v, true);
    this.used += 8;
  }

  /** `n` bytes of `from` starting at `start`. */
  copy(from: Uint8Array, start: number, n: number): void {
    this.reserve(n);
    this.bytes.set(from.subarray(start, start + n), this.used);
    this.used += n;
  }
}

/** Tags of bindEncoded()'s values; wasm/src/js_database.cpp writes the same codes. */
const BIND_NULL = 0;
const BIND_NUMBER = 1;
const BIND_TEXT = 3;
const BIND_BLOB = 4;

/** One value of bindEncoded()'s buffer: its tag, where its payload starts and its length (text and blob). */
interface EncodedValue {
  tag: number;
  at: number;
  length: number;
}

/** The values of a bindEncoded() buffer. */
function encodedValues(view: DataView): EncodedValue[] {
  const out: EncodedValue[] = [];
  const count = view.getUint32(0, true);
  let at = 4;
  for (let i = 0; i < count; ++i) {
    const tag = view.getUint8(at++);
    if (tag === BIND_NUMBER) {
      out.push({ tag, at, length: 8 });
      at += 8;
    } else if (tag === BIND_TEXT || tag === BIND_BLOB) {
      const length = view.getUint32(at, true);
      out.push({ tag, at: at + 4, length });
      at += 4 + length;
    } else {
      out.push({ tag, at, length: 0 });
    }
  }
  return out;
}

const utf8 = new TextDecoder();

/** One prepared statement for the core. */
class StatementAdapter {
  readonly #owner: SqliteAdapter;
  readonly #stmt: OoStmt;
  readonly #sqlite3: Sqlite3Module;
  readonly #writes: boolean;
  readonly #batch = new ByteWriter();
  #failure: AdapterFailure | undefined;

  constructor(owner: SqliteAdapter, sqlite3: Sqlite3Module, stmt: OoStmt) {
    this.#owner = owner;
    this.#sqlite3 = sqlite3;
    this.#stmt = stmt;
    this.#writes = sqlite3.capi.sqlite3_stmt_readonly(stmt.pointer) === 0;
  }

  /**
   * Steps up to `maxRows` rows (one at a time for a statement that writes) and returns them encoded:
   * u32 rows, u32 columns, u8 end (0: more may follow, 1: done, 2: failed after these rows, see
   * failure()), then per row and column u8 SQLite type and the value: i64 (INTEGER), f64 (FLOAT),
   * u32 length + bytes (TEXT as UTF-8, BLOB), nothing (NULL). Little-endian. The bytes are valid
   * until the next call.
   */
  fetchRows(maxRows: number): Uint8Array {
    const out = this.#batch;
    const wasm = this.#sqlite3.wasm;
    const raw = wasm.exports;
    const stmt = this.#stmt.pointer;
    const columns = this.#stmt.columnCount;
    const limit = this.#writes ? 1 : maxRows;
    out.used = 9;
    let rows = 0;
    let end = BATCH_MORE;
    this.#failure = undefined;
    while (rows < limit) {
      let more: boolean;
      try {
        if (this.#writes) this.#owner.markChanged();
        more = this.#stmt.step();
      } catch (error) {
        this.#failure = failure(error);
        end = BATCH_FAILED;
        break;
      }
      if (!more) {
        end = BATCH_DONE;
        break;
      }
      for (let i = 0; i < columns; ++i) {
        const type = raw.sqlite3_column_type(stmt, i);
        out.u8(type);
        if (type === SQLITE_INTEGER) {
          out.i64(wasm.bigIntEnabled ? BigInt(raw.sqlite3_column_int64(stmt, i)) : BigInt(Math.trunc(raw.sqlite3_column_double(stmt, i))));
        } else if (type === SQLITE_FLOAT) {
          out.f64(raw.sqlite3_column_double(stmt, i));
        } else if (type === SQLITE_TEXT || type === SQLITE_BLOB) {
          // Text before its length, as SQLite asks; the heap view is taken after both (they may allocate).
          const pointer = type === SQLITE_TEXT ? raw.sqlite3_column_text(stmt, i) : raw.sqlite3_column_blob(stmt, i);
          const length = raw.sqlite3_column_bytes(stmt, i);
          out.u32(length);
          if (length > 0) out.copy(wasm.heap8u(), pointer, length);
        }
      }
      ++rows;
    }
    out.view.setUint32(0, rows, true);
    out.view.setUint32(4, columns, true);
    out.bytes[8] = end;
    return out.bytes.subarray(0, out.used);
  }

  /** Why the last fetchRows() failed. */
  failure(): AdapterFailure | undefined {
    return this.#failure;
  }

  /** Resets the statement and binds `values` to parameters 1..n through oo1 (bindEncoded()'s fallback, for oo1's messages). */
  #bindThroughOo1(values: unknown[]): AdapterFailure | undefined {
    try {
      this.#stmt.reset(true);
      if (values.length > 0) this.#stmt.bind(values);
      return undefined;
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * Resets the statement and binds the values of `encoded` (from the core: u32 count, then per value
   * u8 tag and payload: f64 number, u32 length + UTF-8 text or blob bytes, nothing for null;
   * little-endian) with SQLite's C API directly, numbers as oo1's bind() types them (whole numbers as
   * integers). A failure is redone through oo1's bind() so the message is oo1's.
   */
  bindEncoded(encoded: Uint8Array): AdapterFailure | undefined {
    const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const values = encodedValues(view);
    try {
      this.#stmt.reset(true);
      if (values.length === 0) return undefined;
      const wasm = this.#sqlite3.wasm;
      const raw = wasm.exports;
      const stmt = this.#stmt.pointer;
      if (values.length > raw.sqlite3_bind_parameter_count(stmt)) return this.#bindThroughOo1(this.#decoded(encoded, values));
      for (let i = 0; i < values.length; ++i) {
        const { tag, at, length } = values[i];
        let rc: number;
        if (tag === BIND_NUMBER) {
          const v = view.getFloat64(at, true);
          if (v === (v | 0)) rc = raw.sqlite3_bind_int(stmt, i + 1, v);
          else if (wasm.bigIntEnabled && Number.isInteger(v)) rc = raw.sqlite3_bind_int64(stmt, i + 1, BigInt(v));
          else rc = raw.sqlite3_bind_double(stmt, i + 1, v);
        } else if (tag === BIND_TEXT || tag === BIND_BLOB) {
          // Freed by SQLite (SQLITE_WASM_DEALLOC), as oo1 does; one byte at least so an empty value is not NULL.
          const pointer = wasm.alloc(Math.max(length, 1));
          wasm.heap8u().set(encoded.subarray(at, at + length), pointer);
          const bindBytes = tag === BIND_TEXT ? raw.sqlite3_bind_text : raw.sqlite3_bind_blob;
          rc = bindBytes(stmt, i + 1, pointer, length, this.#sqlite3.capi.SQLITE_WASM_DEALLOC);
        } else {
          rc = raw.sqlite3_bind_null(stmt, i + 1);
        }
        if (rc !== 0) return this.#bindThroughOo1(this.#decoded(encoded, values));
      }
      return undefined;
    } catch (error) {
      return failure(error);
    }
  }

  /** The values of a bindEncoded() buffer as oo1's bind() takes them. */
  #decoded(encoded: Uint8Array, values: EncodedValue[]): unknown[] {
    const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    return values.map(({ tag, at, length }) =>
      tag === BIND_NUMBER ? view.getFloat64(at, true)
      : tag === BIND_TEXT ? utf8.decode(encoded.subarray(at, at + length))
      : tag === BIND_BLOB ? encoded.slice(at, at + length)
      : null);
  }

  /** Result column names. */
  columnNames(): string[] {
    return this.#stmt.getColumnNames();
  }

  /** Frees the statement. */
  finalize(): void {
    this.#stmt.finalize();
  }
}

/** One open database for the core. */
export class SqliteAdapter {
  readonly #sqlite3: Sqlite3Module;
  readonly #db: OoDb;
  readonly #save: ((bytes: Uint8Array) => void) | undefined;
  #changed: boolean;

  /**
   * Wraps `db`; `save` persists the database bytes on flush() (they may be a view of sqlite-wasm's
   * memory, valid only during the call: write them synchronously); `changed` marks a new database as unsaved.
   */
  constructor(sqlite3: Sqlite3Module, db: OoDb, save?: (bytes: Uint8Array) => void, changed = false) {
    this.#sqlite3 = sqlite3;
    this.#db = db;
    this.#save = save;
    this.#changed = changed;
  }

  /** Opens an in-memory database holding a copy of `bytes` (a SQLite file), or an empty one. */
  static fromBytes(sqlite3: Sqlite3Module, bytes: Uint8Array | undefined, save?: (bytes: Uint8Array) => void): SqliteAdapter | AdapterFailure {
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    if (bytes === undefined || bytes.length === 0) return new SqliteAdapter(sqlite3, db, save, true);
    // Copied once, straight into sqlite-wasm's memory (the caller's bytes are left as they are); a plain
    // Uint8Array view, as allocFromTypedArray() rejects subclasses such as Node's Buffer.
    const pointer = sqlite3.wasm.allocFromTypedArray(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    // A file written in WAL mode says so in header bytes 18-19; memory databases cannot use WAL.
    const heap = sqlite3.wasm.heap8u();
    if (bytes.length >= 20 && heap[pointer + 18] === 2 && heap[pointer + 19] === 2) heap[pointer + 18] = heap[pointer + 19] = 1;
    const flags = sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_RESIZEABLE;
    const rc = sqlite3.capi.sqlite3_deserialize(db.pointer, 'main', pointer, bytes.length, bytes.length, flags);
    try {
      if (rc !== 0) throw new Error(`sqlite3_deserialize failed with code ${rc}`);
      db.exec('SELECT count(*) FROM sqlite_schema');
    } catch (error) {
      db.close();
      return failure(error);
    }
    return new SqliteAdapter(sqlite3, db, save);
  }

  /** Notes that a statement wrote, so flush() saves. */
  markChanged(): void {
    this.#changed = true;
  }

  /** Runs statements that return no rows. */
  exec(sql: string): AdapterFailure | undefined {
    try {
      this.#db.exec(sql);
      if (!TRANSACTION_CONTROL.test(sql)) this.#changed = true;
      return undefined;
    } catch (error) {
      return failure(error);
    }
  }

  /** Prepares one statement. */
  prepare(sql: string): StatementAdapter | AdapterFailure {
    try {
      return new StatementAdapter(this, this.#sqlite3, this.#db.prepare(sql));
    } catch (error) {
      return failure(error);
    }
  }

  /** Saves through `save` when something changed since the last save. */
  flush(): AdapterFailure | undefined {
    if (!this.#changed || this.#save === undefined) return undefined;
    try {
      this.#saveImage(this.#save);
      this.#changed = false;
      return undefined;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), constraint: false };
    }
  }

  /**
   * Hands `save` the database image: a view of sqlite-wasm's memory when the database is one block
   * there (a deserialized file), so a large database is not copied twice; else an exported copy.
   */
  #saveImage(save: (bytes: Uint8Array) => void): void {
    const wasm = this.#sqlite3.wasm;
    const size = wasm.alloc(8);
    try {
      const image = this.#sqlite3.capi.sqlite3_serialize(this.#db.pointer, 'main', size, SQLITE_SERIALIZE_NOCOPY);
      if (image === 0) {
        save(this.export());
        return;
      }
      const heap = wasm.heap8u();
      const length = Number(new DataView(heap.buffer, heap.byteOffset).getBigInt64(size, true));
      save(heap.subarray(image, image + length));
    } finally {
      wasm.dealloc(size);
    }
  }

  /** The database as SQLite file bytes. */
  export(): Uint8Array {
    return this.#sqlite3.capi.sqlite3_js_db_export(this.#db.pointer);
  }

  /** Closes the database; unsaved changes are dropped. */
  close(): void {
    this.#db.close();
  }
}
