// Shared by the tests/js/postgres_*.test.mjs suites: the PostgreSQL server of scripts/pg_test_server.sh (its URI in
// LEARNLOOP_TEST_PG_URI; a missing one fails the server tests when LEARNLOOP_TEST_PG_REQUIRED=1, else skips them), a
// fresh database per test on it, PGlite in process, and the golden history; the calls whose JSON must match are
// postgres_parity_calls.mjs's (which a browser page imports too).
import { readFileSync } from 'node:fs';

import { loadGolden, repoPath } from './helpers.mjs';
import { makeCalls } from './postgres_parity_calls.mjs';

export { parityAnswers, parityCalls } from './postgres_parity_calls.mjs';

/** The test server's URI, or undefined. */
export const serverUri = process.env.LEARNLOOP_TEST_PG_URI || undefined;

/**
 * node:test options for a test that needs the server: skipped without one, unless the run requires it (then the test
 * runs and fails, saying why).
 */
export const needsServer = serverUri !== undefined || process.env.LEARNLOOP_TEST_PG_REQUIRED === '1'
  ? {}
  : { skip: 'no PostgreSQL test server (LEARNLOOP_TEST_PG_URI unset; scripts/pg_test_server.sh run ... sets it)' };

/** The server's URI, or a failure that says why there is none. */
export function requireServer() {
  if (serverUri === undefined)
    throw new Error('LEARNLOOP_TEST_PG_REQUIRED=1 but LEARNLOOP_TEST_PG_URI is unset: scripts/pg_test_server.sh could not start PostgreSQL (see its message above)');
  return serverUri;
}

let counter = 0;

/** A new empty database on the test server; returns its URI. */
export async function freshDatabase(prefix) {
  const base = requireServer();
  const { default: pg } = await import('pg');
  const name = `${prefix}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const uri = new URL(base);
  uri.pathname = `/${name}`;
  return uri.toString();
}

/** A new in-process PGlite (PostgreSQL in wasm), with pgvector's `vector` extension when `withVector`. */
export async function newPglite(withVector = false) {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!withVector) return PGlite.create();
  const { vector } = await import('@electric-sql/pglite-pgvector');
  return PGlite.create({ extensions: { vector } });
}

const goldenCsv = (table) => readFileSync(repoPath(`tests/golden/store/${table}.csv`), 'utf8');

/**
 * The golden history as store calls, [method, args] (plain data, so a browser page can make them too): the golden
 * CSVs, the fatigue histories of tests/golden/ads, 80 recorded and completed predictions.
 * @returns {Array<[string, unknown[]]>}
 */
export function historyWrites() {
  /** @type {Array<[string, unknown[]]>} */
  const writes = [];
  for (const table of ['content_metadata', 'outcomes', 'retention_metrics']) writes.push(['ingest', [goldenCsv(table), { table }]]);
  const creatives = [];
  for (const c of loadGolden('ads/fatigue.json').cases)
    for (const row of c.history) creatives.push({ ...row, creative_id: `${c.name}/${row.creative_id}` });
  writes.push(['writeMetrics', ['creative_metrics', creatives]]);
  for (let i = 0; i < 80; ++i) {
    const quality = (i % 17) / 17;
    const truth = 0.02 + 0.04 * quality + 0.001 * (i % 5);
    writes.push(['recordPrediction', [{
      prediction_id: `p${i}`,
      hook_type: i % 3 === 0 ? 'question' : 'story',
      template_id: i % 2 ? 't1' : 't2',
      predicted_ctr: truth + 0.03 + 0.0001 * i,
      features: { quality, hook_type: i % 3 === 0 ? 'question' : 'story' },
      predicted_at: `2026-03-1${i % 4}T08:00:00Z`,
    }]]);
    writes.push(['completePrediction', [`p${i}`, { actual_ctr: truth, completed_at: '2026-03-14T20:00:00Z' }]]);
  }
  return writes;
}

/**
 * Writes the golden history (historyWrites()) through `store` (sync openDatabase() store or openPostgres() store:
 * every call is awaited).
 * @param {any} store
 */
export async function writeHistory(store) {
  await makeCalls(store, historyWrites());
}
