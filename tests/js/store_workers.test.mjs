// Long work off the main thread (issue 18 item 13): learnInWorker() and buildIndexInWorker() run in a worker thread on
// the same database file (node:sqlite, Node 22.16+ and 24) while the main thread's event loop keeps ticking, with
// progress arriving here; their answers equal the store methods'. On Node 20 (in-memory store, which a worker
// cannot share) both refuse with invalid_argument, saying so.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { buildIndexInWorker, LearnloopError, learnInWorker, openDatabase } from '../../dist/node.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-workers-'));
const DATE = '2026-11-22';
const major = Number(process.versions.node.split('.')[0]);
const minor = Number(process.versions.node.split('.')[1]);
const hasNodeSqlite = major >= 23 || (major === 22 && minor >= 16);

/** Event-loop ticks of this thread (a 2 ms interval runs while ticking() does). */
let ticks = 0;

/** Runs `work` with the tick counter going; resolves with its answer and the ticks counted meanwhile. */
async function ticking(work) {
  const start = ticks;
  const timer = setInterval(() => ticks++, 2);
  try {
    const value = await work();
    return { value, ticks: ticks - start };
  } finally {
    clearInterval(timer);
  }
}

/** A database file with 60 days of demo history (and 32-d caption embeddings), written by the store itself. */
async function demoFile(name) {
  const path = join(dir, name);
  const store = await openDatabase(path);
  try {
    store.generateDemo({ endDate: DATE, days: 60, postsPerDay: 40, seed: 7 });
  } finally {
    store.dispose();
  }
  return path;
}

test('on Node without node:sqlite, learnInWorker and buildIndexInWorker refuse: the in-memory store cannot be shared', { skip: hasNodeSqlite }, async () => {
  const refused = (e) => e instanceof LearnloopError && e.code === 'invalid_argument' && /Node 22\.16\+ or 24/.test(e.message) && /cannot share/.test(e.message);
  await assert.rejects(learnInWorker(join(dir, 'none.db'), { date: DATE, today: DATE }), refused);
  await assert.rejects(buildIndexInWorker(join(dir, 'none.db'), 'TEXT_CAPTION'), refused);
});

test('learnInWorker learns the day in a worker while the event loop ticks, with progress; the run is in the file', { skip: !hasNodeSqlite }, async () => {
  const path = await demoFile('learn.db');
  const progress = [];
  const { value: run, ticks: during } = await ticking(() =>
    learnInWorker(path, { date: DATE, today: DATE }, (label, done, total) => progress.push({ label, done, total, ticks })));
  assert.equal(run.status, 'ok', JSON.stringify(run));
  assert.ok(progress.length > 1, 'progress arrived');
  assert.ok(progress.every((p) => p.done <= p.total));
  assert.ok(during >= 5, `the main thread ticked ${during} times while the worker ran`);
  // Between the job's first and last progress (the learning itself), this thread's timers kept firing.
  const learning = progress.at(-1).ticks - progress[0].ticks;
  assert.ok(learning >= 1, `the main thread ticked ${learning} times between the first and last progress: ${JSON.stringify(progress)}`);
  // The worker's writes are in the file: a store opened here sees the run, and learning again answers already_learned.
  const store = await openDatabase(path);
  try {
    const again = store.learn({ date: DATE, today: DATE });
    assert.equal(again.status, 'already_learned');
    assert.deepEqual(store.report(DATE), run.report);
  } finally {
    store.dispose();
  }
  await assert.rejects(learnInWorker(path, { date: 'yesterday' }), (e) => e instanceof LearnloopError && e.code === 'invalid_argument');
  await assert.rejects(learnInWorker(join(dir, 'missing.db'), { date: DATE }), (e) => e instanceof LearnloopError && e.code === 'not_found');
});

test('buildIndexInWorker builds and stores the index in a worker while the event loop ticks; the next start loads the snapshot', { skip: !hasNodeSqlite }, async () => {
  const path = await demoFile('index.db');
  const progress = [];
  const { value: built, ticks: during } = await ticking(() => buildIndexInWorker(path, 'TEXT_CAPTION', {}, (label, done, total) => progress.push([label, done, total])));
  try {
    assert.equal(built.load.source, 'rebuilt');
    assert.equal(built.load.snapshot_stored, true);
    assert.ok(progress.length > 0 && progress.at(-1)[1] === built.load.rows, JSON.stringify(progress.at(-1)));
    assert.ok(during >= 1, `the main thread ticked ${during} times`);
    const store = await openDatabase(path);
    try {
      const loaded = store.loadEmbeddingIndexWithInfo('TEXT_CAPTION');
      try {
        assert.equal(loaded.load.source, 'snapshot');
        assert.deepEqual(loaded.index.toBytes(), built.index.toBytes());
        const query = Float32Array.from({ length: 32 }, (_, d) => Math.sin(d));
        assert.deepEqual(built.index.search('TEXT_CAPTION', query, { k: 5 }), loaded.index.search('TEXT_CAPTION', query, { k: 5 }));
      } finally {
        loaded.index.dispose();
      }
    } finally {
      store.dispose();
    }
  } finally {
    built.index.dispose();
  }
  await assert.rejects(buildIndexInWorker(path, 'NOPE'), (e) => e instanceof LearnloopError && e.code === 'not_found');
});
