// The reproducer issue 16 kept for issue 19 (item 15): a SQLite file written by the native CLI while the
// npm bin ingests into it. The native write is never lost: on Node 22.16+ and 24 the npm bin writes the
// file in place through node:sqlite (the two writers take turns on SQLite's lock, 50,001 rows); on Node 20
// the npm bin holds the file in memory, and its save refuses to overwrite a file another process changed
// (a clear `busy` error, the native row kept) instead of silently writing its stale copy back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { nativeCli, noNodeSqlite, repoPath, runCli, spawnCollecting as run } from './helpers.mjs';

const native = nativeCli();
const dir = mkdtempSync(join(tmpdir(), 'learnloop-shared-'));
const npmBin = repoPath(JSON.parse(readFileSync(repoPath('package.json'), 'utf8')).bin.learnloop);

/** Outcome rows `prefix`0 .. `prefix`(n-1) as CSV. */
function outcomes(prefix, n) {
  let csv = 'decision_id,impressions,collected_at\n';
  for (let i = 0; i < n; i++) csv += `${prefix}${i},${10 + i},2026-01-01\n`;
  const path = join(dir, `${prefix}.csv`);
  writeFileSync(path, csv);
  return path;
}

function outcomeCount(db) {
  const r = runCli(native, ['info', '--db', db, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).tables.outcomes;
}

test('item 15: a native write while the npm bin ingests into the same file is not lost', async () => {
  const db = join(dir, 'shared.db');
  assert.equal(runCli(native, ['init', '--db', db]).status, 0);
  // The npm bin loads the file, then ingests 50,000 rows for a while; the native CLI commits one row in the meantime.
  const big = run(process.execPath, [npmBin, 'ingest', '--db', db, '--table', 'outcomes', '--file', outcomes('w', 50000)]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const one = await run(native, ['ingest', '--db', db, '--table', 'outcomes', '--file', outcomes('n', 1)]);
  assert.equal(one.status, 0, one.stderr);
  const r = await big;
  if (noNodeSqlite() === undefined || r.status === 0) {
    // In place (node:sqlite), or in memory when the native write came before the npm bin read the file.
    assert.equal(r.status, 0, r.stderr);
    assert.equal(outcomeCount(db), 50001);
  } else {
    assert.match(r.stderr, /database .* changed on disk: another process wrote it .*nothing was written/);
    assert.equal(outcomeCount(db), 1);
  }
});
