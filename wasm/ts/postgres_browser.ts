/**
 * Browser only: openPostgres() over a PGlite instance the page owns. The core runs in a module Web Worker
 * (postgres_browser_worker.ts) that waits on this thread's answers with Atomics.wait on a SharedArrayBuffer, which a
 * browser allows only on a cross-origin isolated page (COOP/COEP headers); without them, and for a connection URI or a
 * node-postgres Pool (Node only: browsers open no TCP connections), it refuses with a LearnloopError that says why. The
 * store, its calls and the SQL answered here are postgres_connection.ts's, as in Node.
 */
import { init, wasmUrlOf, type InitOptions } from './browser_init.js';
import { LearnloopError } from './errors.js';
import { openOverDriver, type PostgresStore, type SpawnCoreWorker } from './postgres_connection.js';
import { isPgliteLike, isPoolLike, pgliteDriver, type PgliteLike } from './postgres_drivers.js';
import type { StartMessage, WorkerReply } from './postgres_protocol.js';

/** Options of openPostgres() in browsers. */
export type OpenPostgresOptions = InitOptions;

/** The headers a page needs for openPostgres() in browsers, in a message's words. */
const ISOLATION_HEADERS = 'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';

/**
 * Checks that this page can run the worker that waits with Atomics.wait.
 * @throws {LearnloopError} code `invalid_argument` when the page is not cross-origin isolated or has no Web Workers
 */
function requireIsolation(): void {
  const g = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown; Worker?: unknown };
  if (g.crossOriginIsolated !== true || typeof g.SharedArrayBuffer !== 'function')
    throw new LearnloopError(
      'invalid_argument',
      'openPostgres in a browser needs a cross-origin isolated page (SharedArrayBuffer, and Atomics.wait in its worker): ' +
        `serve the page with the headers ${ISOLATION_HEADERS} (npm run web does); this page is not isolated`,
    );
  if (typeof g.Worker !== 'function') throw new LearnloopError('invalid_argument', 'openPostgres in a browser needs Web Workers, which this context lacks');
}

/** The core in a module Web Worker, started with the reply buffer and the wasm's URL. */
function spawnWebWorker(wasmUrl: string): SpawnCoreWorker {
  return (buffer, events) => {
    const worker = new Worker(new URL('./postgres_browser_worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => events.message(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      events.fail(new LearnloopError('internal', `the PostgreSQL store's worker failed: ${event.message || 'its script could not be loaded or threw'}`));
    };
    worker.onmessageerror = () => events.fail(new LearnloopError('internal', "the PostgreSQL store's worker sent a message that could not be read"));
    worker.postMessage({ type: 'start', buffer, wasmUrl } satisfies StartMessage);
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => {
        worker.terminate();
        return Promise.resolve();
      },
      hold: () => undefined,
    };
  };
}

/**
 * Opens the metrics store in a PGlite instance (`@electric-sql/pglite`, PostgreSQL in wasm, owned by the page) and
 * brings it to the current schema; the answers are the same JSON as openDatabase()'s store on the same rows. The core
 * runs in a Web Worker; every method returns a promise and calls run one after another. The page must be cross-origin
 * isolated (served with `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`).
 * close() ends the worker; the PGlite instance stays open. `options.wasmUrl` says where learnloop_wasm.wasm is.
 * @throws {LearnloopError} code `invalid_argument` for a connection URI or a pg Pool (Node only), another target, or a
 *   page that is not cross-origin isolated; `unsupported_version` for a schema from a newer learnloop
 */
export async function openPostgres(target: PgliteLike, options: OpenPostgresOptions = {}): Promise<PostgresStore> {
  if (typeof target === 'string' || isPoolLike(target))
    throw new LearnloopError(
      'invalid_argument',
      `openPostgres in a browser takes a PGlite instance only: ${typeof target === 'string' ? 'a connection URI' : 'a node-postgres Pool'} ` +
        "needs node-postgres, which runs in Node (a browser cannot open a TCP connection to PostgreSQL); open it from a Node service, or pass `await PGlite.create()`",
    );
  if (!isPgliteLike(target)) throw new LearnloopError('invalid_argument', 'openPostgres in a browser expects a PGlite instance');
  requireIsolation();
  const driver = await pgliteDriver(target);
  return openOverDriver(driver, '', () => init(options), spawnWebWorker(wasmUrlOf(options)));
}
