// `learnloop search --db FILE --type T` in the npm bin (the core's CLI in wasm, over node:sqlite or sqlite-wasm in
// memory) and natively (issue 20): the first search builds the index from the rows and stores its snapshot in the
// file, later searches load it while it is current for the rows, and rows added or deleted make the next search
// rebuild, saying so on stderr; either way the neighbours are those of a fresh build, and each CLI loads the
// snapshot the other stored. A snapshot swapped for one of other vectors under the same rows hash proves the bin
// answers from it. The C++ suite (tests/cpp/search_snapshot_test.cpp) runs the same story on PostgreSQL too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, openDatabase } from '../../dist/node.js';
import { nativeCli, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-search-snapshot-'));
const DIM = 12;
const ITEMS = 240;
const TYPE = 'T';

/** A deterministic vector for item `i` (a 32-bit LCG seeded by i and salt). */
function vector(i, salt = 0) {
  let state = (i * 2654435761 + salt) >>> 0;
  return Float32Array.from({ length: DIM }, () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
}

/** fvecs bytes of `rows`. */
function fvecs(rows) {
  const buf = Buffer.alloc(rows.length * (4 + 4 * DIM));
  rows.forEach((v, r) => {
    buf.writeInt32LE(DIM, r * (4 + 4 * DIM));
    v.forEach((x, d) => buf.writeFloatLE(x, r * (4 + 4 * DIM) + 4 + 4 * d));
  });
  return buf;
}

/** Makes the file's rows of TYPE those of `index` (saved to the file). */
async function saveRows(path, index) {
  const store = await openDatabase(path);
  try {
    store.saveEmbeddings(index, TYPE);
    store.save();
  } finally {
    store.dispose();
  }
}

/** The ids of each query's hits in `search --json` output. */
const idsIn = (stdout) => JSON.parse(stdout).results.map((r) => r.ids);

test('search --db loads the stored snapshot while it is current and rebuilds it when rows change, in the npm bin and natively', async () => {
  const ll = await init();
  const native = nativeCli();
  const path = join(dir, 'search.db');
  const index = ll.embeddingIndex({ [TYPE]: { dim: DIM } });
  const queries = [vector(9001), vector(9002), vector(9003)];
  const queriesPath = join(dir, 'queries.fvecs');
  writeFileSync(queriesPath, fvecs(queries));
  try {
    for (let i = 0; i < ITEMS; i++) index.store(TYPE, `t${String(i).padStart(3, '0')}`, vector(i), { n: i });
    await saveRows(path, index);
    const args = ['search', '--db', path, '--type', TYPE, '--queries', queriesPath, '-k', '5', '--json'];
    const search = (which) => {
      const r = runCli(which, args);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    const built = (rows) => new RegExp(`note: built the index of type 'T' from its ${rows} rows: `);
    const loaded = (rows) => `note: loaded the stored index snapshot of type 'T' (${rows} rows)`;
    const expected = queries.map((q) => index.search(TYPE, q, { k: 5 }).map((h) => h.id));

    // No snapshot: the bin builds and stores it (saved to the file); native loads it; the same answer.
    const first = search('npm-bin');
    assert.match(first.stderr, built(ITEMS));
    assert.match(first.stderr, /no stored snapshot; stored its snapshot for the next search/);
    assert.deepEqual(idsIn(first.stdout), expected);
    const fromNative = search(native);
    assert.ok(fromNative.stderr.includes(loaded(ITEMS)), fromNative.stderr);
    assert.equal(fromNative.stdout, first.stdout);
    const again = search('npm-bin');
    assert.ok(again.stderr.includes(loaded(ITEMS)), again.stderr);
    assert.equal(again.stdout, first.stdout);

    // The bin answers from the snapshot: swapped for one of the negated vectors under the same rows hash.
    const swapped = ll.embeddingIndex({ [TYPE]: { dim: DIM } });
    let swappedIds;
    try {
      for (let i = 0; i < ITEMS; i++) swapped.store(TYPE, `t${String(i).padStart(3, '0')}`, vector(i).map((x) => -x), { n: i });
      swappedIds = queries.map((q) => swapped.search(TYPE, q, { k: 5 }).map((h) => h.id));
      const py = spawnSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("UPDATE embedding_index_snapshots SET snapshot = ? WHERE type = 'T'", (sys.stdin.buffer.read(),)).rowcount
c.commit()
sys.exit(0 if n == 1 else 1)`, path], { input: Buffer.from(swapped.toBytes()) });
      assert.equal(py.status, 0, String(py.stderr));
    } finally {
      swapped.dispose();
    }
    assert.notDeepEqual(swappedIds, expected);
    const fromSwapped = search('npm-bin');
    assert.ok(fromSwapped.stderr.includes(loaded(ITEMS)), fromSwapped.stderr);
    assert.deepEqual(idsIn(fromSwapped.stdout), swappedIds);

    // A row added (equal to query 0): the stale snapshot is not used; the bin rebuilds, the new item comes first.
    index.store(TYPE, 't999', queries[0], { n: 999 });
    await saveRows(path, index);
    const added = search('npm-bin');
    assert.match(added.stderr, built(ITEMS + 1));
    assert.match(added.stderr, /the embeddings rows changed since the stored snapshot was built/);
    const afterAdd = queries.map((q) => index.search(TYPE, q, { k: 5 }).map((h) => h.id));
    assert.deepEqual(idsIn(added.stdout), afterAdd);
    assert.equal(afterAdd[0][0], 't999');
    const addedNative = search(native);
    assert.ok(addedNative.stderr.includes(loaded(ITEMS + 1)), addedNative.stderr);
    assert.equal(addedNative.stdout, added.stdout);

    // A row deleted (query 1's best hit): native rebuilds this time, the bin loads what it stored.
    const gone = afterAdd[1][0];
    index.delete(TYPE, gone);
    await saveRows(path, index);
    const deleted = search(native);
    assert.match(deleted.stderr, built(ITEMS));
    assert.match(deleted.stderr, /the embeddings rows changed/);
    const afterDelete = queries.map((q) => index.search(TYPE, q, { k: 5 }).map((h) => h.id));
    assert.deepEqual(idsIn(deleted.stdout), afterDelete);
    assert.ok(!afterDelete.flat().includes(gone));
    const deletedBin = search('npm-bin');
    assert.ok(deletedBin.stderr.includes(loaded(ITEMS)), deletedBin.stderr);
    assert.equal(deletedBin.stdout, deleted.stdout);
  } finally {
    index.dispose();
  }
});
