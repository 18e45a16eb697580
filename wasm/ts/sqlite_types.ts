/**
 * Types only: the parts of @sqlite.org/sqlite-wasm 3.41 (its oo1 layer and raw C exports) that the
 * SQLite adapter uses, the failure record an adapter hands the core instead of throwing, and the one
 * adapter interface both drivers (sqlite-wasm in memory, node:sqlite over a file) implement.
 */

/** The parts of sqlite-wasm 3.41's module that learnloop uses. */
export interface Sqlite3Module {
  oo1: {
    DB: new (filename?: string, flags?: string) => OoDb;
    /** A database in OPFS (sqlite-wasm's `opfs` VFS); present only where sqlite-wasm could install that VFS. */
    OpfsDb?: new (filename: string, flags?: string) => OoDb;
  };
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

/** sqlite-wasm's raw C exports that reading rows uses (no argument conversion on the way; plain functions, no `this`). */
export interface RawExports {
  sqlite3_bind_parameter_count(this: void, stmt: number): number;
  sqlite3_bind_null(this: void, stmt: number, index: number): number;
  sqlite3_bind_int(this: void, stmt: number, index: number, value: number): number;
  sqlite3_bind_int64(this: void, stmt: number, index: number, value: bigint): number;
  sqlite3_bind_double(this: void, stmt: number, index: number, value: number): number;
  sqlite3_bind_text(this: void, stmt: number, index: number, text: number, bytes: number, destructor: number): number;
  sqlite3_bind_blob(this: void, stmt: number, index: number, blob: number, bytes: number, destructor: number): number;
  sqlite3_column_type(this: void, stmt: number, column: number): number;
  sqlite3_column_int64(this: void, stmt: number, column: number): bigint;
  sqlite3_column_double(this: void, stmt: number, column: number): number;
  sqlite3_column_text(this: void, stmt: number, column: number): number;
  sqlite3_column_blob(this: void, stmt: number, column: number): number;
  sqlite3_column_bytes(this: void, stmt: number, column: number): number;
}

/** sqlite-wasm's oo1.DB. */
export interface OoDb {
  pointer: number;
  exec(sql: string): unknown;
  prepare(sql: string): OoStmt;
  close(): void;
}

/** sqlite-wasm's oo1.Stmt. */
export interface OoStmt {
  pointer: number;
  columnCount: number;
  bind(values: unknown[]): unknown;
  clearBindings(): unknown;
  reset(alsoClearBinds?: boolean): unknown;
  step(): boolean;
  getColumnNames(): string[];
  finalize(): void;
}

/** A failure as the core reads it (wasm/src/js_database.cpp from_js()). */
export interface AdapterFailure {
  error: string;
  /** A CHECK, UNIQUE or NOT NULL constraint rejected the row (code `invalid_argument`). */
  constraint: boolean;
  /** Another process held the lock past the busy timeout, or changed the file under an in-memory copy (code `busy`). */
  busy?: boolean;
  /** A write to a database this process cannot write (code `invalid_argument`). */
  readOnly?: boolean;
}

/**
 * Where a store's database lives: `node:sqlite`, the file itself (Node 22.16+, shared with other processes, every
 * write durable when its call returns); `memory`, a copy in sqlite-wasm's memory (Node 20 and browsers, written
 * back by save()); in browsers that keep it (openDatabase's `keep` option): `opfs`, a file in the origin private
 * file system through sqlite-wasm's `opfs` VFS (every write in the file when its call returns), or `indexeddb`, a
 * copy in memory whose bytes save() puts in IndexedDB.
 */
export type StoreBackend = 'node:sqlite' | 'memory' | 'opfs' | 'indexeddb';

/** One prepared statement as the core drives it (byte protocol in and out; byte_protocol.ts). */
export interface StatementDriver {
  /** Resets the statement and binds the encoded parameters. */
  bindEncoded(encoded: Uint8Array): AdapterFailure | undefined;
  /** Steps up to `maxRows` rows and returns them as one encoded batch. */
  fetchRows(maxRows: number): Uint8Array;
  /** Why the last fetchRows() failed. */
  failure(): AdapterFailure | undefined;
  /** Result column names. */
  columnNames(): string[];
  /** Frees the statement. */
  finalize(): void;
}

/** One open database as the core drives it: the adapter interface of both drivers. */
export interface DatabaseAdapter {
  /** Which driver this is. */
  readonly backend: StoreBackend | 'postgres';
  /** Runs statements that return no rows. */
  exec(sql: string): AdapterFailure | undefined;
  /** Prepares one statement. */
  prepare(sql: string): StatementDriver | AdapterFailure;
  /** Makes committed work durable (the in-memory driver writes its file; node:sqlite has nothing to do). */
  flush(): AdapterFailure | undefined;
  /** Why this connection cannot write, or undefined when it can (asked before every write transaction). */
  checkWritable?(): AdapterFailure | undefined;
  /** The database as SQLite file bytes. */
  export(): Uint8Array;
  /** Closes the database. */
  close(): void;
}

/** The backends a Node process can open a file with (openDatabase's `backend` option in Node). */
export type NodeStoreBackend = Extract<StoreBackend, 'node:sqlite' | 'memory'>;
