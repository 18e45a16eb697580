// Shared helpers for the node:test suites: golden files, the native CLI binary, the npm bin.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in the repository. */
export const repoPath = (relative) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** Parsed tests/golden/<relative>. */
export const loadGolden = (relative) => JSON.parse(readFileSync(repoPath(`tests/golden/${relative}`), 'utf8'));

/** True when a and b agree within relative tolerance `rel` (absolute near zero). */
export const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** Path of the native CLI from the sanitizer build that `make test` builds (release as fallback). */
export function nativeCli() {
  for (const dir of ['build/native-debug/bin', 'build/native-release/bin']) {
    const path = repoPath(`${dir}/learnloop`);
    if (existsSync(path)) return path;
  }
  throw new Error('native learnloop binary not found: run `make native-debug` first');
}

/** Runs a CLI (native binary path, or 'npm-bin' for the package's bin) and returns {status, stdout, stderr}. */
export function runCli(which, args) {
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8'));
  const [cmd, argv] = which === 'npm-bin' ? [process.execPath, [repoPath(pkg.bin.learnloop), ...args]] : [which, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Output of a shell command run from the repository root. */
export const sh = (command) => execFileSync('bash', ['-c', command], { cwd: repoPath('.'), encoding: 'utf8' });

/** The README's examples as [language, code, expected output]: each ```js or ```sh block followed by a ```text block. */
export function readmeExamples() {
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
  const pairs = [];
  blocks.forEach((b, i) => {
    if ((b.lang === 'js' || b.lang === 'sh') && blocks[i + 1]?.lang === 'text') pairs.push([b.lang, b.body, blocks[i + 1].body]);
  });
  return pairs;
}
