/**
 * Similarity search: learnloop native, learnloop wasm in Node, hnswlib's own Python binding
 * (Debian python3-hnswlib 0.6.2, the library learnloop wraps), npm hnswlib-node and npm
 * hnswlib-wasm, on the same clustered synthetic data with the same M, ef_construction and ef.
 * The data (written once here as fvecs) has a low intrinsic dimension like real embeddings: 100
 * cluster centres plus a 12-dimensional latent offset through a fixed random projection, plus a
 * little isotropic noise. Ground truth is numpy's exact cosine kNN. Each contender runs in its own
 * process and reports build time, single-thread queries per second (one query per call; the best of
 * 5 passes over the queries after an untimed warm-up pass, so wasm engines have tiered up), recall@10
 * and the RSS growth while building. Run alone with `node bench/benchmarks/embeddings.mjs`.
 * Focused runs (for comparing native and wasm on a busy machine) through environment variables:
 * LEARNLOOP_BENCH_EMBEDDINGS_ONLY=native,wasm (contenders, of native, native-no-prefetch, wasm, python,
 * hnswlib-node, hnswlib-wasm), LEARNLOOP_BENCH_EMBEDDINGS_SIZES=100000x128 (datasets) and
 * LEARNLOOP_BENCH_EMBEDDINGS_ROUNDS=5 (each contender runs that many times, interleaved; the figure is
 * the median, the note lists every run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = '/usr/bin/python3';
const K = 10;
const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;  // learnloop's default ef_search
const METRIC = 'cosine';
const QUERIES = 1000;
const SIZES = process.env.LEARNLOOP_BENCH_EMBEDDINGS_SIZES ?? '100000x128,20000x512';
const DATASETS = SIZES.split(',').map((size) => {
  const [n, dim] = size.split('x').map(Number);
  if (!(n > 0 && dim > 0)) throw new Error(`LEARNLOOP_BENCH_EMBEDDINGS_SIZES: '${size}' is not ROWSxDIM, e.g. 100000x128`);
  return { n, dim };
});
const ONLY = process.env.LEARNLOOP_BENCH_EMBEDDINGS_ONLY?.split(',');
const ROUNDS = Number(process.env.LEARNLOOP_BENCH_EMBEDDINGS_ROUNDS ?? 1);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new Error('LEARNLOOP_BENCH_EMBEDDINGS_ROUNDS must be an integer >= 1');
const BASELINE = 'hnswlib (Python, Debian python3-hnswlib)';
// The native search with its memory prefetching switched off: what the same code does without the one
// instruction wasm lacks. Its build is the native build (hnswlib's insert is untouched), so it has a
// search row only.
const NO_PREFETCH = 'learnloop native, prefetch off (as in wasm)';

/** Deterministic standard normals from a 32-bit LCG and Box-Muller. */
function normals(seed) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 1) / (2 ** 32 + 1);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** fvecs bytes of `rows` rows of `dim` generated around shared centres and a shared latent basis. */
function clusteredFvecs(rows, dim, seed) {
  const fixed = normals(42 + dim);
  const centres = Array.from({ length: 100 }, () => Float32Array.from({ length: dim }, fixed));
  const basis = Array.from({ length: 12 }, () => Float32Array.from({ length: dim }, () => 0.35 * fixed()));
  const g = normals(seed);
  const buffer = Buffer.alloc(rows * (4 + 4 * dim));
  const row = new Float32Array(dim);
  for (let r = 0; r < rows; r++) {
    row.set(centres[Math.floor(((g() + 8) * 1e6) % 100)]);
    for (const b of basis) {
      const w = g();
      for (let d = 0; d < dim; d++) row[d] += w * b[d];
    }
    const at = r * (4 + 4 * dim);
    buffer.writeInt32LE(dim, at);
    for (let d = 0; d < dim; d++) buffer.writeFloatLE(row[d] + 0.05 * g(), at + 4 + 4 * d);
  }
  return buffer;
}

const runs = new Map();

/** Measures every contender on one dataset once (shared by its two entries). */
function measure({ n, dim }) {
  const key = `${n}x${dim}`;
  if (!runs.has(key)) runs.set(key, Promise.resolve().then(() => measureNow(n, dim)));
  return runs.get(key);
}

function measureNow(n, dim) {
  const dir = path.join(root, `build/bench/embeddings/${n}x${dim}`);
  mkdirSync(dir, { recursive: true });
  const files = { base: path.join(dir, 'base.fvecs'), queries: path.join(dir, 'queries.fvecs'), truth: path.join(dir, 'truth.i32') };
  if (!existsSync(files.truth)) {
    writeFileSync(files.base, clusteredFvecs(n, dim, 1));
    writeFileSync(files.queries, clusteredFvecs(QUERIES, dim, 2));
    execFileSync(PYTHON, [path.join(root, 'bench/peers/embeddings_truth.py'), files.base, files.queries, String(K), METRIC, files.truth]);
  }
  const args = [files.base, files.queries, files.truth, String(K), String(M), String(EF_CONSTRUCTION), String(EF_SEARCH), METRIC];
  const parse = (out) => JSON.parse(out.trim().split('\n').at(-1));
  /** @type {Array<[string, string, () => string]>} */
  const all = [
    ['native', 'learnloop native (C++)', () => execFileSync(path.join(root, 'build/native-release/bin/learnloop_bench_embeddings'), args, { encoding: 'utf8' })],
    ['native-no-prefetch', NO_PREFETCH, () => execFileSync(path.join(root, 'build/native-release/bin/learnloop_bench_embeddings'), [...args, 'no-prefetch'], { encoding: 'utf8' })],
    ['wasm', 'learnloop wasm in Node', () => execFileSync(process.execPath, [path.join(root, 'bench/peers/embeddings_js.mjs'), 'learnloop', ...args], { encoding: 'utf8' })],
    ['python', BASELINE, () => execFileSync(PYTHON, [path.join(root, 'bench/peers/hnswlib_py.py'), ...args], { encoding: 'utf8' })],
    ['hnswlib-node', 'hnswlib-node (npm, native addon)', () => execFileSync(process.execPath, [path.join(root, 'bench/peers/embeddings_js.mjs'), 'hnswlib-node', ...args], { encoding: 'utf8' })],
    ['hnswlib-wasm', 'hnswlib-wasm (npm)', () => execFileSync(process.execPath, [path.join(root, 'bench/peers/embeddings_js.mjs'), 'hnswlib-wasm', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })],
  ];
  const contenders = all.filter(([key]) => ONLY === undefined || ONLY.includes(key));
  const runsOf = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [, impl, run] of contenders) {
      try {
        const r = { ...parse(run()), impl };
        runsOf.set(impl, [...(runsOf.get(impl) ?? []), r]);
        if (ROUNDS > 1) console.log(`  round ${round + 1} ${n}x${dim} ${impl}: ${r.qps.toFixed(0)} queries/s, build ${r.build_seconds.toFixed(2)} s`);
      } catch (error) {
        if (impl === BASELINE) throw new Error(`${BASELINE} failed (make bench installs python3-hnswlib): ${error.message}`);
        console.log(`  skipped ${impl}: ${String(error.stderr ?? error.message).trim().split('\n').at(-1)}`);
      }
    }
  }
  // One row per contender: the median run by queries per second (and the median build time).
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  return [...runsOf.values()].map((rs) => {
    const qps = median(rs.map((r) => r.qps));
    const row = { ...rs.find((r) => r.qps === qps), build_seconds: median(rs.map((r) => r.build_seconds)) };
    if (rs.length > 1) row.runs = `median of ${rs.length} interleaved runs: ${rs.map((r) => r.qps.toFixed(0)).join(', ')} queries/s`;
    return row;
  });
}

const sizeName = ({ n, dim }) => `${n.toLocaleString('en-US')} x ${dim}`;
const settings = `M ${M}, ef_construction ${EF_CONSTRUCTION}, ef ${EF_SEARCH}, k ${K}, ${METRIC}, ${QUERIES} queries, one thread`;

/** The entries this file registers: queries per second and build time per dataset. */
export const benchmarks = DATASETS.flatMap((data) => [
  {
    name: `Similarity search: queries per second, ${sizeName(data)} (higher is better)`,
    description: `Single-thread HNSW search, one query per call, best of 5 passes after a warm-up pass (${settings}). Note: recall@10 against numpy's exact kNN.`,
    baseline: BASELINE,
    unit: 'queries/sec',
    run: async () =>
      (await measure(data)).map((r) => ({ impl: r.impl, value: r.qps, note: `recall@10 ${r.recall.toFixed(4)}${r.kernel ? `; kernel ${r.kernel}` : ''}${r.runs ? `; ${r.runs}` : ''}` })),
  },
  {
    name: `Similarity search: index build time, ${sizeName(data)} (lower is better)`,
    description: `Inserting every vector into an empty HNSW index (${settings}). Note: inserts per second and RSS growth while building.`,
    baseline: BASELINE,
    unit: 'build seconds',
    run: async () =>
      (await measure(data)).filter((r) => r.impl !== NO_PREFETCH).map((r) => ({
        impl: r.impl,
        value: r.build_seconds,
        note: `${Math.round(data.n / r.build_seconds).toLocaleString('en-US')} inserts/s; +${r.memory_mb.toFixed(0)} MiB RSS`,
      })),
  },
]);

// Run alone: print each entry's rows.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const b of benchmarks) {
    console.log(b.name);
    const rows = await b.run();
    for (const r of rows) console.log(`  ${r.impl.padEnd(42)} ${Number(r.value.toPrecision(4))}  ${r.note}`);
    const native = rows.find((r) => r.impl.startsWith('learnloop native'));
    const wasm = rows.find((r) => r.impl.startsWith('learnloop wasm'));
    if (native && wasm) console.log(`  wasm / native: ${(b.unit === 'queries/sec' ? native.value / wasm.value : wasm.value / native.value).toFixed(2)}x slower`);
    const plain = rows.find((r) => r.impl === NO_PREFETCH);
    if (plain && wasm) console.log(`  wasm / native with prefetch off: ${(plain.value / wasm.value).toFixed(2)}x slower`);
  }
}
