// The embeddings index in the npm package: wasm search matches numpy's exact kNN (the goldens
// GoogleTest checks natively), a snapshot built by the native CLI loads in wasm and gives the
// native results, the npm bin builds byte-identical snapshots and prints the native CLI's bytes,
// filters, deletion, batch atomicity, persistence, and bad input throws LearnloopError.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';

import { init, LearnloopError, loadEmbeddingIndex, saveEmbeddingIndex } from 'learnloop';

import { close, loadGolden, nativeCli, repoPath, runCli } from './helpers.mjs';

const work = repoPath('build/test-embeddings');
mkdirSync(work, { recursive: true });

/** fvecs bytes of rows (arrays of numbers). */
function fvecs(rows) {
  const dim = rows[0].length;
  const view = new DataView(new ArrayBuffer(rows.length * (4 + 4 * dim)));
  rows.forEach((row, r) => {
    const at = r * (4 + 4 * dim);
    view.setInt32(at, dim, true);
    row.forEach((x, i) => view.setFloat32(at + 4 + 4 * i, x, true));
  });
  return new Uint8Array(view.buffer);
}

/** Deterministic clustered rows (a small LCG, so the data is the same for every run). */
function clusteredRows(n, dim, seed) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const centres = Array.from({ length: 8 }, () => Array.from({ length: dim }, next));
  return Array.from({ length: n }, () => {
    const c = centres[Math.floor(((next() + 1) / 2) * centres.length)];
    return c.map((x) => x + 0.3 * next());
  });
}

const golden = loadGolden('embeddings/knn.json');

for (const exact of [true, false]) {
  test(`${exact ? 'exact' : 'HNSW'} search in wasm matches numpy's exact kNN`, async () => {
    const ll = await init();
    for (const metric of /** @type {const} */ (['cosine', 'ip', 'l2'])) {
      const index = ll.embeddingIndex({ golden: { dim: golden.dim, metric, exactThreshold: exact ? 4096 : 0 } });
      index.storeBatch('golden', golden.ids, new Float32Array(golden.vectors), golden.metadata);
      for (const c of golden.cases.filter((c) => c.metric === metric)) {
        const hits = index.search('golden', new Float32Array(c.query), { k: golden.k, ef: 300, filter: c.filter ?? undefined });
        assert.deepEqual(hits.map((h) => h.id), c.ids, metric);
        hits.forEach((h, i) => assert.ok(close(h.score, c.scores[i], golden.tolerance), `${metric} ${h.score} vs ${c.scores[i]}`));
        if (c.filter) hits.forEach((h) => assert.equal(h.metadata.group, c.filter.group));
      }
    }
  });
}

test('a snapshot built by the native CLI loads in wasm and gives the native CLI results', async () => {
  const ll = await init();
  const rows = clusteredRows(5000, 40, 7);
  writeFileSync(`${work}/base.fvecs`, fvecs(rows));
  writeFileSync(`${work}/queries.fvecs`, fvecs(clusteredRows(5, 40, 99)));
  writeFileSync(`${work}/ids.txt`, rows.map((_, i) => `post-${i}\n`).join(''));
  const build = ['index', 'build', '--vectors', `${work}/base.fvecs`, '--ids', `${work}/ids.txt`, '--metric', 'l2', '--m', '12'];
  const native = runCli(nativeCli(), [...build, '--out', `${work}/native.index`]);
  assert.equal(native.status, 0, native.stderr);
  const npm = runCli('npm-bin', [...build, '--out', `${work}/npm.index`]);
  assert.deepEqual(npm, { ...native, stdout: native.stdout.replace('native.index', 'npm.index') });
  // Same kernels, same level generator, same graph: the snapshots are byte for byte the same.
  assert.deepEqual(readFileSync(`${work}/npm.index`), readFileSync(`${work}/native.index`));

  const search = ['search', '--index', `${work}/native.index`, '--queries', `${work}/queries.fvecs`, '-k', '5', '--json'];
  const printed = runCli(nativeCli(), search);
  assert.equal(printed.status, 0, printed.stderr);
  const expected = JSON.parse(printed.stdout);
  const index = await loadEmbeddingIndex(ll, `${work}/native.index`);
  assert.equal(index.count('default'), 5000);
  clusteredRows(5, 40, 99).forEach((q, i) => {
    const hits = index.search('default', q, { k: 5 });
    assert.deepEqual(hits.map((h) => h.id), expected.results[i].ids);
    assert.deepEqual(hits.map((h) => h.score), expected.results[i].scores.map(Math.fround));  // the CLI prints shortest float32 text
  });
});

const cliCases = [
  ['search', '--index', 'build/test-embeddings/native.index', '--queries', 'build/test-embeddings/queries.fvecs', '-k', '3'],
  ['search', '--index', 'build/test-embeddings/native.index', '--queries', 'build/test-embeddings/queries.fvecs', '-k', '4', '--exact', '--json'],
  ['search', '--index', 'build/test-embeddings/native.index', '--queries', 'build/test-embeddings/queries.fvecs', '--ef', '200', '--json'],
  ['search', '--index', 'build/test-embeddings/ids.txt', '--queries', 'build/test-embeddings/queries.fvecs'],
  ['search', '--index', 'build/test-embeddings/native.index', '--queries', 'build/test-embeddings/ids.txt'],
  ['search', '--index', 'build/test-embeddings/native.index', '--queries', 'build/test-embeddings/base.fvecs', '-k', '0'],
  ['search', '--index', 'build/test-embeddings/missing.index', '--queries', 'build/test-embeddings/queries.fvecs'],
  ['index', 'build', '--vectors', 'build/test-embeddings/queries.fvecs', '--metric', 'dot', '--out', 'build/test-embeddings/x.index'],
  ['index', 'build', '--vectors', 'build/test-embeddings/queries.fvecs', '--ids', 'build/test-embeddings/ids.txt', '--out', 'build/test-embeddings/x.index'],
  ['index', 'build', '--help'],
  ['search', '--help'],
];

for (const args of cliCases) {
  test(`npm bin and native CLI agree: learnloop ${args.join(' ')}`, { skip: false }, () => {
    const native = runCli(nativeCli(), args);
    const npm = runCli('npm-bin', args);
    assert.deepEqual(npm, native);
    if (native.status !== 0) assert.match(native.stderr, /^learnloop: error: .+\n$/);
  });
}

test('filters, deletion, metadata and vector updates, search by id', async () => {
  const ll = await init();
  const index = ll.embeddingIndex({ posts: { dim: 24, metric: 'cosine', exactThreshold: 200 } });
  const rows = clusteredRows(2000, 24, 3);
  const ids = rows.map((_, i) => `p${i}`);
  index.storeBatch('posts', ids, new Float32Array(rows.flat()), rows.map((_, i) => ({ lang: i % 25 === 0 ? 'fr' : 'en', i })));
  const fr = index.search('posts', rows[7], { k: 10, filter: { lang: 'fr' } });
  assert.equal(fr.length, 10);
  fr.forEach((h) => assert.equal(h.metadata.lang, 'fr'));
  const exactFr = index.search('posts', rows[7], { k: 10, filter: { lang: 'fr' }, exact: true });
  assert.ok(fr.filter((h) => exactFr.some((e) => e.id === h.id)).length >= 9);

  for (let i = 0; i < 2000; i += 3) assert.equal(index.delete('posts', `p${i}`), true);
  assert.equal(index.delete('posts', 'p0'), false);
  assert.equal(index.count('posts'), 2000 - 667);
  for (const h of index.search('posts', rows[3], { k: 50 })) assert.notEqual(Number(h.id.slice(1)) % 3, 0, h.id);

  const self = index.search('posts', { id: 'p1' }, { k: 3 });
  assert.equal(self.length, 3);
  assert.ok(!self.some((h) => h.id === 'p1'));
  index.updateMetadata('posts', 'p1', { lang: 'de' });
  assert.deepEqual(index.get('posts', 'p1').metadata, { lang: 'de' });
  index.updateVector('posts', 'p1', rows[2]);
  assert.ok(close(index.search('posts', rows[2], { k: 1, minScore: 0.999 })[0].score, 1, 1e-6));
  assert.deepEqual(index.get('posts', 'p1').metadata, { lang: 'de' });
  assert.equal(index.search('posts', rows[2], { k: 5, minScore: 2 }).length, 0);
  const info = index.types()[0];
  assert.equal(info.name, 'posts');
  assert.equal(info.count, 2000 - 667);
});

test('snapshots round-trip through bytes and files, and a loaded index takes more items', async () => {
  const ll = await init();
  const index = ll.embeddingIndex();
  const rows = clusteredRows(300, 128, 5);
  index.storeBatch('AUDIO_FEATURE', rows.map((_, i) => `a${i}`), new Float32Array(rows.flat()), rows.map((_, i) => ({ i })));
  const bytes = index.toBytes();
  assert.ok(bytes instanceof Uint8Array);
  const copy = ll.embeddingIndexFromBytes(bytes);
  assert.deepEqual(copy.toBytes(), bytes);
  assert.deepEqual(copy.search('AUDIO_FEATURE', rows[4], { k: 5 }), index.search('AUDIO_FEATURE', rows[4], { k: 5 }));
  copy.store('AUDIO_FEATURE', 'new', rows[9], { fresh: true });
  assert.equal(copy.count('AUDIO_FEATURE'), 301);
  await saveEmbeddingIndex(copy, `${work}/saved.index`);
  const again = await loadEmbeddingIndex(ll, `${work}/saved.index`);
  assert.deepEqual(again.get('AUDIO_FEATURE', 'new').metadata, { fresh: true });
  const items = again.items('AUDIO_FEATURE');
  assert.equal(items.ids.length, 301);
  assert.equal(items.vectors.length, 301 * 128);
  const rebuilt = ll.embeddingIndex();
  rebuilt.storeBatch('AUDIO_FEATURE', items.ids, items.vectors, items.metadata);
  assert.deepEqual(rebuilt.search('AUDIO_FEATURE', rows[8]).map((h) => h.id), again.search('AUDIO_FEATURE', rows[8]).map((h) => h.id));
});

test('bad input throws LearnloopError with a clear message and a failed batch changes nothing', async () => {
  const ll = await init();
  const index = ll.embeddingIndex({ t: { dim: 3 } });
  index.store('t', 'keep', [1, 2, 3], { v: 1 });
  const before = index.toBytes();
  const throws = (fn, code, message) =>
    assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && (message === undefined || e.message === message));
  throws(() => index.store('t', 'x', [1, 2]), 'invalid_argument', "vector of 'x' has 2 values; type 't' expects 3");
  throws(() => index.store('t', 'x', [1, NaN, 3]), 'invalid_argument', "vector of 'x' has nan at index 1; expected finite numbers");
  throws(() => index.store('t', 'x', [0, 0, 0]), 'invalid_argument', "vector of 'x' is all zeros; cosine similarity needs a non-zero vector");
  throws(() => index.storeBatch('t', ['a', 'b', 'a'], new Float32Array(9).fill(1)), 'invalid_argument', "id 'a' appears twice in the batch; ids in a batch must be unique");
  throws(() => index.storeBatch('t', ['a', 'b'], [1, 1, 1, 0, 0, 0]), 'invalid_argument');
  throws(() => index.store('nope', 'x', [1, 2, 3]), 'not_found');
  // @ts-expect-error a vector that is text, on purpose
  throws(() => index.store('t', 'x', 'abc'), 'invalid_argument');
  assert.deepEqual(index.toBytes(), before);
  throws(() => index.search('t', [1, 1, 1], { k: 0 }), 'invalid_argument');
  throws(() => index.search('t', [1, 1, 1], { k: 1.5 }), 'invalid_argument');
  // @ts-expect-error an unknown option, on purpose
  throws(() => index.search('t', [1, 1, 1], { top: 3 }), 'invalid_argument');
  throws(() => index.search('t', { id: 'ghost' }), 'not_found');
  assert.equal(index.search('t', [1, 1, 1], { k: 50 }).length, 1);
  throws(() => ll.embeddingIndex({ u: { metric: 'l2' } }), 'invalid_argument');
  throws(() => ll.embeddingIndexFromBytes(before.subarray(0, before.length - 3)), 'parse_error');
  throws(() => ll.embeddingIndexFromBytes(new TextEncoder().encode('{"format": "x"}')), 'parse_error');
  const newer = before.slice();
  newer[8] = 2;
  throws(() => ll.embeddingIndexFromBytes(newer), 'unsupported_version');
  const corrupt = before.slice();
  corrupt[corrupt.length - 5] ^= 1;
  throws(() => ll.embeddingIndexFromBytes(corrupt), 'parse_error');
  index.dispose();
  throws(() => index.count('t'), 'disposed');
});

test('the direct search path (query and hits through wasm memory) returns what the JSON path returns', async () => {
  const ll = await init();
  const rows = clusteredRows(6000, 24, 11);
  const index = ll.embeddingIndex({ t: { dim: 24, exactThreshold: 100 } });
  const ids = rows.map((_, i) => (i % 3 === 0 ? `é-${i}-☃` : i % 3 === 1 ? `𝄞${i}` : `id${i}`));
  const metadata = rows.map((_, i) => (i % 2 === 0 ? { n: i, tag: i % 4 === 0 ? 'a' : 'b' } : null));
  index.storeBatch('t', ids, Float32Array.from(rows.flat()), metadata);
  // minScore NaN is "no minimum" on both paths but sends this call through the JSON path.
  for (const [q, options] of /** @type {Array<[number[], import('learnloop').EmbeddingSearchOptions]>} */ ([
    [rows[5], { k: 10 }],
    [rows[17], { k: 7, ef: 100 }],
    [rows[40], { k: 5, exact: true }],
    [rows[99], { k: 8, filter: { tag: 'a' } }],
    [rows[123], { k: 10, minScore: 0.9 }],
  ])) {
    const direct = index.search('t', Float32Array.from(q), options);
    const viaJson = index.search('t', q, { ...options, minScore: options.minScore ?? NaN });
    assert.ok(direct.length > 0);
    assert.deepEqual(direct, viaJson);
  }
  // More memory after the views were first used: the wrapper must read the new heap views.
  const big = ll.embeddingIndex({ big: { dim: 512 } });
  big.storeBatch('big', Array.from({ length: 20000 }, (_, i) => String(i)), new Float32Array(20000 * 512).fill(1));
  assert.deepEqual(index.search('t', rows[5], { k: 3 }), index.search('t', rows[5], { k: 3, minScore: NaN }));
  big.dispose();
  const throws = (fn, code) => assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code);
  throws(() => index.search('t', [1, 2, 3], { k: 3 }), 'invalid_argument');
  throws(() => index.search('nope', rows[0], { k: 3 }), 'not_found');
  // @ts-expect-error a filter that is text, on purpose
  throws(() => index.search('t', rows[0], { filter: 'x' }), 'invalid_argument');
  index.dispose();
});
