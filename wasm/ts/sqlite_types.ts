/**
 * Types only: the parts of @sqlite.org/sqlite-wasm 3.41 (its oo1 layer and raw C exports) that the
 * SQLite adapter uses, and the failure record the adapter hands the core instead of throwing.
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

/** A failure as the core reads it. */
export interface AdapterFailure {
  error: string;
  constraint: boolean;
}
