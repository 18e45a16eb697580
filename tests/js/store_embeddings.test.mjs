// Embeddings for a service's start (issue 18 item 13) through the npm package: saveEmbeddings() writes only the rows
// that changed and says what it wrote; loadEmbeddingIndexWithInfo() builds once, stores the index snapshot, then loads
// it while the rows are unchanged, answering every search exactly as a fresh build from the same rows; a change to
// the rows makes it rebuild, saying why. The C++ suite (tests/cpp/embedding_index_load_test.cpp) also counts the rows
// touched with SQLite's total_changes() and covers a snapshot of another format version.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError, openDatabase } from '../../dist/node.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-store-embeddings-'));
const DIM = 16;

/** A deterministic vector for item `i` (a 32-bit LCG seeded by i). */
function vector(i, salt = 0) {
  let state = (i * 2654435761 + salt) >>> 0;
  return Float32Array.from({ length: DIM }, () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
}

/** An index of `n` POSTS items (HNSW from 32 items on, so searches go through the graph). */
async function postsIndex(n) {
  const ll = await init();
  const index = ll.embeddingIndex({ POSTS: { dim: DIM, exactThreshold: 32 } });
  for (let i = 0; i < n; i++) index.store('POSTS', `post-${i}`, vector(i), { platform: i % 3 ? 'tiktok' : 'twitter' });
  return index;
}

test('saveEmbeddings() writes only what changed: nothing for an unchanged index, one row for one change', async () => {
  const store = await openDatabase(join(dir, 'save.db'));
  const index = await postsIndex(300);
  try {
    assert.deepEqual(store.saveEmbeddings(index, 'POSTS'), { inserted: 300, updated: 0, deleted: 0, unchanged: 0 });
    assert.deepEqual(store.saveEmbeddings(index, 'POSTS'), { inserted: 0, updated: 0, deleted: 0, unchanged: 300 });
    index.updateVector('POSTS', 'post-7', vector(7, 1));
    assert.deepEqual(store.saveEmbeddings(index, 'POSTS'), { inserted: 0, updated: 1, deleted: 0, unchanged: 299 });
    index.updateMetadata('POSTS', 'post-8', { platform: 'youtube' });
    index.delete('POSTS', 'post-9');
    index.store('POSTS', 'post-new', vector(1000));
    assert.deepEqual(store.saveEmbeddings(index, 'POSTS'), { inserted: 1, updated: 1, deleted: 1, unchanged: 298 });
    const reloaded = store.loadEmbeddingIndex('POSTS', { snapshot: false });
    try {
      assert.equal(reloaded.count('POSTS'), 300);
      assert.deepEqual(reloaded.get('POSTS', 'post-7').vector, index.get('POSTS', 'post-7').vector);
      assert.deepEqual(reloaded.get('POSTS', 'post-8').metadata, { platform: 'youtube' });
      assert.throws(() => reloaded.get('POSTS', 'post-9'), (e) => e instanceof LearnloopError && e.code === 'not_found');
    } finally {
      reloaded.dispose();
    }
  } finally {
    index.dispose();
    store.dispose();
  }
});

test('loadEmbeddingIndexWithInfo() stores a snapshot once, loads it while the rows are unchanged, rebuilds when they change', async () => {
  const store = await openDatabase(join(dir, 'snapshot.db'));
  const index = await postsIndex(500);
  try {
    store.saveEmbeddings(index, 'POSTS');
    const progress = [];
    const first = store.loadEmbeddingIndexWithInfo('POSTS', { onProgress: (label, done, total) => progress.push([label, done, total]) });
    assert.equal(first.load.source, 'rebuilt');
    assert.equal(first.load.reason, 'no stored snapshot');
    assert.equal(first.load.snapshot_stored, true);
    assert.equal(first.load.rows, 500);
    assert.match(first.load.rows_hash, /^[0-9a-f]{16}$/);
    assert.deepEqual(progress.at(-1), ['building the POSTS index', 500, 500]);
    first.index.dispose();

    const second = store.loadEmbeddingIndexWithInfo('POSTS');
    const fresh = store.loadEmbeddingIndex('POSTS', { snapshot: false });
    try {
      assert.equal(second.load.source, 'snapshot');
      assert.equal(second.load.reason, '');
      assert.deepEqual(second.index.toBytes(), fresh.toBytes());
      for (let q = 0; q < 25; q++) {
        const query = vector(5000 + q);
        assert.deepEqual(second.index.search('POSTS', query, { k: 10 }), fresh.search('POSTS', query, { k: 10 }));
      }
    } finally {
      second.index.dispose();
      fresh.dispose();
    }

    index.updateVector('POSTS', 'post-3', vector(3, 9));
    store.saveEmbeddings(index, 'POSTS');
    const stale = store.loadEmbeddingIndexWithInfo('POSTS');
    try {
      assert.equal(stale.load.source, 'rebuilt');
      assert.match(stale.load.reason, /rows changed/);
      assert.deepEqual(stale.index.get('POSTS', 'post-3').vector, index.get('POSTS', 'post-3').vector);
    } finally {
      stale.index.dispose();
    }
    const other = store.loadEmbeddingIndexWithInfo('POSTS', { metric: 'ip' });
    try {
      assert.equal(other.load.source, 'rebuilt');
      assert.match(other.load.reason, /metric cosine \(asked: ip\)/);
    } finally {
      other.index.dispose();
    }
    // @ts-expect-error: a wrong type on purpose
    assert.throws(() => store.loadEmbeddingIndex('POSTS', { snapshot: 'yes' }), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
    assert.throws(() => store.loadEmbeddingIndex('NOPE'), (e) => e instanceof LearnloopError && e.code === 'not_found');
  } finally {
    index.dispose();
    store.dispose();
  }
});
