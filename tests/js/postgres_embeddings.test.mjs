// Similarity search through openPostgres() on PGlite, without the vector extension (the fallback path: embeddings as
// bytea) and with it (embeddings as pgvector values), searched with learnloop's own index: the same demo database on
// SQLite and on PGlite gives the same hits, the second load comes from the stored index snapshot, and saveEmbeddings()
// of an index with a deleted item round-trips through PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';

import { LearnloopError, openDatabase, openPostgres } from '../../dist/node.js';
import { newPglite } from './postgres_support.mjs';

const demo = { endDate: '2026-03-14', days: 10, postsPerDay: 4, seed: 5, embeddingDim: 32 };
const query = Float32Array.from({ length: 32 }, (_, d) => Math.sin(d));

for (const withVector of [false, true]) {
test(`embeddings searched through openPostgres on PGlite (${withVector ? 'pgvector values' : 'bytea'}) give the SQLite hits, and saved deletions round-trip`, async () => {
  const lite = await openDatabase(join(mkdtempSync(join(tmpdir(), 'learnloop-pg-emb-')), 'demo.db'));
  let want;
  try {
    lite.generateDemo(demo);
    const index = lite.loadEmbeddingIndex('TEXT_CAPTION');
    want = index.search('TEXT_CAPTION', query, { k: 5 });
    index.dispose();
  } finally {
    lite.dispose();
  }
  const pglite = await newPglite(withVector);
  const store = await openPostgres(pglite);
  try {
    await store.generateDemo(demo);
    const stored = await pglite.query("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'embeddings'::regclass AND attname = 'vector'");
    assert.equal(stored.rows[0].type, withVector ? 'vector' : 'bytea');
    const { index, load } = await store.loadEmbeddingIndexWithInfo('TEXT_CAPTION');
    try {
      assert.equal(load.source, 'rebuilt');
      const hits = index.search('TEXT_CAPTION', query, { k: 5 });
      assert.deepEqual(hits.map((h) => h.id), want.map((h) => h.id));
      assert.deepEqual(hits.map((h) => h.metadata), want.map((h) => h.metadata));
      index.delete('TEXT_CAPTION', hits[0].id);
      const summary = await store.saveEmbeddings(index, 'TEXT_CAPTION');
      assert.ok(JSON.stringify(summary).length > 2);
      const again = await store.loadEmbeddingIndex('TEXT_CAPTION');
      const { index: kept, load: keptLoad } = await store.loadEmbeddingIndexWithInfo('TEXT_CAPTION');
      assert.equal(keptLoad.source, 'snapshot', keptLoad.reason);
      assert.deepEqual(kept.search('TEXT_CAPTION', query, { k: 5 }), again.search('TEXT_CAPTION', query, { k: 5 }));
      kept.dispose();
      assert.equal(again.count('TEXT_CAPTION'), index.count('TEXT_CAPTION'));
      assert.notEqual(again.search('TEXT_CAPTION', query, { k: 1 })[0].id, hits[0].id);
      again.dispose();
    } finally {
      index.dispose();
    }
    await assert.rejects(store.loadEmbeddingIndex('NOPE'), (e) => e instanceof LearnloopError && e.code === 'not_found');
  } finally {
    await store.close();
    await pglite.close();
  }
});
}
