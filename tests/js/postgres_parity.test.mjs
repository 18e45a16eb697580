// Same answers from Node on both backends: the golden history written through openDatabase() (SQLite) and through
// openPostgres() (the test server of scripts/pg_test_server.sh, and an in-process PGlite) gives the same JSON from
// learn, report, history, scores, besttime, virality, fatigue, accuracy, retrain and overview.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';

import { openDatabase, openPostgres } from '../../dist/node.js';
import { freshDatabase, needsServer, newPglite, parityAnswers, writeHistory } from './postgres_support.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-pg-parity-'));

/** The answers on a SQLite file, computed once. */
let sqliteAnswers;
async function onSqlite() {
  if (sqliteAnswers !== undefined) return sqliteAnswers;
  const store = await openDatabase(join(dir, 'golden.db'));
  try {
    await writeHistory(store);
    sqliteAnswers = await parityAnswers(store);
  } finally {
    store.dispose();
  }
  return sqliteAnswers;
}

/** Asserts that `store` answers every parity call as SQLite does. */
async function assertSameAnswers(store) {
  await writeHistory(store);
  const got = await parityAnswers(store);
  const want = await onSqlite();
  assert.ok(want.filter(([, json]) => !json.startsWith('{"error"')).length >= 14, 'too few calls answered on SQLite to compare');
  for (let i = 0; i < want.length; ++i) assert.equal(got[i][1], want[i][1], want[i][0]);
}

test('the golden history gives the same JSON on a PostgreSQL server as on SQLite', needsServer, async () => {
  const store = await openPostgres(await freshDatabase('ll_node_parity'));
  try {
    await assertSameAnswers(store);
  } finally {
    await store.close();
  }
});

test('the golden history gives the same JSON on PGlite as on SQLite', async () => {
  const pglite = await newPglite();
  const store = await openPostgres(pglite);
  try {
    assert.equal(store.backend, 'postgres');
    await assertSameAnswers(store);
  } finally {
    await store.close();
    await pglite.close();
  }
});
