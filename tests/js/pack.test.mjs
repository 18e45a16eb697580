// The package as users get it: `npm pack`, install the tarball into a fresh project outside the
// repository (from npm's cache where `npm ci` filled it, else the registry, as a user's install does),
// then run the README's JS examples and the installed bin there. Catches files missing from "files",
// broken exports and paths that only resolve inside the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { nativeCli, readmeExamples, repoPath, runCli } from './helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

test('the packed tarball installs into a fresh project where the README examples and the bin work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'learnloop-pack-'));
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], repoPath('.')));
  const files = packed.files.map((f) => f.path);
  for (const needed of ['dist/node.js', 'dist/browser.js', 'dist/cli.js', 'dist/learnloop_wasm.wasm', 'dist/learnloop_wasm.mjs', 'dist/node.d.ts'])
    assert.ok(files.includes(needed), `${needed} is in the tarball`);
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('core/') || f.startsWith('build/')), 'no sources or build output');

  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed.filename)], app);
  assert.ok(existsSync(join(app, 'node_modules/@sqlite.org/sqlite-wasm/package.json')), 'the sqlite-wasm dependency is installed');

  const examples = readmeExamples().filter(([lang]) => lang === 'js');
  assert.ok(examples.length > 0, 'the README has JS examples');
  examples.forEach(([, code, expected], i) => {
    const file = join(app, `example-${i}.mjs`);
    writeFileSync(file, code);
    assert.equal(execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' }), expected, `README JS example ${i}`);
  });

  const args = ['bandit', 'simulate', '--probs', '0.02,0.03,0.05', '--rounds', '5000', '--seed', '3', '--json'];
  const installed = execFileSync(join(app, 'node_modules/.bin/learnloop'), args, { encoding: 'utf8' });
  assert.equal(installed, runCli(nativeCli(), args).stdout);
});
