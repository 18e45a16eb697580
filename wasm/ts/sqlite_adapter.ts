/**
 * The JS side of the core's Database interface, over @sqlite.org/sqlite-wasm's oo1 API. The core
 * (wasm/src/js_database.cpp) calls these methods synchronously; they never throw: a failure is
 * returned as {error, constraint}. Databases live in sqlite-wasm's memory; `save` (given by the
 * Node or browser entry point) persists the exported bytes on flush() when anything changed.
 */

/** The parts of sqlite-wasm 3.41's module that learnloop uses. */
export interface Sqlite3Module {
  oo1: { DB: new (filename?: string, flags?: string) => OoDb };
  capi: {
    sqlite3_column_type(stmt: number, column: number): number;
    sqlite3_stmt_readonly(stmt: number): number;
    sqlite3_deserialize(db: number, schema: string, data: number, size: number, capacity: number, flags: number): number;
    sqlite3_js_db_export(db: number): Uint8Array;
    SQLITE_DESERIALIZE_FREEONCLOSE: number;
    SQLITE_DESERIALIZE_RESIZEABLE: number;
  };
  wasm: { allocFromTypedArray(bytes: Uint8Array): number };
  version: { libVersion: string };
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
  get(column: number): unknown;
  getColumnNames(): string[];
  finalize(): void;
}

/** A failure as the core reads it. */
export interface AdapterFailure {
  error: string;
  constraint: boolean;
}

const SQLITE_CONSTRAINT = 19;
const SQLITE_NULL = 5;
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|END)\b/i;

/** The SQLite message without sqlite-wasm's "sqlite3 result code N: " prefix, and whether a constraint failed. */
function failure(error: unknown): AdapterFailure {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = /^sqlite3 result code (\d+): /.exec(message);
  // The message carries the extended code (e.g. 275, CHECK); resultCode may hold only SQLITE_ERROR.
  const code = prefix ? Number(prefix[1]) : (error as { resultCode?: number }).resultCode ?? 0;
  return { error: message.slice(prefix?.[0].length ?? 0), constraint: (code & 0xff) === SQLITE_CONSTRAINT };
}

/** One prepared statement for the core. */
class StatementAdapter {
  readonly #owner: SqliteAdapter;
  readonly #stmt: OoStmt;
  readonly #sqlite3: Sqlite3Module;
  readonly #writes: boolean;

  constructor(owner: SqliteAdapter, sqlite3: Sqlite3Module, stmt: OoStmt) {
    this.#owner = owner;
    this.#sqlite3 = sqlite3;
    this.#stmt = stmt;
    this.#writes = sqlite3.capi.sqlite3_stmt_readonly(stmt.pointer) === 0;
  }

  /** Resets the statement and binds `values` to parameters 1..n. */
  bind(values: unknown[]): AdapterFailure | undefined {
    try {
      this.#stmt.reset(true);
      if (values.length > 0) this.#stmt.bind(values);
      return undefined;
    } catch (error) {
      return failure(error);
    }
  }

  /** true: a row is ready; false: done. */
  step(): boolean | AdapterFailure {
    try {
      if (this.#writes) this.#owner.markChanged();
      return this.#stmt.step();
    } catch (error) {
      return failure(error);
    }
  }

  /** The current row as [type0, value0, type1, value1, ...] with SQLite's type codes. */
  row(): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < this.#stmt.columnCount; ++i) {
      const type = this.#sqlite3.capi.sqlite3_column_type(this.#stmt.pointer, i);
      out.push(type, type === SQLITE_NULL ? null : this.#stmt.get(i));
    }
    return out;
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

  /** Wraps `db`; `save` persists exported bytes on flush(); `changed` marks a new database as unsaved. */
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
    const copy = new Uint8Array(bytes);
    // A file written in WAL mode says so in header bytes 18-19; memory databases cannot use WAL.
    if (copy.length >= 20 && copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1;
    const pointer = sqlite3.wasm.allocFromTypedArray(copy);
    const flags = sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_RESIZEABLE;
    const rc = sqlite3.capi.sqlite3_deserialize(db.pointer, 'main', pointer, copy.length, copy.length, flags);
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
      this.#save(this.export());
      this.#changed = false;
      return undefined;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), constraint: false };
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
