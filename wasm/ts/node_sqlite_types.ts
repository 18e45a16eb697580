/**
 * Types only: the parts of Node's `node:sqlite` (DatabaseSync, StatementSync; Node 22.16+ and 24) that the
 * node:sqlite adapter uses. The package compiles against @types/node 20, which has no `node:sqlite`, so
 * they are written here; the module itself is looked up at run time (node_sqlite_open.ts).
 */

/** A value node:sqlite binds or returns (integers as BigInt once setReadBigInts(true)). */
export type NodeSqliteValue = null | number | bigint | string | Uint8Array;

/** node:sqlite's StatementSync. */
export interface NodeStatementSync {
  iterate(...params: NodeSqliteValue[]): Iterator<NodeSqliteValue[]> & { return?(): IteratorResult<NodeSqliteValue[]> };
  run(...params: NodeSqliteValue[]): unknown;
  columns(): { name: string }[];
  setReadBigInts(enabled: boolean): void;
  setReturnArrays(enabled: boolean): void;
  /** Node 24: frees the statement now (else the garbage collector does). */
  close?(): void;
}

/** node:sqlite's DatabaseSync. */
export interface NodeDatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): NodeStatementSync;
  close(): void;
}

/** node:sqlite's module: the DatabaseSync constructor. */
export interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean; open?: boolean }) => NodeDatabaseSync;
  StatementSync: { prototype: object };
}

/** The fields node:sqlite sets on its errors: SQLite's extended result code and its text. */
export interface NodeSqliteError extends Error {
  errcode?: number;
  errstr?: string;
}
