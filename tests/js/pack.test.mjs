// The package as users get it: `npm pack`, install the tarball into a fresh project outside the
// repository (laid out as npm would, its dependency linked from the lockfile's install: no registry
// or npm cache needed), then run the README's JS examples and the installed bin there. Catches files
// missing from "files", broken exports and paths that only resolve inside the repository.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { installTarball, nativeCli, packTarball, readmeExamples, readmeTypeScript, repoPath, runCli, typeScriptCompilers } from './helpers.mjs';

test('the packed tarball installs into a fresh project where the README examples and the bin work', () => {
  const { dir, tarball, files } = packTarball('learnloop-pack-');
  for (const needed of ['dist/node.js', 'dist/browser.js', 'dist/cli.js', 'dist/learnloop_wasm.wasm', 'dist/learnloop_wasm.mjs', 'dist/node.d.ts'])
    assert.ok(files.includes(needed), `${needed} is in the tarball`);
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('core/') || f.startsWith('build/')), 'no sources or build output');

  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // With the optional peer the README's PostgreSQL example imports (pg, and its types), as a user who installed it.
  installTarball(tarball, app, ['pg', '@types/pg']);
  assert.ok(existsSync(join(app, 'node_modules/@sqlite.org/sqlite-wasm/package.json')), 'the sqlite-wasm dependency is installed');

  const examples = readmeExamples().filter(([lang]) => lang === 'js');
  assert.ok(examples.length > 0, 'the README has JS examples');
  examples.forEach(([, code, expected], i) => {
    const file = join(app, `example-${i}.mjs`);
    writeFileSync(file, code);
    assert.equal(execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' }), expected, `README JS example ${i}`);
  });

  // A consumer's ordinary TypeScript setup (tests/types/tsconfig.json: strict, skipLibCheck false, NodeNext, target
  // ES2022 and no extra `lib`) type-checks a service and the README's ts examples against the installed tarball's
  // .d.ts files, with TypeScript 5 (pinned) and 7 (tsgo, where installed: see types.test.mjs for the skip).
  const blocks = readmeTypeScript();
  copyFileSync(repoPath('tests/types/consumer.ts'), join(app, 'consumer.ts'));
  blocks.forEach((code, i) => writeFileSync(join(app, `readme-${i}.ts`), code));
  const tsconfig = JSON.parse(readFileSync(repoPath('tests/types/tsconfig.json'), 'utf8'));
  tsconfig.files = ['consumer.ts', ...blocks.map((_, i) => `readme-${i}.ts`)];
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
  for (const { name, bin } of typeScriptCompilers().compilers) {
    const tsc = spawnSync(bin, ['-p', app], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `${name} in the consumer project failed:\n${tsc.stdout}${tsc.stderr}`);
  }

  const args = ['bandit', 'simulate', '--probs', '0.02,0.03,0.05', '--rounds', '5000', '--seed', '3', '--json'];
  const installed = execFileSync(join(app, 'node_modules/.bin/learnloop'), args, { encoding: 'utf8' });
  assert.equal(installed, runCli(nativeCli(), args).stdout);
});
