/**
 * JS contenders of bench/benchmarks/embeddings.mjs, one per process so each gets a clean heap:
 * learnloop's wasm in Node, npm hnswlib-node (hnswlib as a native Node addon) and npm hnswlib-wasm
 * (hnswlib compiled to wasm without SIMD; built for browsers, loaded here with a `window` shim).
 * Same files, same M / ef_construction / ef as the native and Python contenders; queries one at a
 * time; after a warm-up pass, the best of 5 passes is timed.
 * Usage: node embeddings_js.mjs learnloop|hnswlib-node|hnswlib-wasm BASE QUERIES TRUTH K M EFC EF METRIC
 * Prints one JSON line: build_seconds, qps, recall, memory_mb (RSS growth while building).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [impl, basePath, queriesPath, truthPath, ...numbers] = process.argv.slice(2);
const [k, m, efc, ef] = numbers.slice(0, 4).map(Number);
/** The space, as bench/benchmarks/embeddings.mjs passes it (cosine, ip or l2, which every contender takes). */
const metric = /** @type {import('learnloop').EmbeddingMetric} */ (numbers[4]);

/** Rows of an fvecs file as Float32Array views, plus the dimension. */
function readFvecs(path) {
  const bytes = readFileSync(path);
  const dim = bytes.readInt32LE(0);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const rows = [];
  for (let at = 0; at < all.length; at += dim + 1) rows.push(all.subarray(at + 1, at + 1 + dim));
  return { dim, rows };
}

const base = readFvecs(basePath);
const queries = readFvecs(queriesPath);
const truthBytes = readFileSync(truthPath);
const truth = new Int32Array(truthBytes.buffer.slice(truthBytes.byteOffset, truthBytes.byteOffset + truthBytes.length));
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** {build(), search(query) -> labels as strings or numbers} for each contender. */
async function contender() {
  if (impl === 'learnloop') {
    const { init } = await import('learnloop');
    const ll = await init();
    const index = ll.embeddingIndex({ bench: { dim: base.dim, metric, m, efConstruction: efc, efSearch: ef, exactThreshold: 0 } });
    return {
      build() {
        const flat = new Float32Array(base.rows.length * base.dim);
        base.rows.forEach((r, i) => flat.set(r, i * base.dim));
        index.storeBatch('bench', base.rows.map((_, i) => String(i)), flat);
      },
      search: (q) => index.search('bench', q, { k }).map((h) => Number(h.id)),
    };
  }
  if (impl === 'hnswlib-node') {
    const { HierarchicalNSW } = createRequire(import.meta.url)('hnswlib-node');
    // Its API takes plain arrays; the conversion is done before the clock starts.
    const index = new HierarchicalNSW(metric, base.dim);
    const rows = base.rows.map((r) => Array.from(r));
    const plainQueries = new Map(queries.rows.map((q) => [q, Array.from(q)]));
    return {
      build() {
        index.initIndex(base.rows.length, m, efc, 100);
        rows.forEach((r, i) => index.addPoint(r, i));
        index.setEf(ef);
      },
      search: (q) => index.searchKnn(plainQueries.get(q), k).neighbors,
    };
  }
  if (impl === 'hnswlib-wasm') {
    if (!('window' in globalThis)) Object.assign(globalThis, { window: globalThis });  // its Emscripten loader only runs where `window` exists
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../node_modules/hnswlib-wasm/dist/', import.meta.url);
    const file = readdirSync(dir).find((f) => /^hnswlib-.*\.js$/.test(f));
    const lib = await (await import(new URL(file, dir).href)).default();
    const index = new lib.HierarchicalNSW(metric, base.dim, '');
    return {
      build() {
        index.initIndex(base.rows.length, m, efc, 100);
        base.rows.forEach((r, i) => index.addPoint(r, i, false));
        index.setEfSearch(ef);
      },
      search: (q) => index.searchKnn(q, k, undefined).neighbors,
    };
  }
  throw new Error(`unknown contender ${impl}`);
}

const c = await contender();
const before = rssMb();
let start = performance.now();
c.build();
const buildSeconds = (performance.now() - start) / 1000;
const memoryMb = rssMb() - before;
let results = [];
let searchSeconds = Infinity;
for (let pass = 0; pass < 6; pass++) {  // a warm-up pass (wasm tier-up), then the best of 5 timed passes
  results = [];
  start = performance.now();
  for (const q of queries.rows) results.push(c.search(q));
  if (pass > 0) searchSeconds = Math.min(searchSeconds, (performance.now() - start) / 1000);
}
let hits = 0;
results.forEach((labels, i) => {
  const expected = new Set(truth.subarray(i * k, (i + 1) * k));
  for (const l of labels) hits += expected.has(Number(l)) ? 1 : 0;
});
console.log(JSON.stringify({ impl, build_seconds: buildSeconds, qps: queries.rows.length / searchSeconds, recall: hits / (queries.rows.length * k), memory_mb: memoryMb }));
process.exit(0);
