/**
 * The JS side of the core's Database interface, over @sqlite.org/sqlite-wasm's oo1 API. The core
 * (wasm/src/js_database.cpp) calls these methods synchronously; they never throw: a failure is
 * returned as {error, constraint}. Rows reach the core in batches encoded in one byte buffer (one
 * call per batch, not one per value; sqlite_statement.ts, byte_protocol.ts). Databases live in sqlite-wasm's memory
 * (or, in browsers that allow it, in OPFS, where every write is in the file already); `save` (given by the
 * Node or browser entry point) persists the database bytes on flush() when anything changed.
 */
import { failure } from './sqlite_failure.js';
import { StatementAdapter } from './sqlite_statement.js';
import type { AdapterFailure, DatabaseAdapter, OoDb, Sqlite3Module, StoreBackend } from './sqlite_types.js';

/** SQLITE_SERIALIZE_NOCOPY: sqlite3_serialize() returns the database's own memory, or 0 when it is not one block. */
const SQLITE_SERIALIZE_NOCOPY = 1;
/** Statements that only control a transaction (they change nothing to save). */
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|END)\b/i;

/**
 * Persists database bytes (a view valid during the call only); returns why it refused to (e.g. the file changed
 * on disk since it was read), or throws when writing failed.
 */
export type SaveBytes = (bytes: Uint8Array) => AdapterFailure | undefined;

/** One open database for the core, in sqlite-wasm's memory (or in OPFS through its `opfs` VFS). */
export class SqliteAdapter implements DatabaseAdapter {
  /** Where the database is: a copy in memory written back by flush() (`memory`, `indexeddb`), or the file itself (`opfs`). */
  readonly backend: StoreBackend;
  readonly #sqlite3: Sqlite3Module;
  readonly #db: OoDb;
  readonly #save: SaveBytes | undefined;
  #changed: boolean;

  /**
   * Wraps `db`; `save` persists the database bytes on flush() (they may be a view of sqlite-wasm's
   * memory, valid only during the call: write them synchronously); `changed` marks a new database as unsaved;
   * `backend` says where the database is.
   */
  constructor(sqlite3: Sqlite3Module, db: OoDb, save?: SaveBytes, changed = false, backend: StoreBackend = 'memory') {
    this.backend = backend;
    this.#sqlite3 = sqlite3;
    this.#db = db;
    this.#save = save;
    this.#changed = changed;
  }

  /** Opens an in-memory database holding a copy of `bytes` (a SQLite file), or an empty one. */
  static fromBytes(sqlite3: Sqlite3Module, bytes: Uint8Array | undefined, save?: SaveBytes, backend: StoreBackend = 'memory'): SqliteAdapter | AdapterFailure {
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    if (bytes === undefined || bytes.length === 0) return new SqliteAdapter(sqlite3, db, save, true, backend);
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
    return new SqliteAdapter(sqlite3, db, save, false, backend);
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
      return new StatementAdapter(this.#sqlite3, this.#db.prepare(sql), () => this.markChanged());
    } catch (error) {
      return failure(error);
    }
  }

  /** Saves through `save` when something changed since the last save; `save`'s refusal is returned as is. */
  flush(): AdapterFailure | undefined {
    if (!this.#changed || this.#save === undefined) return undefined;
    try {
      const refused = this.#saveImage(this.#save);
      if (refused !== undefined) return refused;
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
  #saveImage(save: SaveBytes): AdapterFailure | undefined {
    const wasm = this.#sqlite3.wasm;
    const size = wasm.alloc(8);
    try {
      const image = this.#sqlite3.capi.sqlite3_serialize(this.#db.pointer, 'main', size, SQLITE_SERIALIZE_NOCOPY);
      if (image === 0) return save(this.export());
      const heap = wasm.heap8u();
      const length = Number(new DataView(heap.buffer, heap.byteOffset).getBigInt64(size, true));
      return save(heap.subarray(image, image + length));
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
