/**
 * The core's Database over a SQLite file opened in place through node:sqlite (Node 22.16+ and 24): the
 * file is shared with other processes and the native CLI through SQLite's own locking (WAL, a busy
 * timeout), so every write is in the file when its call returns and flush() has nothing to do. The SQL,
 * including BEGIN IMMEDIATE / COMMIT / ROLLBACK, comes from the core. Never throws.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { nodeSqliteFailure, readOnlyFailure } from './node_sqlite_failure.js';
import { NodeStatementAdapter } from './node_sqlite_statement.js';
import type { NodeDatabaseSync } from './node_sqlite_types.js';
import type { AdapterFailure, DatabaseAdapter } from './sqlite_types.js';

/** One database file open through node:sqlite. */
export class NodeSqliteAdapter implements DatabaseAdapter {
  /** Writes go to the file itself. */
  readonly backend = 'node:sqlite';
  readonly #db: NodeDatabaseSync;
  readonly #path: string;
  readonly #readOnly: boolean;
  #closed = false;

  /** Wraps `db`, open on `path`; `readOnly` when this process cannot write the file. */
  constructor(db: NodeDatabaseSync, path: string, readOnly: boolean) {
    this.#db = db;
    this.#path = path;
    this.#readOnly = readOnly;
  }

  /** Runs statements that return no rows. */
  exec(sql: string): AdapterFailure | undefined {
    try {
      this.#db.exec(sql);
      return undefined;
    } catch (error) {
      return nodeSqliteFailure(error, this.#path);
    }
  }

  /** Prepares one statement. */
  prepare(sql: string): NodeStatementAdapter | AdapterFailure {
    try {
      return new NodeStatementAdapter(this.#db.prepare(sql), this.#path);
    } catch (error) {
      return nodeSqliteFailure(error, this.#path);
    }
  }

  /** Nothing to do: every committed write is already in the file. */
  flush(): AdapterFailure | undefined {
    return undefined;
  }

  /** The native backend's refusal for a read-only file, asked before every write transaction. */
  checkWritable(): AdapterFailure | undefined {
    return this.#readOnly ? readOnlyFailure(this.#path) : undefined;
  }

  /**
   * A consistent copy of the database as SQLite file bytes, taken with VACUUM INTO a private temporary file.
   * @throws {Error} SQLite's error when the copy cannot be made (e.g. the lock held past the busy timeout)
   */
  export(): Uint8Array {
    const dir = mkdtempSync(join(tmpdir(), 'learnloop-export-'));
    try {
      const copy = join(dir, 'copy.db');
      const stmt = this.#db.prepare('VACUUM INTO ?');
      stmt.run(copy);
      stmt.close?.();
      return new Uint8Array(readFileSync(copy));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Closes the connection once (the last connection's close folds the write-ahead log into the file); later calls do nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
