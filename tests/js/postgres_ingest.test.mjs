// ingest() through openPostgres(): the core's COPY batches arrive as one INSERT from per-column text arrays (the JS
// drivers have no COPY). Awkward text (quotes, commas, newlines, backslashes, braces, non-ASCII, empty strings and
// NULLs) reads back exactly as from SQLite, and bad rows are reported by line as on SQLite (skipBad keeps the rest);
// a batch of wide rows longer than the reply buffer comes back in chunks.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';

import { LearnloopError, openDatabase, openPostgres } from '../../dist/node.js';
import { freshDatabase, needsServer, newPglite } from './postgres_support.mjs';

const awkward = ['plain', 'a "quoted", comma', 'two\nlines', 'back\\slash {brace}', 'héllo ✓', '', 'NULL'];
const metadata = [
  'decision_id,platform,hook_type,topic,posted_at,quality_score',
  ...awkward.map((text, i) => `c${i},twitter,story,"${text.replace(/"/g, '""')}",2026-03-0${i + 1}T09:00:00Z,${i === 3 ? '' : 0.1 * i}`),
].join('\n');
const bad = 'decision_id,impressions,collected_at\nok1,5,2026-03-01T00:00:00Z\nbad,many,2026-03-01T00:00:00Z\nok2,7,2026-03-02T00:00:00Z\n';

/** What `store` answers for the ingests and reads of this suite. */
async function answers(store) {
  const out = [await store.ingest(metadata, { table: 'content_metadata' }), await store.readMetrics('content_metadata')];
  await assert.rejects(async () => store.ingest(bad, { table: 'outcomes' }), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /line 3/.test(e.message));
  out.push(await store.ingest(bad, { table: 'outcomes', skipBad: true }), await store.readMetrics('outcomes'));
  return JSON.stringify(out);
}

let onSqlite;
async function sqliteAnswers() {
  if (onSqlite !== undefined) return onSqlite;
  const store = await openDatabase(join(mkdtempSync(join(tmpdir(), 'learnloop-pg-ingest-')), 'ingest.db'));
  try {
    onSqlite = await answers(store);
  } finally {
    store.dispose();
  }
  return onSqlite;
}

test('ingest through openPostgres on PGlite reads back as on SQLite, bad rows by line', async () => {
  const pglite = await newPglite();
  const store = await openPostgres(pglite);
  try {
    assert.equal(await answers(store), await sqliteAnswers());
  } finally {
    await store.close();
    await pglite.close();
  }
});

test('ingest through openPostgres on the server reads back as on SQLite, bad rows by line', needsServer, async () => {
  const store = await openPostgres(await freshDatabase('ll_node_ingest'));
  try {
    assert.equal(await answers(store), await sqliteAnswers());
  } finally {
    await store.close();
  }
});

test('a batch of rows longer than the 1 MiB reply buffer comes back whole (in chunks)', async () => {
  const pglite = await newPglite();
  const store = await openPostgres(pglite);
  try {
    const rows = Array.from({ length: 600 }, (_, i) => ({ decision_id: `big${String(i).padStart(3, '0')}`, topic: `${i}:`.padEnd(4000, 'é'), posted_at: '2026-03-01T09:00:00Z' }));
    await store.writeMetrics('content_metadata', rows);
    const back = await store.readMetrics('content_metadata');
    assert.equal(back.length, 600);
    assert.deepEqual(back.map((r) => [r.decision_id, r.topic]).sort(), rows.map((r) => [r.decision_id, r.topic]).sort());
  } finally {
    await store.close();
    await pglite.close();
  }
});
