// Shared helpers for the node:test suites: golden files, the native CLI binary, the npm bin.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/** The README's ```ts blocks, each made a module (`export {}`) so blocks do not share top-level names. */
export function readmeTypeScript() {
  const readme = readFileSync(repoPath('README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => `${m[1]}export {};\n`);
}

/**
 * The TypeScript compilers a consumer may use: the version the project pins (5.x, `tsc`) and the current major
 * (7.x, `tsgo` from @typescript/native-preview) when it is installed; `missing` says why one is absent.
 * @returns {{ compilers: Array<{ name: string, bin: string }>, missing: string[] }}
 */
export function typeScriptCompilers() {
  const compilers = [{ name: 'TypeScript 5 (tsc)', bin: repoPath('node_modules/.bin/tsc') }];
  const missing = [];
  const tsgo = repoPath('node_modules/.bin/tsgo');
  if (existsSync(tsgo)) compilers.push({ name: 'TypeScript 7 (tsgo)', bin: tsgo });
  else missing.push('TypeScript 7 (@typescript/native-preview, a devDependency) is not installed: run npm ci');
  return { compilers, missing };
}

/**
 * `npm pack` of the repository into a new temporary folder; the tarball's path and its file list.
 * @param {string} prefix temporary folder name prefix
 * @returns {{ dir: string, tarball: string, files: string[] }}
 */
export function packTarball(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoPath('.'), encoding: 'utf8', env });
  const [packed] = /** @type {{ filename: string, files: { path: string }[] }[]} */ (JSON.parse(out));
  if (!packed) throw new Error('npm pack printed no package');
  return { dir, tarball: join(dir, packed.filename), files: packed.files.map((f) => f.path) };
}

/**
 * Lays out what `npm install <tarball> ...links` gives `app`, without a registry or an npm cache (a
 * fresh machine has neither warmed): the tarball unpacked into node_modules/learnloop, its bin linked
 * into node_modules/.bin, and its dependencies plus `links` linked to the copies `npm ci` installed
 * from the repository's lockfile. Fails when the tarball declares a dependency the lockfile lacks.
 * @param {string} tarball path of the packed tarball
 * @param {string} app project folder (must exist)
 * @param {string[]} [links] more packages from the repository's node_modules (e.g. 'vite')
 */
export function installTarball(tarball, app, links = []) {
  const modules = join(app, 'node_modules');
  const pkgDir = join(modules, 'learnloop');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
  const manifest = /** @type {{ dependencies?: Record<string, string>, bin?: Record<string, string> }} */ (
    JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  );
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...links]) {
    const installed = repoPath(`node_modules/${name}`);
    if (!existsSync(join(installed, 'package.json'))) throw new Error(`${name} is not installed from the lockfile (run scripts/setup.sh)`);
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(installed, join(modules, name), 'dir');
  }
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    chmodSync(join(pkgDir, target), 0o755);
    symlinkSync(join('..', 'learnloop', target), join(modules, '.bin', name));
  }
}

/**
 * Runs `[cmd, ...args]` without blocking the event loop (other children run meanwhile).
 * @param {string} cmd the program
 * @param {string[]} args its arguments
 * @returns {Promise<{ status: number | null, stderr: string }>} its exit status and stderr
 */
export function spawnCollecting(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/**
 * Why this Node has no node:sqlite backend (Node 20, 22.13-22.15), for `skip`; undefined on Node 22.16+ and 24,
 * where openDatabase() opens files in place.
 */
export function noNodeSqlite() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 16)) return undefined;
  return `Node ${process.versions.node} has no node:sqlite backend (Node 22.16+ and 24 have it)`;
}

/**
 * Starts an ES module's source text in a child Node (this one) with `args` as process.argv[2..] (after a placeholder
 * script name, as a script would see them); `options` go to
 * spawn (uid, gid, env). Returns the child and a promise of its exit status, signal, stdout and stderr.
 */
export function startModule(source, args = [], options = {}) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source, 'child', ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  /** @type {Promise<{ status: number | null, signal: string | null, stdout: string, stderr: string }>} */
  const done = new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done };
}

/** Runs an ES module's source text in a child Node (startModule()) and resolves with its result. */
export const runModule = (source, args = [], options = {}) => startModule(source, args, options).done;

/** The URL of the built package's Node entry point, for child processes to import. */
export const packageUrl = new URL('../../dist/node.js', import.meta.url).href;
