/**
 * Node only: which driver opens a database file, for openDatabase() and the npm bin: node:sqlite in place
 * when this Node has it (node_sqlite_open.ts), else sqlite-wasm in memory (sqlite_node.ts).
 */
import { LearnloopError } from './errors.js';
import { loadNodeSqlite, openNodeSqliteFile } from './node_sqlite_open.js';
import { loadSqliteNode, openSqliteFile } from './sqlite_node.js';
import type { AdapterFailure, DatabaseAdapter, NodeStoreBackend } from './sqlite_types.js';

/** Opens a database file synchronously (the npm bin's core asks for it in the middle of a command). */
export type FileOpener = (path: string, create: boolean) => DatabaseAdapter | AdapterFailure;

/**
 * The opener of database files: node:sqlite in place when this Node has it (and `backend` allows), else sqlite-wasm
 * in memory, loaded first.
 * @throws {LearnloopError} code `invalid_argument` when `backend` is 'node:sqlite' and this Node has none
 */
export async function loadFileOpener(backend?: NodeStoreBackend): Promise<FileOpener> {
  const nodeSqlite = backend === 'memory' ? undefined : loadNodeSqlite();
  if (nodeSqlite !== undefined) return (path, create) => openNodeSqliteFile(nodeSqlite, path, create);
  if (backend === 'node:sqlite')
    throw new LearnloopError('invalid_argument', `backend 'node:sqlite' needs Node 22.16+ or 24 (this is Node ${process.versions.node}); use 'memory'`);
  const sqlite3 = await loadSqliteNode();
  return (path, create) => openSqliteFile(sqlite3, path, create);
}

/**
 * Opens `path` on the backend loadFileOpener() picks. Resolves with the adapter or the reason it could not open.
 * @throws {LearnloopError} code `invalid_argument` when `backend` is 'node:sqlite' and this Node has none
 */
export async function openDatabaseFile(path: string, create: boolean, backend?: NodeStoreBackend): Promise<DatabaseAdapter | AdapterFailure> {
  return (await loadFileOpener(backend))(path, create);
}
