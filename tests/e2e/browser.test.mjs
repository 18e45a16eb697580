// The web demo end to end in headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// web-demo/serve.mjs serves the repository root on 127.0.0.1, the page imports 'learnloop' through
// its import map and runs the default simulation. Checks: the page shows exactly the native CLI's
// `bandit simulate --json` output; a bad probability shows LearnloopError invalid_argument with the
// core's message and the page stays usable; init() returns one instance and the wasm is fetched
// once; an embeddings index built in the page equals the native CLI's snapshot and round-trips
// through IndexedDB. Saves build/test-logs/web-demo.png. Fails (never skips) when Chromium is missing.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from '../../web-demo/serve.mjs';
import { nativeCli, repoPath, runCli } from '../js/helpers.mjs';

const CHROMIUM = process.env.LEARNLOOP_CHROMIUM ?? '/usr/bin/chromium';
// playwright-core already passes --headless, --no-sandbox (chromiumSandbox is off by default),
// --no-first-run, --disable-background-networking, --disable-component-update, --disable-sync and a
// fresh temporary --user-data-dir (it refuses one in args); the rest of TOOLCHAIN.md's list is here.
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic'];
const SCREENSHOT = repoPath('build/test-logs/web-demo.png');
const DEFAULT_ARGS = ['--policy', 'thompson', '--probs', '0.02,0.03,0.05', '--rounds', '100000', '--seed', '7', '--json'];

let server;
let browser;
let page;
const wasmRequests = [];
const pageErrors = [];

/** Submits the form with the given fields and waits until that run has finished. */
async function runSimulation(fields) {
  const runsBefore = Number(await page.locator('body').getAttribute('data-runs'));
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
  await page.click('#run');
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, runsBefore);
}

/** What the page shows: error (code, message, visible) and the JSON report (visible). */
const pageState = () =>
  page.evaluate(() => ({
    errorVisible: !document.getElementById('error').hidden,
    code: document.getElementById('error-code').textContent,
    message: document.getElementById('error-message').textContent,
    reportVisible: !document.getElementById('report').hidden,
    result: document.getElementById('result').textContent,
    bars: document.querySelectorAll('#chart .bar').length,
  }));

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: the browser tests need it; ` +
      'install it with `make setup-browser` (bash scripts/setup.sh --browser)',
  );
  assert.ok(existsSync(repoPath('dist/browser.js')), 'dist/browser.js not found: run `make package` first');
  server = await startServer({ root: repoPath('.') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20_000 });
  page = await browser.newPage({ viewport: { width: 900, height: 720 } });
  page.setDefaultTimeout(15_000);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) wasmRequests.push(request);
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(`${server.pageUrl}simulate.html`);
  await page.waitForSelector('body[data-ready="1"]');
});

// Runs even when before() failed half way; browser first so no page holds a connection open.
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page shows the same report as the native CLI for the default simulation', async () => {
  const state = await pageState();
  assert.ok(!state.errorVisible, `the page shows an error: ${state.code} ${state.message}`);
  const cli = runCli(nativeCli(), ['bandit', 'simulate', ...DEFAULT_ARGS]);
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(state.result, cli.stdout.trim());
  assert.ok(state.reportVisible);
  assert.equal(state.bars, 3, 'one bar per arm');
  assert.match(await page.textContent('#version'), /^learnloop \d+\.\d+\.\d+/);

  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test('an invalid probability shows LearnloopError invalid_argument with the core message; the page stays usable', async () => {
  await runSimulation({ probs: '0.02,1.5,0.05', rounds: '1000', seed: '7' });
  const bad = await pageState();
  const cli = runCli(nativeCli(), ['bandit', 'simulate', '--probs', '0.02,1.5,0.05', '--rounds', '1000', '--seed', '7', '--json']);
  assert.equal(cli.status, 2);
  assert.ok(bad.errorVisible, 'the error element is visible');
  assert.equal(bad.code, 'invalid_argument');
  assert.equal(bad.message, 'probs[1] is 1.5; expected a probability in [0, 1]');
  assert.ok(cli.stderr.includes(bad.message), `the native CLI reports the same message: ${cli.stderr}`);
  assert.ok(!bad.reportVisible, 'no stale report next to the error');

  await runSimulation({ probs: '0.02,0.03,0.05', rounds: '100000', seed: '7' });
  const good = await pageState();
  assert.ok(!good.errorVisible, `the error is gone: ${good.code} ${good.message}`);
  assert.ok(good.reportVisible);
  assert.equal(good.result, runCli(nativeCli(), ['bandit', 'simulate', ...DEFAULT_ARGS]).stdout.trim());
});

test('choosing UCB1 in the page gives the native CLI numbers for UCB1', async () => {
  await page.selectOption('#policy', 'ucb1');
  await runSimulation({ probs: '0.02,0.03,0.05', rounds: '20000', seed: '3' });
  const state = await pageState();
  const cli = runCli(nativeCli(), ['bandit', 'simulate', '--policy', 'ucb1', '--probs', '0.02,0.03,0.05', '--rounds', '20000', '--seed', '3', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(state.result, cli.stdout.trim());
  await page.selectOption('#policy', 'thompson');
});

test('init() returns the same instance every time and the wasm is fetched once', async () => {
  const same = await page.evaluate(async () => {
    const { init, Learnloop } = await import('learnloop');
    const [a, b] = await Promise.all([init(), init()]);
    const c = await init();
    return a === b && b === c && a instanceof Learnloop;
  });
  assert.equal(same, true);
  assert.equal(wasmRequests.length, 1, `wasm requests: ${wasmRequests.map((r) => r.url()).join(', ')}`);
  const response = await wasmRequests[0].response();
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/wasm');
});

test('an embeddings index in the browser writes the native CLI snapshot and survives IndexedDB', async () => {
  // Random vectors (no exactly tied distances, whose order hnswlib leaves to the C++ library's heap).
  const golden = JSON.parse(readFileSync(repoPath('tests/golden/embeddings/knn.json'), 'utf8'));
  const { dim } = golden;
  const ids = golden.ids.slice(0, 200);
  const vectors = golden.vectors.slice(0, 200 * dim);
  const fvecs = Buffer.alloc(200 * (4 + 4 * dim));
  ids.forEach((_, r) => {
    fvecs.writeInt32LE(dim, r * (4 + 4 * dim));
    for (let i = 0; i < dim; i++) fvecs.writeFloatLE(vectors[r * dim + i], r * (4 + 4 * dim) + 4 + 4 * i);
  });
  const dir = repoPath('build/test-logs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/golden200.fvecs`, fvecs);
  writeFileSync(`${dir}/golden200.txt`, ids.map((id) => `${id}\n`).join(''));
  const out = `${dir}/golden200.index`;
  const cli = runCli(nativeCli(), ['index', 'build', '--vectors', `${dir}/golden200.fvecs`, '--ids', `${dir}/golden200.txt`, '--out', out]);
  assert.equal(cli.status, 0, cli.stderr);
  const expected = runCli(nativeCli(), ['search', '--index', out, '--queries', `${dir}/golden200.fvecs`, '-k', '3', '--json']);
  const result = await page.evaluate(
    async ({ ids, vectors, dim }) => {
      const { init, saveEmbeddingIndexToIndexedDB, loadEmbeddingIndexFromIndexedDB } = /** @type {typeof import('../../dist/browser.js')} */ (
        /** @type {unknown} */ (await import('learnloop')) // in the page, 'learnloop' is the browser build
      );
      const ll = await init();
      const index = ll.embeddingIndex({ default: { dim } });
      index.storeBatch('default', ids, new Float32Array(vectors));
      await saveEmbeddingIndexToIndexedDB(index, 'posts');
      const loaded = await loadEmbeddingIndexFromIndexedDB(ll, 'posts');
      const missing = await loadEmbeddingIndexFromIndexedDB(ll, 'nothing-here');
      const hits = loaded.search('default', vectors.slice(0, dim), { k: 3 }).map((h) => h.id);
      const bytes = Array.from(index.toBytes());
      const same = bytes.length === loaded.toBytes().length && loaded.toBytes().every((b, i) => b === bytes[i]);
      index.dispose();
      loaded.dispose();
      return { bytes, same, hits, missing: missing === undefined };
    },
    { ids, vectors, dim },
  );
  assert.deepEqual(Buffer.from(result.bytes), readFileSync(out), 'the browser snapshot is byte for byte the native one');
  assert.equal(result.same, true);
  assert.equal(result.missing, true);
  assert.deepEqual(result.hits, JSON.parse(expected.stdout).results[0].ids);
});

test('the page logged no errors', () => {
  assert.deepEqual(pageErrors, []);
});

test('a database written by the native CLI opens in the browser: same report, same learning run, and back', async () => {
  const date = '2026-11-22';
  const dbPath = repoPath('build/test-logs/browser-store.db');
  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  rmSync(dbPath, { force: true });
  const made = runCli(nativeCli(), ['demo', '--db', dbPath, '--date', date, '--days', '20']);
  assert.equal(made.status, 0, made.stderr);
  const report = JSON.parse(runCli(nativeCli(), ['report', '--db', dbPath, '--date', date, '--json']).stdout);
  const inBrowser = await page.evaluate(async ({ date }) => {
    // In the page, 'learnloop' is the browser build.
    const { openDatabase } = /** @type {typeof import('../../dist/browser.js')} */ (/** @type {unknown} */ (await import('learnloop')));
    const bytes = await (await fetch('/build/test-logs/browser-store.db')).arrayBuffer();
    const store = await openDatabase(bytes);
    try {
      const report = store.report(date);
      const learned = store.learn({ date: '2026-11-21', today: '2026-11-23' });
      let error;
      try {
        store.writeMetrics('outcomes', { decision_id: 'x', impressions: -1, collected_at: date });
      } catch (e) {
        error = { name: e.name, code: e.code, message: e.message };
      }
      return { report, learned, error, bytes: Array.from(store.export()) };
    } finally {
      store.dispose();
    }
  }, { date });
  assert.deepEqual(inBrowser.report, report);
  assert.equal(inBrowser.error.name, 'LearnloopError');
  assert.equal(inBrowser.error.code, 'invalid_argument');
  assert.match(inBrowser.error.message, /CHECK constraint failed/);
  // The browser's learning run equals the native one, and its exported file opens natively.
  const copy = repoPath('build/test-logs/browser-store-copy.db');
  rmSync(copy, { force: true });
  copyFileSync(dbPath, copy);
  const nativeRun = JSON.parse(runCli(nativeCli(), ['learn', '--db', copy, '--date', '2026-11-21', '--json']).stdout);
  assert.deepEqual(inBrowser.learned, nativeRun);
  const exported = repoPath('build/test-logs/browser-export.db');
  writeFileSync(exported, Buffer.from(inBrowser.bytes));
  const history = (p) => runCli(nativeCli(), ['history', '--db', p, '--days', '5', '--today', date, '--json']).stdout;
  assert.equal(history(exported), history(copy));
  assert.deepEqual(pageErrors, []);
});
