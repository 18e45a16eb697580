/**
 * Node only: openPostgres(), the metrics store on PostgreSQL over node-postgres (a URI or a Pool) or PGlite. It picks
 * the driver and starts the core in a node:worker_threads worker (postgres_worker.ts); the store itself, the calls and
 * the SQL answered from this thread are postgres_connection.ts's, shared with browsers.
 */
import { Worker } from 'node:worker_threads';

import { LearnloopError } from './errors.js';
import { init } from './node_init.js';
import { openOverDriver, type PostgresStore, type SpawnCoreWorker } from './postgres_connection.js';
import { isPgliteLike, isPoolLike, pgliteDriver, poolDriver, uriDriver, uriPassword, type PgDriver, type PgliteLike, type PgPoolLike } from './postgres_drivers.js';
import type { WorkerReply } from './postgres_protocol.js';

export type { PostgresMethodName, PostgresStore } from './postgres_connection.js';

/** A connection URI (postgres:// or postgresql://), a node-postgres Pool, or a PGlite instance. */
export type PostgresTarget = string | PgPoolLike | PgliteLike;

/** Picks the driver for `target`. */
async function driverFor(target: PostgresTarget): Promise<PgDriver> {
  if (typeof target === 'string') {
    if (!/^postgres(ql)?:\/\//i.test(target))
      throw new LearnloopError('invalid_argument', 'openPostgres expects a postgres:// or postgresql:// URI, a pg Pool or a PGlite instance');
    return uriDriver(target);
  }
  if (isPoolLike(target)) return poolDriver(target, 'the given pool', false);
  if (isPgliteLike(target)) return pgliteDriver(target);
  throw new LearnloopError('invalid_argument', 'openPostgres expects a postgres:// or postgresql:// URI, a pg Pool or a PGlite instance');
}

/** The core in a worker thread; it keeps the process alive only while a call is in progress. */
const spawnNodeWorker: SpawnCoreWorker = (buffer, events) => {
  const worker = new Worker(new URL('./postgres_worker.js', import.meta.url), { workerData: { buffer } });
  worker.on('message', (message: WorkerReply) => events.message(message));
  worker.on('error', (error: Error) => events.fail(new LearnloopError('internal', `the PostgreSQL store's worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => events.fail(new LearnloopError('internal', `the PostgreSQL store's worker exited (code ${code})`)));
  return {
    post: (message) => worker.postMessage(message),
    terminate: async () => {
      await worker.terminate();
    },
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
  };
};

/**
 * Opens the metrics store in a PostgreSQL database and brings it to the current schema: `target` is a connection URI
 * (node-postgres makes a pool, ended by close()), a node-postgres `Pool`, or a PGlite instance (`@electric-sql/pglite`,
 * PostgreSQL in wasm). The answers are the same JSON as openDatabase()'s store on the same rows. The core runs in a
 * worker thread; every method returns a promise, and calls run one after another, each in its own connection from
 * the pool. `pg` and `@electric-sql/pglite` are optional peer dependencies.
 * @throws {LearnloopError} code `invalid_argument` for another target, or when the server cannot be reached or refuses
 *   the credentials (the message never shows the password); `not_found` when the driver's package is not installed;
 *   `unsupported_version` for a schema from a newer learnloop
 */
export async function openPostgres(target: PostgresTarget): Promise<PostgresStore> {
  const driver = await driverFor(target);
  return openOverDriver(driver, typeof target === 'string' ? uriPassword(target) : '', init, spawnNodeWorker);
}
