// The README's examples cannot rot: every ```js and ```sh block is run and its output compared
// with the ```text block that follows it. The sh block runs against the native CLI and the npm bin.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    for (const [name, env] of [
      ['native', { ...process.env, PATH: `${binDir}:${process.env.PATH}` }],
      ['npm bin', { ...process.env, PATH: process.env.PATH }],
    ]) {
      const script = name === 'native' ? code : code.replaceAll(/^learnloop /gm, `${npmBin} `);
      assert.equal(execFileSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', env }), expected, name);
    }
  });
}
