/**
 * Main thread of openPostgres(): the two PostgreSQL drivers behind one small interface (node-postgres in Node only;
 * PGlite in Node and in browsers, where nothing here imports a package). A session is one
 * connection for the duration of one store call (a node-postgres pool client, or the PGlite instance held exclusively),
 * so the core's BEGIN..COMMIT run on one connection. Rows come back as the server's text, unparsed, with each column's
 * type OID; postgres_server.ts converts them as the libpq backend does. `pg` and `@electric-sql/pglite` are optional peer
 * dependencies: they are imported only when used, and a missing one is a clear error.
 */
import type { PoolClient, QueryArrayConfig, QueryArrayResult } from 'pg';

import { LearnloopError } from './errors.js';

/** A result as the server sent it: column names, type OIDs, and each value's text (null for SQL NULL). */
export interface RawResult {
  names: string[];
  types: number[];
  rows: unknown[][];
}

/** One connection, held for one store call. */
export interface PgSession {
  /** Runs one statement with parameters (extended protocol). */
  query(sql: string, params: unknown[]): Promise<RawResult>;
  /** Runs statements without parameters (simple protocol: several may be separated by ';'). */
  exec(sql: string): Promise<void>;
  /** Gives the connection back; `broken` closes it instead (its state is unknown). */
  release(broken: boolean): void;
}

/** A source of sessions. */
export interface PgDriver {
  /** Where the data lives, fit for messages (a URI without its password). */
  readonly target: string;
  /** Waits for a connection. */
  acquire(): Promise<PgSession>;
  /** Closes what openPostgres() opened (a pool it made); a pool or PGlite given by the caller stays open. */
  end(): Promise<void>;
}

/**
 * The node-postgres `Pool` methods learnloop uses (structural, so that these types do not need `pg`'s types
 * installed: a `pg.Pool` is one).
 */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>;
  end(): Promise<void>;
  readonly totalCount: number;
}

/** A node-postgres pool client, as learnloop sees it (a `pg.PoolClient` is one). */
export interface PgPoolClientLike {
  release(error?: Error | boolean): void;
}

/** The PGlite methods learnloop uses (the instance itself is the caller's). */
export interface PgliteLike {
  query(sql: string, params?: unknown[], options?: { rowMode?: 'array'; parsers?: Record<number, (value: string) => unknown> }): Promise<{
    rows: unknown[];
    fields: { name: string; dataTypeID: number }[];
  }>;
  exec(sql: string): Promise<unknown>;
  readonly waitReady: Promise<void>;
  /** The instance's value parsers by type OID (PGlite 0.5 has them; learnloop replaces each with the identity). */
  readonly parsers?: Record<number | string, unknown>;
}

/** Whether `target` looks like a node-postgres Pool. */
export function isPoolLike(target: unknown): target is PgPoolLike {
  const t = target as Record<string, unknown> | null;
  return typeof target === 'object' && t !== null && typeof t.connect === 'function' && 'totalCount' in t;
}

/** Whether `target` looks like a PGlite instance. */
export function isPgliteLike(target: unknown): target is PgliteLike {
  const t = target as Record<string, unknown> | null;
  return typeof target === 'object' && t !== null && typeof t.query === 'function' && typeof t.exec === 'function' && 'waitReady' in t;
}

/** `uri` without its password (user:secret@ becomes user@, password=... shows ***). */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z]+:\/\/[^:@/?]*):[^@/?]*@/i, '$1@').replace(/([?&]password=)[^&]*/i, '$1***');
}

/** The password of `uri` ("" when none), to keep it out of the server's messages too. */
export function uriPassword(uri: string): string {
  const inAuthority = /^[a-z]+:\/\/[^:@/?]*:([^@/?]*)@/i.exec(uri)?.[1];
  const inQuery = /[?&]password=([^&]*)/i.exec(uri)?.[1];
  const raw = inAuthority ?? inQuery ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** node-postgres parses nothing: every value stays the server's text. */
const RAW_TYPES = { getTypeParser: () => (value: string) => value };

/** A session over one node-postgres pool client. */
function pgSession(pooled: PgPoolClientLike): PgSession {
  const client = pooled as PoolClient;
  return {
    async query(sql, params) {
      const values = params.map((p) => (typeof p === 'bigint' ? p.toString() : p instanceof Uint8Array ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));
      const config: QueryArrayConfig = { text: sql, values, rowMode: 'array', types: RAW_TYPES };
      const result: QueryArrayResult = await client.query(config);
      return { names: result.fields.map((f) => f.name), types: result.fields.map((f) => f.dataTypeID), rows: result.rows };
    },
    async exec(sql) {
      await client.query(sql);
    },
    release(broken) {
      client.release(broken ? new Error('learnloop: the connection is in an unknown state') : undefined);
    },
  };
}

/** Sessions from a node-postgres pool; `owned` pools (made from a URI) are ended by end(). */
export function poolDriver(pool: PgPoolLike, target: string, owned: boolean): PgDriver {
  return {
    target,
    acquire: async () => pgSession(await pool.connect()),
    end: async () => {
      if (owned) await pool.end();
    },
  };
}

/** Imports an optional peer dependency, or says which package to install. */
async function importPeer<T>(name: string, why: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new LearnloopError('not_found', `${why} needs the optional peer dependency '${name}': npm install ${name}`, { cause: error });
  }
}

/** A pool of the `pg` package over `uri` (lock waits end after 5 s, as the native backend's); ended by end(). */
export async function uriDriver(uri: string): Promise<PgDriver> {
  const pg = await importPeer<{ default: { Pool: new (config: object) => PgPoolLike & { on(event: 'error', listener: () => void): unknown } } }>(
    'pg',
    'openPostgres with a connection URI',
  );
  const pool = new pg.default.Pool({
    connectionString: uri,
    application_name: 'learnloop',
    options: '-c lock_timeout=5000',
    connectionTimeoutMillis: 10_000,
    max: 2,
    allowExitOnIdle: true, // idle connections do not keep the process alive
  });
  // An idle client whose server went away must not crash the process; the next call reports it.
  pool.on('error', () => undefined);
  return poolDriver(pool, redactUri(uri), true);
}

/** The store calls running on each PGlite instance: one connection, so one call at a time. */
const pgliteQueues = new WeakMap<object, Promise<void>>();

/**
 * PGlite's parsers for every type it would parse, as identity: rows keep the server's text. The instance's own table
 * (its defaults and the array types it found) where it has one, so that browsers need no import by package name.
 */
async function rawParsers(db: PgliteLike): Promise<Record<number, (value: string) => unknown>> {
  const parsers =
    typeof db.parsers === 'object' && db.parsers !== null
      ? db.parsers
      : (await importPeer<{ types: { parsers: Record<string, unknown> } }>('@electric-sql/pglite', 'openPostgres on PGlite')).types.parsers;
  const out: Record<number, (value: string) => unknown> = {};
  for (const key of Object.keys(parsers)) out[Number(key)] = (value: string) => value;
  return out;
}

/** Sessions on a PGlite instance (kept open by end(): it is the caller's). */
export async function pgliteDriver(db: PgliteLike): Promise<PgDriver> {
  await db.waitReady;
  const parsers = await rawParsers(db);
  return {
    target: 'PGlite',
    async acquire() {
      const previous = pgliteQueues.get(db) ?? Promise.resolve();
      let done!: () => void;
      const mine = new Promise<void>((resolve) => (done = resolve));
      pgliteQueues.set(db, previous.then(() => mine));
      await previous;
      return {
        async query(sql, params) {
          const r = await db.query(sql, params.map((p) => (typeof p === 'bigint' ? p.toString() : p)), { rowMode: 'array', parsers });
          return { names: r.fields.map((f) => f.name), types: r.fields.map((f) => f.dataTypeID), rows: r.rows as unknown[][] };
        },
        async exec(sql) {
          await db.exec(sql);
        },
        release() {
          done();
        },
      };
    },
    end: () => Promise.resolve(),
  };
}
