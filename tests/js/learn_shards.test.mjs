// The sharded learning run through the npm bin (wasm) and the native CLI: `learn --shard i/2` twice and `learn
// --merge` (with --force: the demo learned the day already) on copies of one demo database store the same run, bit
// for bit (the same partial bytes and the same
// merge on both targets); the merge's answer equals the one-process run's in counts and arms; and the bin refuses a
// bad shard spec and a missing shard with the core's messages. One process learns a forgetting bandit (which shards
// refuse) with the same bytes on both targets.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { nativeCli, runCli } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-learn-shards-'));
const DATE = '2026-11-22';
const base = join(dir, 'base.db');

/** Runs the CLI (`which`: the native binary or 'npm-bin') and returns its JSON answer; a failure throws its stderr. */
function json(which, args) {
  const r = runCli(which, [...args, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

/** What the run stored, read back through the CLI: the stored report, the run's history line, the rows per table. */
function stored(which, db) {
  return [
    runCli(which, ['report', '--db', db, '--date', DATE, '--json']).stdout,
    runCli(which, ['history', '--db', db, '--today', DATE, '--days', '1', '--json']).stdout,
    runCli(which, ['info', '--db', db, '--json']).stdout,
  ];
}

test('setup: a demo database', () => {
  const r = runCli(nativeCli(), ['demo', '--db', base, '--date', DATE, '--days', '20']);
  assert.equal(r.status, 0, r.stderr);
});

test('two shards and a merge store the same run natively and in wasm, and agree with one process', () => {
  const answers = {};
  const tables = {};
  for (const which of [nativeCli(), 'npm-bin']) {
    const db = join(dir, `${which === 'npm-bin' ? 'wasm' : 'native'}.db`);
    copyFileSync(base, db);
    for (const shard of ['0/2', '1/2']) {
      const stored = json(which, ['learn', '--db', db, '--date', DATE, '--shard', shard, '--force']);
      assert.equal(stored.status, 'shard_stored');
      assert.equal(stored.shard, shard);
    }
    answers[which] = json(which, ['learn', '--db', db, '--date', DATE, '--merge', '--force']);
    tables[which] = stored(which, db);
  }
  const [native, wasm] = [answers[nativeCli()], answers['npm-bin']];
  assert.equal(native.status, 'ok');
  assert.equal(native.shards, 2);
  assert.deepEqual(wasm, native);
  assert.deepEqual(tables['npm-bin'], tables[nativeCli()]);
  const single = join(dir, 'single.db');
  copyFileSync(base, single);
  const one = json(nativeCli(), ['learn', '--db', single, '--date', DATE, '--force']);
  assert.equal(native.outcomes_read, one.outcomes_read);
  assert.equal(native.new_outcomes, one.new_outcomes);
  assert.deepEqual(
    native.bandits.content.arms.map((/** @type {any} */ a) => [a.arm, a.successes, a.failures, a.pulls]),
    one.bandits.content.arms.map((/** @type {any} */ a) => [a.arm, a.successes, a.failures, a.pulls]),
  );
  assert.deepEqual(native.report.best_performers, one.report.best_performers);
});

test('one process learns a forgetting bandit in window order, the same bytes natively and in wasm; a shard refuses it', () => {
  // The demo learned only its last day: the day before has no previous run, so the options make new bandits.
  const day = '2026-11-21';
  const forgetting = ['--content-discount', '0.9', '--timing-window', '30'];
  const answers = [];
  for (const which of [nativeCli(), 'npm-bin']) {
    const db = join(dir, `forgetting-${which === 'npm-bin' ? 'wasm' : 'native'}.db`);
    copyFileSync(base, db);
    const refused = runCli(which, ['learn', '--db', db, '--date', day, '--shard', '0/2', ...forgetting]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /learn this date in one process/);
    const r = runCli(which, ['learn', '--db', db, '--date', day, ...forgetting, '--json']);
    assert.equal(r.status, 0, r.stderr);
    answers.push(r.stdout);
  }
  assert.equal(answers[1], answers[0]);
  const answer = JSON.parse(answers[0]);
  assert.equal(answer.status, 'ok');
  assert.ok(answer.new_outcomes > 0);
  // Discounted counts are fractional: the discount was applied, row by row.
  assert.ok(answer.bandits.content.arms.some((/** @type {any} */ a) => !Number.isInteger(a.successes)));
});

test('the npm bin refuses a bad shard spec and a missing shard, saying what to run', () => {
  const db = join(dir, 'refusals.db');
  copyFileSync(base, db);
  const bad = runCli('npm-bin', ['learn', '--db', db, '--date', DATE, '--shard', '3/2']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--shard: shard "3\/2" is out of range/);
  json('npm-bin', ['learn', '--db', db, '--date', DATE, '--shard', '0/2', '--force']);
  const merge = runCli('npm-bin', ['learn', '--db', db, '--date', DATE, '--merge', '--force']);
  assert.notEqual(merge.status, 0);
  assert.match(merge.stderr, /shard 1\/2 of 2026-11-22 is missing; run learn --shard 1\/2/);
});
