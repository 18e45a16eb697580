/**
 * A service's start with an embeddings table (issue 18 item 13): open the database and get the index of a type of
 * 50,000 x 64-d rows, either by loading the stored index snapshot (loadEmbeddingIndex(), rows unchanged since the
 * snapshot was built) or by rebuilding the HNSW index from the rows (loadEmbeddingIndex(type, { snapshot: false }),
 * what every start did before 0.2.0). Also saveEmbeddings() after one changed item (one row written) against the
 * first save of all rows. The npm package in the Node running the bench (node:sqlite on 22.16+/24, else sqlite-wasm in
 * memory). LEARNLOOP_BENCH_EMBED_ROWS sets the rows (default 50,000).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { init, openDatabase } from '../../dist/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = Number(process.env.LEARNLOOP_BENCH_EMBED_ROWS ?? 50000);
const DIM = 64;
const TYPE = 'POSTS';

/** Seconds taken by `work` (its answer in `.value`). */
async function timed(work) {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

/** One service start: open the file, load the index, dispose both; seconds and how the index was loaded (a start that
 * stored a snapshot also saves it, which only the in-memory backend needs: the rebuild figure includes that save). */
async function start(db, snapshot) {
  const { seconds, value } = await timed(async () => {
    const store = await openDatabase(db, { create: false });
    try {
      const loaded = store.loadEmbeddingIndexWithInfo(TYPE, { snapshot });
      loaded.index.dispose();
      // The in-memory backend (Node 20) keeps a stored snapshot only once saved; node:sqlite has it in the file.
      if (loaded.load.snapshot_stored) store.save();
      return loaded.load;
    } finally {
      store.dispose();
    }
  });
  return { seconds, load: value };
}

let cached;
/** Every measurement once, shared by the entries below. */
async function results() {
  if (cached) return cached;
  const dir = path.join(root, 'build/bench/embedding_start');
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, `embeddings_${ROWS}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const ll = await init();
  const index = ll.embeddingIndex({ [TYPE]: { dim: DIM } });
  let state = 12345;
  const vectors = Float32Array.from({ length: ROWS * DIM }, () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
  index.storeBatch(TYPE, Array.from({ length: ROWS }, (_, i) => `post-${i}`), vectors,
    Array.from({ length: ROWS }, (_, i) => ({ platform: i % 3 ? 'tiktok' : 'twitter' })));
  const store = await openDatabase(db);
  let first;
  let one;
  try {
    first = await timed(() => store.saveEmbeddings(index, TYPE));
    index.updateVector(TYPE, 'post-7', vectors.subarray(0, DIM));
    one = await timed(() => store.saveEmbeddings(index, TYPE));
    store.save();
  } finally {
    index.dispose();
    store.dispose();
  }
  const rebuild = await start(db, false); // builds, and stores the snapshot the next start loads
  const snapshot = await start(db, true);
  if (rebuild.load.source !== 'rebuilt' || !rebuild.load.snapshot_stored || snapshot.load.source !== 'snapshot')
    throw new Error(`unexpected loads: ${JSON.stringify([rebuild.load, snapshot.load])}`);
  cached = { first, one, rebuild, snapshot, backend: process.versions.node };
  return cached;
}

const REBUILD = 'rebuild the index from the rows (snapshot: false)';
const SNAPSHOT = 'load the stored index snapshot';

/** The entries this file registers. */
export const benchmarks = [
  {
    name: `Service start with a ${ROWS.toLocaleString('en-US')} x ${DIM} embeddings table (lower is better)`,
    description:
      `openDatabase() + loadEmbeddingIndex() of one type of ${ROWS.toLocaleString('en-US')} rows of ${DIM} floats (cosine, HNSW m 16, ` +
      'ef_construction 200), then dispose; seconds. The snapshot path reads the rows (to check their hash) and the stored ' +
      'snapshot; the rebuild path reads the rows and builds the graph.',
    baseline: REBUILD,
    unit: 's',
    run: async () => {
      const r = await results();
      return [
        { impl: REBUILD, value: r.rebuild.seconds, note: `Node ${r.backend}` },
        { impl: SNAPSHOT, value: r.snapshot.seconds, note: `${(r.rebuild.seconds / r.snapshot.seconds).toFixed(1)}x faster start` },
      ];
    },
  },
  {
    name: `saveEmbeddings() of ${ROWS.toLocaleString('en-US')} rows (lower is better)`,
    description: 'The first save (every row inserted) against a save after one item changed (one row updated, the rest compared).',
    baseline: 'first save (all rows written)',
    unit: 's',
    run: async () => {
      const r = await results();
      return [
        { impl: 'first save (all rows written)', value: r.first.seconds, note: JSON.stringify(r.first.value) },
        { impl: 'save after one change', value: r.one.seconds, note: JSON.stringify(r.one.value) },
      ];
    },
  },
];
