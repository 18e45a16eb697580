/**
 * One prepared statement for the core, over sqlite-wasm's oo1.Stmt: parameters arrive in one encoded
 * buffer and are bound through SQLite's C API; rows leave in encoded batches (byte_protocol.ts). Never
 * throws: a failure is returned (or kept for failure()) as {error, constraint}.
 */
import { BATCH, BIND, ByteWriter, decodedValues, encodedValues, integerValue, SQLITE_TYPE } from './byte_protocol.js';
import { failure } from './sqlite_failure.js';
import type { AdapterFailure, OoStmt, Sqlite3Module, StatementDriver } from './sqlite_types.js';

/** SQLite's destructor code for "copy the bytes now" ((sqlite3_destructor_type)-1; sqlite-wasm exports no name for it). */
const SQLITE_TRANSIENT = -1;

/** One prepared statement for the core. */
export class StatementAdapter implements StatementDriver {
  readonly #onWrite: () => void;
  readonly #stmt: OoStmt;
  readonly #sqlite3: Sqlite3Module;
  readonly #writes: boolean;
  readonly #batch = new ByteWriter();
  #failure: AdapterFailure | undefined;

  /** Wraps `stmt`; `onWrite` runs before each step of a statement that writes (the database marks itself changed). */
  constructor(sqlite3: Sqlite3Module, stmt: OoStmt, onWrite: () => void) {
    this.#onWrite = onWrite;
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
    let end: number = BATCH.more;
    this.#failure = undefined;
    while (rows < limit) {
      let more: boolean;
      try {
        if (this.#writes) this.#onWrite();
        more = this.#stmt.step();
      } catch (error) {
        this.#failure = failure(error);
        end = BATCH.failed;
        break;
      }
      if (!more) {
        end = BATCH.done;
        break;
      }
      for (let i = 0; i < columns; ++i) {
        const type = raw.sqlite3_column_type(stmt, i);
        out.u8(type);
        if (type === SQLITE_TYPE.integer) {
          out.i64(wasm.bigIntEnabled ? BigInt(raw.sqlite3_column_int64(stmt, i)) : BigInt(Math.trunc(raw.sqlite3_column_double(stmt, i))));
        } else if (type === SQLITE_TYPE.float) {
          out.f64(raw.sqlite3_column_double(stmt, i));
        } else if (type === SQLITE_TYPE.text || type === SQLITE_TYPE.blob) {
          // Text before its length, as SQLite asks; the heap view is taken after both (they may allocate).
          const pointer = type === SQLITE_TYPE.text ? raw.sqlite3_column_text(stmt, i) : raw.sqlite3_column_blob(stmt, i);
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
   * u8 tag and payload: f64 number, i64 integer, u32 length + UTF-8 text or blob bytes, nothing for null;
   * little-endian) with SQLite's C API directly: integers exactly as int64, doubles as oo1's bind() types
   * them (whole numbers as integers), text and blobs copied by SQLite. A failure is redone through oo1's bind() so the message is oo1's.
   */
  bindEncoded(encoded: Uint8Array): AdapterFailure | undefined {
    const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const values = encodedValues(view);
    // Text and blobs are bound from one copy of the whole buffer in the wasm heap, which SQLite copies from
    // (SQLITE_TRANSIENT) before it is freed: one allocation per bind, not one per value (a multi-row INSERT binds
    // hundreds).
    let scratch = 0;
    try {
      this.#stmt.reset(true);
      if (values.length === 0) return undefined;
      const wasm = this.#sqlite3.wasm;
      const raw = wasm.exports;
      const stmt = this.#stmt.pointer;
      if (values.length > raw.sqlite3_bind_parameter_count(stmt)) return this.#bindThroughOo1(decodedValues(encoded, values));
      for (const [i, { tag, at, length }] of values.entries()) {
        let rc: number;
        if (tag === BIND.number) {
          const v = view.getFloat64(at, true);
          if (v === (v | 0)) rc = raw.sqlite3_bind_int(stmt, i + 1, v);
          else if (wasm.bigIntEnabled && Number.isInteger(v)) rc = raw.sqlite3_bind_int64(stmt, i + 1, BigInt(v));
          else rc = raw.sqlite3_bind_double(stmt, i + 1, v);
        } else if (tag === BIND.integer) {
          const v = integerValue(view, at);
          if (typeof v === 'number' && v === (v | 0)) rc = raw.sqlite3_bind_int(stmt, i + 1, v);
          else if (wasm.bigIntEnabled) rc = raw.sqlite3_bind_int64(stmt, i + 1, BigInt(v));
          else if (typeof v === 'number') rc = raw.sqlite3_bind_double(stmt, i + 1, v);
          else return { error: `the integer ${v} needs sqlite-wasm with BigInt support to be stored exactly`, constraint: false };
        } else if (tag === BIND.text || tag === BIND.blob) {
          // A pointer that is never 0 (the buffer starts with the count), so an empty value is not NULL.
          if (scratch === 0) {
            scratch = wasm.alloc(encoded.length);
            wasm.heap8u().set(encoded, scratch);
          }
          const bindBytes = tag === BIND.text ? raw.sqlite3_bind_text : raw.sqlite3_bind_blob;
          rc = bindBytes(stmt, i + 1, scratch + at, length, SQLITE_TRANSIENT);
        } else {
          rc = raw.sqlite3_bind_null(stmt, i + 1);
        }
        if (rc !== 0) return this.#bindThroughOo1(decodedValues(encoded, values));
      }
      return undefined;
    } catch (error) {
      return failure(error);
    } finally {
      if (scratch !== 0) this.#sqlite3.wasm.dealloc(scratch);
    }
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
