// The learning job and other writers on one file through node:sqlite (issue 19, item 2, with the contract of
// DESIGN.md): while learn() computes it holds no lock, so another process's one-row write with no busy timeout
// at all goes through at once; and when two processes learn the same date at once, one commits and the other
// answers already_learned with the first run. Deterministic: the other process runs from inside learn()'s
// onProgress callback, after the snapshot was read and before the commit. Node 20's in-memory store cannot
// share a file, so these are skipped there.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { nativeCli, noNodeSqlite, packageUrl, runCli, runModule } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-learn-lock-'));
const native = nativeCli();
const END = '2026-11-22';
/** The demo learns END; the tests learn the day before. */
const DATE = '2026-11-21';

/** A 30-day demo database written by the native CLI. */
function demo(name) {
  const path = join(dir, name);
  const r = runCli(native, ['demo', '--db', path, '--date', END, '--days', '30']);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

/** Rows of learning_runs in the file at `path`, counted by the native CLI. */
function learningRuns(path) {
  const r = runCli(native, ['info', '--db', path, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).tables.learning_runs;
}

/**
 * A child that learns DATE on argv[2]; when the job reports step 1 of 4 (snapshot read, nothing held), it runs
 * `during` (a Node source text given argv[2]) in another process and waits for it. Prints {result, during}.
 */
const learnWith = (during) => `
  const { openDatabase } = await import(${JSON.stringify(packageUrl)});
  const { spawnSync } = await import('node:child_process');
  const s = await openDatabase(process.argv[2], { create: false });
  let during;
  const result = s.learn({ date: '${DATE}', today: '2026-11-23', onProgress: (label, done) => {
    if (done !== 1 || during) return;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', ${JSON.stringify(during)}, 'child', process.argv[2]], { encoding: 'utf8' });
    during = { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
  } });
  s.dispose();
  console.log(JSON.stringify({ status: result.status, runs: result.run?.date, during }));`;

test('a one-row write while learn() computes goes through at once (no lock held, busy timeout 0)', { skip: noNodeSqlite() }, async () => {
  const path = demo('compute.db');
  const before = learningRuns(path);
  const write = `
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const db = new DatabaseSync(process.argv[2]);
    db.exec('PRAGMA busy_timeout = 0');
    const started = Date.now();
    db.exec("BEGIN IMMEDIATE; INSERT INTO outcomes (decision_id, impressions, collected_at) VALUES ('during-learn', 1, '2026-11-23'); COMMIT");
    console.log(Date.now() - started);
    db.close();`;
  const r = await runModule(learnWith(write), [path]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 'ok');
  assert.equal(out.during.status, 0, `the write was refused while learn computed: ${out.during.stderr}`);
  assert.equal(learningRuns(path), before + 1);
});

test('two processes learning the same date at once: one commits, the other answers already_learned', { skip: noNodeSqlite() }, async () => {
  const path = demo('race.db');
  const before = learningRuns(path);
  // The second process learns the date completely while the first computes; the first then finds its run.
  const second = `
    const { openDatabase } = await import(${JSON.stringify(packageUrl)});
    const s = await openDatabase(process.argv[2], { create: false });
    console.log(s.learn({ date: '${DATE}', today: '2026-11-23' }).status);
    s.dispose();`;
  const r = await runModule(learnWith(second), [path]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.during.status, 0, out.during.stderr);
  assert.equal(out.during.stdout, 'ok');
  assert.equal(out.status, 'already_learned');
  assert.equal(out.runs, DATE);
  assert.equal(learningRuns(path), before + 1);
});
