// The shipped type declarations work for a TypeScript consumer: tests/types/consumer.ts must
// type-check against dist/*.d.ts (resolved through package.json "exports" -> "types").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { repoPath } from './helpers.mjs';

test('a TypeScript service type-checks against the shipped .d.ts files', () => {
  const r = spawnSync(repoPath('node_modules/.bin/tsc'), ['-p', repoPath('tests/types/tsconfig.json')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
