// The shipped type declarations work for a TypeScript consumer: tests/types/consumer.ts and every
// ```ts example in the README must type-check against dist/*.d.ts (resolved through package.json
// "exports" -> "types", by self-reference from inside the repository) under the consumer settings of
// tests/types/tsconfig.json (strict, skipLibCheck false, NodeNext, ES2022, no extra lib), with the
// TypeScript the project pins (5.x) and with the current major (7.x, tsgo) where it is installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { readmeTypeScript, repoPath, typeScriptCompilers } from './helpers.mjs';

const { compilers, missing } = typeScriptCompilers();

/** A consumer project at `dir` (inside the repository): consumer.ts and the README's ts blocks, with the consumer tsconfig. */
export function writeConsumerProject(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(repoPath('tests/types/consumer.ts'), join(dir, 'consumer.ts'));
  const blocks = readmeTypeScript();
  blocks.forEach((code, i) => writeFileSync(join(dir, `readme-${i}.ts`), code));
  const tsconfig = JSON.parse(readFileSync(repoPath('tests/types/tsconfig.json'), 'utf8'));
  tsconfig.files = ['consumer.ts', ...blocks.map((_, i) => `readme-${i}.ts`)];
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return blocks.length;
}

test('the README has TypeScript examples', () => {
  assert.ok(readmeTypeScript().length >= 3, 'README ```ts blocks');
});

for (const { name, bin } of compilers) {
  test(`${name}: a TypeScript service and the README's ts examples type-check against the shipped .d.ts files`, () => {
    const dir = repoPath(`build/types-consumer-${name.includes('7') ? 7 : 5}`);
    writeConsumerProject(dir);
    const r = spawnSync(bin, ['-p', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${name} failed:\n${r.stdout}${r.stderr}`);
  });
}

for (const reason of missing) test('TypeScript 7 type-checks the consumer', { skip: reason }, () => {});

test('the consumer check fails on a type error in a README example (the check can fail)', () => {
  const dir = repoPath('build/types-consumer-broken');
  writeConsumerProject(dir);
  writeFileSync(join(dir, 'readme-0.ts'), "import { init } from 'learnloop';\nconst ll = await init();\nconst n: number = ll.simulateBandit({ probs: [0.1], rounds: 1 }).policy;\nexport { n };\n");
  const r = spawnSync(compilers[0].bin, ['-p', dir], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout, /readme-0\.ts.*TS2322/);
});
