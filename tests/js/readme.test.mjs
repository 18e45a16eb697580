// The README's examples cannot rot: every ```js and ```sh block is run and its output compared
// with the ```text block that follows it. The sh block runs against the native CLI and the npm bin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname } from 'node:path';
import { test } from 'node:test';

import { nativeCli, readmeExamples as examples, repoPath } from './helpers.mjs';

test('the README has a JS example and a CLI example, each with its output', () => {
  const langs = examples().map(([lang]) => lang);
  assert.ok(langs.includes('js') && langs.includes('sh'), `found ${langs}`);
});

for (const [lang, code, expected] of examples()) {
  test(`README ${lang} example prints what the README says`, () => {
    if (lang === 'js') {
      // Inside the repository, so 'learnloop' resolves to this package by self-reference.
      const file = repoPath('build/readme/example.mjs');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, code);
      assert.equal(execFileSync(process.execPath, [file], { encoding: 'utf8' }), expected);
      return;
    }
    const binDir = dirname(nativeCli());
    const npmBin = `node ${repoPath('dist/cli.js')}`;
    for (const [name, env] of /** @type {Array<[string, NodeJS.ProcessEnv]>} */ ([
      ['native', { ...process.env, PATH: `${binDir}:${process.env.PATH}` }],
      ['npm bin', { ...process.env, PATH: process.env.PATH }],
    ])) {
      const script = name === 'native' ? code : code.replaceAll(/^learnloop /gm, `${npmBin} `);
      assert.equal(execFileSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', env }), expected, name);
    }
  });
}

test('the README states the wasm and loader sizes within 5% of the built files', () => {
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  const m = readme.match(/The wasm module is ([\d,]+) KB raw, ([\d,]+) KB gzipped \(`dist\/learnloop_wasm\.wasm`\), plus a ([\d,]+) KB\s+loader \(([\d,]+) KB gzipped\)/);
  assert.ok(m, 'the Size section states the sizes');
  const kb = (text) => Number(text.replaceAll(',', '')) * 1000;
  for (const [file, raw, gzipped] of [['learnloop_wasm.wasm', m[1], m[2]], ['learnloop_wasm.mjs', m[3], m[4]]]) {
    const bytes = readFileSync(repoPath(`dist/${file}`));
    for (const [stated, actual, what] of /** @type {Array<[number, number, string]>} */ ([[kb(raw), bytes.length, 'raw'], [kb(gzipped), gzipSync(bytes, { level: 9 }).length, 'gzipped']]))
      assert.ok(Math.abs(stated - actual) <= 0.05 * actual, `${file} ${what}: README says ${stated} bytes, the build has ${actual}`);
  }
});
