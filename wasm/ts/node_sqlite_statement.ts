/**
 * One prepared statement for the core over node:sqlite's StatementSync, speaking the same byte protocol
 * as the sqlite-wasm statement (byte_protocol.ts): parameters arrive in one encoded buffer, rows leave in
 * encoded batches. Integers are read as BigInt (exact over int64) and rows as arrays (duplicate column
 * names stay apart). A statement that returns no rows runs with run(); the others through an iterator that
 * is closed (the statement reset, its read snapshot released) on rebind, finalize() and at the end. Never throws.
 */
import { BATCH, BIND, ByteWriter, SQLITE_TYPE } from './byte_protocol.js';
import { nodeSqliteFailure } from './node_sqlite_failure.js';
import type { NodeSqliteValue, NodeStatementSync } from './node_sqlite_types.js';
import type { AdapterFailure, StatementDriver } from './sqlite_types.js';

const utf8 = new TextDecoder();
/** A whole number a double holds exactly that also fits int64: bound as an integer, as sqlite-wasm's bind() does. */
const INT64_LIMIT = 2 ** 63;

/**
 * The values of a bound-parameter buffer as node:sqlite binds them: integers (and whole doubles) as BigInt. One
 * pass over the buffer (layout of encodedValues()), no record per value: a multi-row INSERT binds hundreds.
 */
function nodeValues(encoded: Uint8Array): NodeSqliteValue[] {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const count = view.getUint32(0, true);
  const out = new Array<NodeSqliteValue>(count);
  let at = 4;
  for (let i = 0; i < count; ++i) {
    const tag = view.getUint8(at++);
    if (tag === BIND.integer) {
      out[i] = view.getBigInt64(at, true);
      at += 8;
    } else if (tag === BIND.number) {
      const v = view.getFloat64(at, true);
      out[i] = Number.isInteger(v) && Math.abs(v) < INT64_LIMIT ? BigInt(v) : v;
      at += 8;
    } else if (tag === BIND.text || tag === BIND.blob) {
      const length = view.getUint32(at, true);
      at += 4;
      out[i] = tag === BIND.text ? utf8.decode(encoded.subarray(at, at + length)) : encoded.slice(at, at + length);
      at += length;
    } else {
      out[i] = null;
    }
  }
  return out;
}

/** One prepared statement for the core, over node:sqlite. */
export class NodeStatementAdapter implements StatementDriver {
  readonly #stmt: NodeStatementSync;
  readonly #path: string;
  readonly #columns: number;
  readonly #batch = new ByteWriter();
  #params: NodeSqliteValue[] = [];
  #rows: Iterator<NodeSqliteValue[]> | undefined;
  #failure: AdapterFailure | undefined;

  /** Wraps `stmt` of the database at `path` (named in messages). */
  constructor(stmt: NodeStatementSync, path: string) {
    stmt.setReadBigInts(true);
    stmt.setReturnArrays(true);
    this.#stmt = stmt;
    this.#path = path;
    this.#columns = stmt.columns().length;
  }

  /** Resets the statement (closing a running iterator) and keeps the parameters for the next fetchRows(). */
  bindEncoded(encoded: Uint8Array): AdapterFailure | undefined {
    this.#close();
    this.#params = nodeValues(encoded);
    return undefined;
  }

  /** Steps up to `maxRows` rows and returns them in the batch layout of byte_protocol.ts. */
  fetchRows(maxRows: number): Uint8Array {
    const out = this.#batch;
    out.used = 9;
    let rows = 0;
    let end: number = BATCH.more;
    this.#failure = undefined;
    try {
      if (this.#columns === 0) {
        this.#stmt.run(...this.#params);
        end = BATCH.done;
      } else {
        this.#rows ??= this.#stmt.iterate(...this.#params);
        while (rows < maxRows) {
          const next = this.#rows.next();
          if (next.done === true) {
            this.#rows = undefined;
            end = BATCH.done;
            break;
          }
          this.#encodeRow(next.value);
          ++rows;
        }
      }
    } catch (error) {
      this.#close();
      this.#failure = nodeSqliteFailure(error, this.#path);
      end = BATCH.failed;
    }
    out.view.setUint32(0, rows, true);
    out.view.setUint32(4, this.#columns, true);
    out.bytes[8] = end;
    return out.bytes.subarray(0, out.used);
  }

  /** Appends one row: per column its SQLite type and value. */
  #encodeRow(row: NodeSqliteValue[]): void {
    const out = this.#batch;
    for (const value of row) {
      if (typeof value === 'bigint') {
        out.u8(SQLITE_TYPE.integer);
        out.i64(value);
      } else if (typeof value === 'number') {
        out.u8(SQLITE_TYPE.float);
        out.f64(value);
      } else if (typeof value === 'string') {
        out.u8(SQLITE_TYPE.text);
        out.text(value);
      } else if (value instanceof Uint8Array) {
        out.u8(SQLITE_TYPE.blob);
        out.u32(value.length);
        out.copy(value, 0, value.length);
      } else {
        out.u8(SQLITE_TYPE.null);
      }
    }
  }

  /** Why the last fetchRows() failed. */
  failure(): AdapterFailure | undefined {
    return this.#failure;
  }

  /** Result column names. */
  columnNames(): string[] {
    return this.#stmt.columns().map((c) => c.name);
  }

  /** Resets the statement now (a half-read statement would keep its read snapshot open) and frees it where Node can. */
  finalize(): void {
    this.#close();
    this.#stmt.close?.();
  }

  /** Ends a running iterator, which resets the statement. */
  #close(): void {
    const rows = this.#rows;
    this.#rows = undefined;
    try {
      rows?.return?.();
    } catch {
      // Resetting reports the statement's last error again; it was reported when it happened.
    }
  }
}
