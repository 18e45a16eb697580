// Which backend openDatabase() gives in Node and what each promises (issue 19): node:sqlite on Node
// 22.16+ and 24 opens the file in place (every write in the file when its call returns, save() a no-op,
// the native backend's messages for bad files, `busy` for a lock held past the timeout, a killed writer
// harmless); the in-memory backend (Node 20, or backend: 'memory' anywhere) warns once, never reads a
// file without the rows of its -wal, and save() refuses to overwrite another process's rows or a file it
// cannot write. Read-only cases run the child as user nobody (root writes anything).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { LearnloopError, openDatabase } from '../../dist/node.js';
import { nativeCli, noNodeSqlite, packageUrl, runCli, runModule, startModule } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-backend-'));
chmodSync(dir, 0o755);
const native = nativeCli();
const noSqlite = noNodeSqlite();
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

let count = 0;
/** A new database path in the test folder. */
const fresh = (name = 'db') => join(dir, `${name}-${count++}.db`);

/** True when `fn` rejects or throws a LearnloopError with `code` whose message matches `pattern`. */
const isError = (code, pattern) => (/** @type {any} */ e) => e instanceof LearnloopError && e.code === code && pattern.test(e.message);

/** One outcome row. */
const outcome = (id) => ({ decision_id: id, impressions: 10, collected_at: '2026-01-01' });

/** Outcome rows in the file at `path`, counted by the native CLI. */
function outcomeCount(path) {
  const r = runCli(native, ['info', '--db', path, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).tables.outcomes;
}

test('openDatabase gives node:sqlite where Node has it, else memory; backend chooses', async () => {
  const store = await openDatabase(fresh());
  const memory = await openDatabase(fresh(), { backend: 'memory' });
  try {
    assert.equal(store.backend, noSqlite ? 'memory' : 'node:sqlite');
    assert.equal(memory.backend, 'memory');
  } finally {
    store.dispose();
    memory.dispose();
  }
  await assert.rejects(openDatabase(fresh(), /** @type {any} */ ({ backend: 'disk' })), isError('invalid_argument', /backend/));
  if (noSqlite) await assert.rejects(openDatabase(fresh(), { backend: 'node:sqlite' }), isError('invalid_argument', /needs Node 22\.16\+/));
});

test('node:sqlite: every write is in the file when its call returns; save() does nothing', { skip: noSqlite }, async () => {
  const path = fresh();
  const store = await openDatabase(path);
  try {
    store.writeMetrics('outcomes', [outcome('a'), outcome('b')]);
    store.recordPrediction({ prediction_id: 'p1', predicted_ctr: 0.05, predicted_at: '2026-03-09T08:00:00Z' });
    // Another process reads them while this store is open, before any save().
    assert.ok(existsSync(`${path}-wal`), 'the file is in WAL mode');
    assert.equal(outcomeCount(path), 2);
    const other = await runModule(
      `const { openDatabase } = await import(${JSON.stringify(packageUrl)});
       const s = await openDatabase(process.argv[2], { create: false });
       s.writeMetrics('outcomes', { decision_id: 'c', impressions: 3, collected_at: '2026-01-02' });
       console.log(s.readMetrics('outcomes').length, s.predictionAccuracy({ now: '2026-03-10T00:00:00Z' }).total_predictions ?? 0);
       s.dispose();`,
      [path],
    );
    assert.equal(other.status, 0, other.stderr);
    assert.equal(other.stdout.trim(), '3 0');
    // This store sees the other process's row at once.
    assert.equal(store.readMetrics('outcomes').length, 3);
    store.save();
    assert.equal(store.export().length > 0, true);
  } finally {
    store.dispose();
  }
  assert.ok(!existsSync(`${path}-wal`), 'the last close folds the write-ahead log into the file');
});

test('node:sqlite: bad files get the native messages', { skip: noSqlite }, async () => {
  await assert.rejects(openDatabase(join(dir, 'no-such-folder', 'x.db')), isError('not_found', /cannot open database .*unable to open database file/));
  mkdirSync(join(dir, 'a-folder.db'));
  await assert.rejects(openDatabase(join(dir, 'a-folder.db')), isError('not_found', /it is a folder; expected a SQLite database file/));
  const text = fresh('text');
  writeFileSync(text, 'this is not sqlite, just text that is long enough to have a header');
  await assert.rejects(openDatabase(text), isError('not_found', /file is not a database/));
  assert.equal(readFileSync(text, 'utf8').startsWith('this is not sqlite'), true, 'the file is left as it was');
  await assert.rejects(openDatabase(fresh(), { create: false }), isError('not_found', /no such database/));
  // A newer schema: the core's check, on this backend too.
  const newer = fresh('newer');
  const s = await openDatabase(newer);
  s.dispose();
  const bump = await runModule(
    `const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
     const db = new DatabaseSync(process.argv[2]); db.exec('PRAGMA user_version = 99'); db.close();`,
    [newer],
  );
  assert.equal(bump.status, 0, bump.stderr);
  await assert.rejects(openDatabase(newer), (/** @type {any} */ e) => e.code === 'unsupported_version' && /schema version 99/.test(e.message));
});

/**
 * Source of a child that opens argv[2] as user nobody (a read-only file for it), reads, then tries a write; prints
 * JSON. It starts as root and drops to nobody itself once learnloop and the backend's modules are loaded (a scratch
 * store at argv[3] loads them): the repository may sit in a folder only root can enter (a 0700 mktemp clone), which
 * a child spawned as nobody could not even import from.
 */
const readOnlyChild = (backend) => `
  const { openDatabase } = await import(${JSON.stringify(packageUrl)});
  const options = { backend: ${JSON.stringify(backend)} };
  (await openDatabase(process.argv[3], options)).dispose();
  process.setgroups([${NOBODY}]);
  process.setgid(${NOBODY});
  process.setuid(${NOBODY});
  const s = await openDatabase(process.argv[2], { ...options, create: false });
  const out = { backend: s.backend, rows: s.readMetrics('outcomes').length };
  try { s.writeMetrics('outcomes', { decision_id: 'z', impressions: 1, collected_at: '2026-01-01' }); s.save(); out.wrote = true; }
  catch (e) { out.code = e.code; out.message = e.message; }
  s.dispose();
  console.log(JSON.stringify(out));`;

for (const backend of ['node:sqlite', 'memory']) {
  test(`${backend}: a read-only file reads, a write gets a clear error and the file stays`, { skip: (backend === 'node:sqlite' && noSqlite) || (!isRoot && 'needs root to run the child as nobody') }, async () => {
    const path = fresh('ro');
    const store = await openDatabase(path);
    store.writeMetrics('outcomes', outcome('a'));
    store.save();
    store.dispose();
    chownSync(path, 0, 0);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    const r = await runModule(readOnlyChild(backend), [path, fresh('ro-scratch')]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.backend, backend);
    assert.equal(out.rows, 1);
    assert.equal(out.wrote, undefined);
    assert.equal(out.code, 'invalid_argument');
    assert.match(out.message, /is read-only: this command writes to it/);
    assert.deepEqual(readFileSync(path), before);
  });
}

test('node:sqlite: a writer held off past the busy timeout gets busy, and nothing is lost', { skip: noSqlite }, async () => {
  const path = fresh('busy');
  const store = await openDatabase(path);
  try {
    // Another process takes the write lock and keeps it for 6.5 s (the timeout is 5 s).
    const holder = runModule(
      `const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
       const db = new DatabaseSync(process.argv[2]);
       db.exec('BEGIN IMMEDIATE'); console.log('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6500);
       db.exec('ROLLBACK'); db.close();`,
      [path],
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    const started = Date.now();
    assert.throws(() => store.writeMetrics('outcomes', outcome('late')), isError('busy', /is busy: another process held its lock for longer than the 5000 ms busy timeout/));
    assert.ok(Date.now() - started >= 4500, 'it waited for the busy timeout first');
    assert.equal((await holder).status, 0);
    store.writeMetrics('outcomes', outcome('after'));
    assert.deepEqual(store.readMetrics('outcomes').map((r) => r.decision_id), ['after']);
  } finally {
    store.dispose();
  }
});

test('node:sqlite: a writer killed in the middle of a transaction leaves the file consistent', { skip: noSqlite }, async () => {
  const path = fresh('killed');
  const store = await openDatabase(path);
  try {
    store.writeMetrics('outcomes', outcome('before'));
    let csv = 'decision_id,impressions,collected_at\n';
    for (let i = 0; i < 200000; i++) csv += `k${i},${i},2026-01-01\n`;
    const csvPath = join(dir, 'killed.csv');
    writeFileSync(csvPath, csv);
    // The child ingests 200,000 rows in one transaction and is killed (as an OOM killer or a deploy would) once it
    // reports progress, that is inside the transaction.
    const { child, done } = startModule(
      `const { openDatabase } = await import(${JSON.stringify(packageUrl)});
       const { readFileSync } = await import('node:fs');
       const s = await openDatabase(process.argv[2]);
       let told = false;
       s.ingest(readFileSync(process.argv[3], 'utf8'), { table: 'outcomes', onProgress: () => { if (!told) { told = true; console.log('writing'); } } });
       console.log('finished');`,
      [path, csvPath],
    );
    await new Promise((resolve) => child.stdout.on('data', resolve));
    child.kill('SIGKILL');
    const r = await done;
    assert.equal(r.signal, 'SIGKILL', `the child was still writing (stdout: ${r.stdout})`);
    // The others go on: this store writes and reads, the native CLI too, and the file checks out.
    store.writeMetrics('outcomes', outcome('after'));
    assert.deepEqual(store.readMetrics('outcomes').map((row) => row.decision_id).sort(), ['after', 'before']);
    assert.equal(outcomeCount(path), 2);
  } finally {
    store.dispose();
  }
  const check = await runModule(
    `const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
     const db = new DatabaseSync(process.argv[2]); console.log(db.prepare('PRAGMA integrity_check').get().integrity_check); db.close();`,
    [path],
  );
  assert.equal(check.stdout.trim(), 'ok', check.stderr);
});

test('memory: save() refuses to overwrite rows another process wrote since the file was read', async () => {
  const path = fresh('stale');
  const first = await openDatabase(path, { backend: 'memory' });
  first.save();
  first.dispose();
  // An old fixed temporary name beside the file belongs to someone else: it is never written or removed.
  writeFileSync(`${path}.tmp-learnloop`, 'not ours');
  const store = await openDatabase(path, { backend: 'memory' });
  try {
    store.writeMetrics('outcomes', outcome('mine'));
    const csv = join(dir, 'stale.csv');
    writeFileSync(csv, 'decision_id,impressions,collected_at\ntheirs,1,2026-01-01\n');
    const r = runCli(native, ['ingest', '--db', path, '--table', 'outcomes', '--file', csv]);
    assert.equal(r.status, 0, r.stderr);
    assert.throws(() => store.save(), isError('busy', /database .* changed on disk: another process wrote it .*nothing was written/));
  } finally {
    store.dispose();
  }
  assert.equal(outcomeCount(path), 1, "the other process's row is kept");
  assert.equal(readFileSync(`${path}.tmp-learnloop`, 'utf8'), 'not ours');
  // Reopened, the redone write saves.
  const again = await openDatabase(path, { backend: 'memory' });
  again.writeMetrics('outcomes', outcome('mine'));
  again.save();
  again.dispose();
  assert.equal(outcomeCount(path), 2);
});

test('memory: a file whose -wal holds committed rows is not read without them', async () => {
  const path = fresh('pending');
  const store = await openDatabase(path, { backend: 'memory' });
  store.save();
  store.dispose();
  // A writer in WAL mode that exits without closing leaves its committed rows in the -wal only.
  const python = spawnSync('/usr/bin/python3', ['-c', `
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA journal_mode=WAL')
db.execute("INSERT INTO outcomes (decision_id, impressions, collected_at) VALUES ('in-wal', 1, '2026-01-01')")
os._exit(0)`, path], { encoding: 'utf8' });
  assert.equal(python.status, 0, python.stderr);
  assert.ok(readFileSync(`${path}-wal`).length > 32);
  await assert.rejects(openDatabase(path, { backend: 'memory' }), isError('not_found', /write-ahead log .*holds rows that are not in the file yet/));
  // Once a SQLite opener folds the log in, the in-memory store reads the row.
  assert.equal(outcomeCount(path), 1);
  const after = await openDatabase(path, { backend: 'memory' });
  try {
    assert.deepEqual(after.readMetrics('outcomes').map((r) => r.decision_id), ['in-wal']);
  } finally {
    after.dispose();
  }
});

test('memory: opening files warns once per process that writes wait for save()', async () => {
  const r = await runModule(
    `const { openDatabase } = await import(${JSON.stringify(packageUrl)});
     for (const p of [process.argv[2], process.argv[3]]) (await openDatabase(p, { backend: 'memory' })).dispose();`,
    [fresh('warn'), fresh('warn')],
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(/LearnloopWarning/g)?.length, 1, r.stderr);
  assert.match(r.stderr, /writes are held in memory until save\(\), and processes writing the same file overwrite each other/);
});

test('importing learnloop (and opening a file on node:sqlite) prints nothing on stderr', async () => {
  const open = noSqlite ? '' : `const s = await m.openDatabase(process.argv[2]); s.writeMetrics('outcomes', { decision_id: 'q', impressions: 1, collected_at: '2026-01-01' }); s.dispose();`;
  const r = await runModule(`const m = await import(${JSON.stringify(packageUrl)}); ${open}`, [fresh('quiet')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  // Other warnings still get through: only node:sqlite's own ExperimentalWarning is dropped.
  const other = await runModule(
    `const m = await import(${JSON.stringify(packageUrl)}); ${open} process.emitWarning('something else', 'ExperimentalWarning');`,
    [fresh('quiet')],
  );
  assert.match(other.stderr, /ExperimentalWarning: something else/);
});
