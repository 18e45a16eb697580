// Hostile input (issue 16) through the npm package and its bin, next to the native CLI: JSON nested
// 5,000 and 100,000 levels deep at every JSON entry point, and 100,000 columns at ingest. Each is a
// clear error (exit 2, or a LearnloopError with a code) naming the file, line, row or item.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { init, LearnloopError, openDatabase } from '../../dist/node.js';
import { nativeCli, runCli } from './helpers.mjs';

const ll = await init();
const native = nativeCli();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-hostile-'));
const file = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);
const tooDeep = /more than 64 levels deep/;
const DEPTHS = [5000, 100000];

// Both CLIs refuse with exit 2, the same stderr, naming `where` and the limit.
function bothRefuse(args, where) {
  const a = runCli(native, args);
  const b = runCli('npm-bin', args);
  for (const r of [a, b]) {
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, tooDeep);
    assert.ok(r.stderr.includes(where), r.stderr);
  }
  assert.equal(b.stderr, a.stderr);
}

function freshDb(name) {
  const path = join(dir, name);
  writeFileSync(path, '');
  const r = runCli(native, ['init', '--db', path]);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

// One 1-d query as fvecs.
const oneQuery = () => {
  const b = Buffer.alloc(8);
  b.writeInt32LE(1, 0);
  b.writeFloatLE(1, 4);
  return file('q.fvecs', b);
};

for (const depth of DEPTHS) {
  test(`CLIs refuse JSON ${depth} levels deep at every file entry point`, () => {
    const record = '{"decision_id":"p","impressions":1,"collected_at":"2026-01-01","likes":' + nested(depth) + '}';
    const jsonl = file('deep.jsonl', '{"decision_id":"a","impressions":1,"collected_at":"2026-01-01"}\n' + record + '\n');
    bothRefuse(['ingest', '--db', freshDb('ingest.db'), '--table', 'outcomes', jsonl], 'line 2');
    const scenario = file('scenario.json', `{"base_budget":100,"scenarios":${nested(depth)}}`);
    bothRefuse(['simulate-budget', '--scenario', scenario], scenario);
    const records = file('records.jsonl', '{"decision_id":"a","impressions":10,"collected_at":"2026-03-06T06:00:00Z"}\n');
    const state = file('state.json', `{"through":"2026-03-01","content":${nested(depth)}}`);
    bothRefuse(['learn', '--records', records, '--state', state, '--date', '2026-03-06'], state);
    const content = file('content.json', `{"platform":"tiktok","hook_type":${nested(depth)}}`);
    bothRefuse(['virality', '--db', freshDb('virality.db'), '--content', content, '--date', '2026-03-06'], content);
    const data = file('fit.csv', 'x,y\n1,2\n2,4\n3,6\n4,8\n5,10\n');
    const spec = file('spec.json', `{"columns":${nested(depth)}}`);
    bothRefuse(['fit', 'ridge', '--data', data, '--target', 'y', '--spec', spec], spec);
    const model = file('model.json', `{"format":"learnloop.model","kind":"ridge","params":${nested(depth)}}`);
    bothRefuse(['predict', '--model', model, '--data', data], model);
  });

  test(`emq lists an event line ${depth} levels deep as malformed, in both CLIs`, () => {
    const events = file('events.jsonl', `{"event_name":"Purchase"}\n{"event_name":"Purchase","user_data":${nested(depth)}}\n`);
    const a = runCli(native, ['emq', '--events', events, '--json']);
    const b = runCli('npm-bin', ['emq', '--events', events, '--json']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.stdout, a.stdout);
    assert.match(a.stdout, tooDeep);
    assert.match(a.stdout, /"line":2/);
  });

  test(`an embeddings row whose metadata is ${depth} levels deep is refused by index build --db, search and loadEmbeddingIndex`, async () => {
    const db = freshDb('embeddings.db');
    // json_valid() in the table's CHECK stops at SQLite's own depth limit; a hostile file bypasses it.
    const py = spawnSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA ignore_check_constraints = ON")
c.execute("INSERT INTO embeddings (id, type, dim, vector, metadata) VALUES ('a','T',1,X'0000803F',NULL),('b','T',1,X'00000040',?)", (sys.stdin.read(),))
c.commit()`, db], { encoding: 'utf8', input: nested(depth) });  // on stdin: an argument holds at most 128 KiB
    assert.equal(py.status, 0, py.stderr);
    bothRefuse(['index', 'build', '--db', db, '--type', 'T', '--out', join(dir, 'out.idx')], "embeddings row 'b'");
    bothRefuse(['search', '--db', db, '--type', 'T', '--queries', oneQuery()], "embeddings row 'b'");
    const store = await openDatabase(db);
    try {
      assert.throws(() => store.loadEmbeddingIndex('T'), (e) => e instanceof LearnloopError && tooDeep.test(e.message) && /row 'b'/.test(e.message));
    } finally {
      store.dispose();
    }
  });

  test(`a snapshot whose metadata is ${depth} levels deep is refused by search and embeddingIndexFromBytes`, () => {
    const deep = nested(depth);
    const index = ll.embeddingIndex({ T: { dim: 1 } });
    index.store('T', 'a', [1], { k: 'x'.repeat(deep.length - 8) });
    const bytes = Buffer.from(index.toBytes());
    index.dispose();
    const at = bytes.indexOf('{"k":"x');
    assert.ok(at > 0);
    bytes.write(deep, at, 'latin1');
    let h = 0xcbf29ce484222325n;
    for (let i = 28; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i])) * 0x100000001b3n) & 0xffffffffffffffffn;
    bytes.writeBigUInt64LE(h, 20);
    const snapshot = file('deep.idx', bytes);
    bothRefuse(['search', '--index', snapshot, '--queries', oneQuery()], 'metadata of item 0');
    assert.throws(() => ll.embeddingIndexFromBytes(new Uint8Array(bytes)), (e) => e instanceof LearnloopError && e.code === 'parse_error' && tooDeep.test(e.message));
  });

  test(`JS entry points refuse JSON text ${depth} levels deep with a LearnloopError`, async () => {
    const refused = (fn, code) => assert.throws(fn, (e) => e instanceof LearnloopError && e.code === code && tooDeep.test(e.message));
    refused(() => ll.banditFromJSON(`{"format":"learnloop.bandit","version":1,"config":${nested(depth)}}`), 'parse_error');
    refused(() => ll.predict(`{"format":"learnloop.model","params":${nested(depth)}}`, { x: [1], rows: 1, cols: 1 }), 'parse_error');
    const store = await openDatabase(join(dir, 'js-ingest.db'));
    try {
      const text = `{"decision_id":"p","impressions":1,"collected_at":"2026-01-01","likes":${nested(depth)}}\n`;
      assert.throws(() => store.ingest(text, { table: 'outcomes', format: 'jsonl' }),
        (e) => e instanceof LearnloopError && /line 1: JSON at byte \d+ nests/.test(e.message));
    } finally {
      store.dispose();
    }
  });
}

test('metadata deeper than 64 levels is refused when written, at 65 and at 5,000 levels', () => {
  /** @param {number} levels @returns {Record<string, unknown>} */
  const deepObject = (levels) => {
    /** @type {Record<string, unknown>} */
    let o = {};
    for (let i = 1; i < levels; i++) o = { k: o };
    return o;
  };
  const index = ll.embeddingIndex({ T: { dim: 1 } });
  try {
    index.store('T', 'ok', [1], deepObject(64));
    for (const levels of [65, 5000]) {
      assert.throws(() => index.store('T', 'deep', [1], deepObject(levels)), (e) => e instanceof LearnloopError && tooDeep.test(e.message));
      assert.throws(() => index.updateMetadata('T', 'ok', deepObject(levels)), (e) => e instanceof LearnloopError && tooDeep.test(e.message));
    }
    assert.equal(index.count('T'), 1);
  } finally {
    index.dispose();
  }
});

test('100,000 columns are refused at ingest, in both CLIs and in JS; at the maximum the table answers', async () => {
  const wide = (n) => {
    const names = ['decision_id', 'impressions', 'collected_at'];
    for (let i = 3; i < n; i++) names.push(`c${i}`);
    return names;
  };
  const csv = (n) => `${wide(n).join(',')}\n${['a', '1', '2026-01-01', ...Array(n - 3).fill('1')].join(',')}\n`;
  const jsonl = (n) => JSON.stringify(Object.fromEntries(wide(n).map((c, i) => [c, i === 0 ? 'a' : i === 2 ? '2026-01-01' : 1]))) + '\n';
  for (const [name, text, message] of [
    ['wide.csv', csv(100000), 'the header has 100000 columns; learnloop ingests at most 1000 distinct columns'],
    ['wide.jsonl', jsonl(100000), 'line 1 brings the input to more than 1000 distinct columns'],
  ]) {
    const args = ['ingest', '--db', freshDb('wide.db'), '--table', 'outcomes', file(name, text)];
    const a = runCli(native, args);
    const b = runCli('npm-bin', args);
    assert.equal(a.status, 2, a.stderr);
    assert.ok(a.stderr.includes(message), a.stderr);
    assert.equal(b.status, 2);
    assert.equal(b.stderr, a.stderr);
  }
  const store = await openDatabase(join(dir, 'js-wide.db'));
  try {
    assert.throws(() => store.ingest(csv(100000), { table: 'outcomes' }), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /at most 1000 distinct columns/.test(e.message));
    const record = JSON.parse(jsonl(100000));
    assert.throws(() => store.writeMetrics('outcomes', record), (e) => e instanceof LearnloopError && /record 1 brings the records to more than 1000 distinct columns/.test(e.message));
    for (const text of [csv(1000), jsonl(1000)])
      assert.throws(() => store.ingest(text, { table: 'outcomes', format: text.startsWith('{') ? 'jsonl' : 'csv' }),
        (e) => e instanceof LearnloopError && /table 'outcomes' has no column 'c/.test(e.message) && !/at most/.test(e.message));
  } finally {
    store.dispose();
  }
});

test('merging a bandit with itself is refused and changes nothing; a copy still merges', () => {
  const b = ll.bandit({ policy: 'thompson', arms: ['a', 'b'] });
  try {
    for (let i = 0; i < 7; i++) b.update(i % 2, 1);
    const before = b.toJSON();
    assert.throws(() => b.merge(b), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /with itself/.test(e.message));
    assert.equal(b.toJSON(), before);
    const copy = ll.banditFromJSON(before);
    b.merge(copy);
    copy.dispose();
    assert.equal(JSON.parse(b.toJSON()).arms.reduce((n, a) => n + a.pulls, 0), 14);
  } finally {
    b.dispose();
  }
});

test('learnJob and learn --state validate a state whole: a missing key is refused, never counted twice', () => {
  const records = readFileSync(new URL('../golden/store/records.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const { state } = ll.learnJob({ records, date: '2026-03-12', today: '2026-11-23' });
  for (const key of ['through', 'content', 'timing']) {
    const partial = { ...state };
    delete partial[key];
    assert.throws(() => ll.learnJob({ records, state: partial, date: '2026-03-14', today: '2026-11-23' }),
      (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && e.message.startsWith(`state.${key} is missing`));
    const path = file('partial-state.json', JSON.stringify(partial));
    const args = ['learn', '--records', new URL('../golden/store/records.jsonl', import.meta.url).pathname, '--state', path, '--date', '2026-03-14'];
    const a = runCli(native, args);
    const b = runCli('npm-bin', args);
    assert.equal(a.status, 2, a.stderr);
    assert.equal(b.stderr, a.stderr);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), partial);
  }
});

test('a tampered schema version is named by both CLIs and by openDatabase, and setting it back repairs the file', async () => {
  const db = freshDb('version.db');
  const setVersion = (v) => {
    const py = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = %d" % int(sys.argv[2])); c.commit()', db, String(v)], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
  };
  const read = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])', db], { encoding: 'utf8' });
  const latest = Number(read.stdout);  // freshDb() wrote the latest schema
  assert.ok(latest >= 8, read.stdout + read.stderr);
  for (const version of [0, 1, 2, -1]) {
    setVersion(version);
    for (const args of [['info', '--db', db], ['init', '--db', db]]) {
      const a = runCli(native, args);
      const b = runCli('npm-bin', args);
      assert.equal(a.status, 2, a.stderr);
      assert.match(a.stderr, new RegExp(`schema version \\(PRAGMA user_version\\) is ${version}`));
      assert.equal(b.stderr, a.stderr);
      assert.equal(b.status, 2);
    }
    await assert.rejects(openDatabase(db), (e) => e instanceof LearnloopError && /PRAGMA user_version/.test(e.message));
  }
  setVersion(latest);  // the latest schema again: the file opens
  assert.equal(runCli('npm-bin', ['info', '--db', db]).status, 0);
});

test('predictions and budget figures that overflow a double are errors, in JS and in both CLIs', () => {
  const model = ll.fitRidge({ x: [1, 2, 3, 4, 5], rows: 5, cols: 1, y: [2, 4, 6, 8, 10] });
  const huge = { ...model, coefficients: [1e308] };
  assert.throws(() => ll.predict(huge, { x: [5], rows: 1, cols: 1 }), (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /predictions\[0\] is infinite/.test(e.message));
  const scenario = file('huge-budget.json', JSON.stringify({ base_budget: 1e308, baseline: { revenue: 1e308, conversions: 1e308 }, scenarios: [{ name: 'double', budget_change_percent: 100 }] }));
  const args = ['simulate-budget', '--scenario', scenario, '--iterations', '10', '--json'];
  const a = runCli(native, args);
  const b = runCli('npm-bin', args);
  assert.equal(a.status, 2, a.stdout);
  assert.match(a.stderr, /result\.scenarios\[0\]\./);
  assert.equal(b.stderr, a.stderr);
});

test('a number that overflows a double (1e999) is a parse_error, never a raw exception (found by fuzzing)', () => {
  assert.throws(() => ll.banditFromJSON('{"format":"learnloop.bandit","version":1e999}'), (e) => e instanceof LearnloopError && e.code === 'parse_error' && /number overflow/.test(e.message));
  const scenario = file('overflow.json', '{"base_budget":1e999,"scenarios":[]}');
  const a = runCli(native, ['simulate-budget', '--scenario', scenario]);
  const b = runCli('npm-bin', ['simulate-budget', '--scenario', scenario]);
  assert.equal(a.status, 2, a.stderr);
  assert.equal(b.stderr, a.stderr);
});
