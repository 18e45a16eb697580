// The package in a Vite app, as users build one: npm pack, unpack the tarball into a fresh project's
// node_modules beside the repository's own Vite and sqlite-wasm (linked from the lockfile's install,
// so no registry or npm cache is needed), `vite build`, serve the output and open it in headless
// Chromium. The page must find learnloop's wasm next to its own chunk, give the native CLI's
// simulation and open a store; sqlite-wasm must sit in its own chunk, fetched only when a store is
// opened, so pages without a store never download it. openPostgres() over PGlite runs from the built app too (its
// Web Worker bundled by Vite; the server sends COOP/COEP).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from '../../web-demo/serve.mjs';
import { installTarball, nativeCli, packTarball, runCli } from '../js/helpers.mjs';

const CHROMIUM = process.env.LEARNLOOP_CHROMIUM ?? '/usr/bin/chromium';
const SIMULATION = { policy: 'thompson', probs: [0.02, 0.03, 0.05], rounds: 20000, seed: 3 };

const MAIN_JS = `import { init, openDatabase, openPostgres } from 'learnloop';
const ll = await init();
const report = ll.simulateBandit(${JSON.stringify(SIMULATION)});
document.getElementById('report').textContent = JSON.stringify(report);
document.getElementById('open').addEventListener('click', async () => {
  const store = await openDatabase();
  store.writeMetrics('content_metadata', { decision_id: 'vite-1', platform: 'tiktok' });
  document.getElementById('store').textContent = JSON.stringify(store.overview());
  store.dispose();
});
document.getElementById('pg').addEventListener('click', async () => {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  const store = await openPostgres(pglite);
  await store.writeMetrics('content_metadata', { decision_id: 'vite-pg-1', platform: 'tiktok' });
  document.getElementById('pg-store').textContent = JSON.stringify(await store.overview());
  await store.close();
  await pglite.close();
});
document.body.dataset.ready = '1';
`;
const INDEX_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>learnloop in Vite</title></head>
<body><pre id="report"></pre><button id="open">open a store</button><pre id="store"></pre>
<button id="pg">open PostgreSQL (PGlite)</button><pre id="pg-store"></pre>
<script type="module" src="./main.js"></script></body></html>
`;

let app;
let server;
let browser;

before(() => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it with \`make setup-browser\``);
  const { dir, tarball } = packTarball('learnloop-vite-');
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), INDEX_HTML);
  writeFileSync(join(app, 'main.js'), MAIN_JS);
  writeFileSync(join(app, 'vite.config.js'), "export default { build: { target: 'es2022' }, logLevel: 'warn' };\n");
  installTarball(tarball, app, ['vite', '@electric-sql/pglite']);
  execFileSync(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: app, encoding: 'utf8' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('vite build puts learnloop\'s wasm beside its chunk and sqlite-wasm in a chunk of its own', () => {
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => /^learnloop_wasm-.*\.wasm$/.test(f)), `learnloop's wasm is emitted: ${assets}`);
  assert.ok(assets.some((f) => /^sqlite3-.*\.wasm$/.test(f)), `sqlite's wasm is emitted: ${assets}`);
  const entry = readFileSync(join(app, 'dist/index.html'), 'utf8').match(/src="\/assets\/([^"]+\.js)"/)[1];
  const entryCode = readFileSync(join(app, 'dist/assets', entry), 'utf8');
  assert.ok(!entryCode.includes('sqlite3-opfs-async-proxy'), 'sqlite-wasm is not in the entry chunk');
});

test('the built page runs the native CLI\'s simulation and fetches sqlite-wasm only when a store is opened', async () => {
  server = await startServer({ root: join(app, 'dist') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'], timeout: 20_000 });
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}index.html`);
  await page.waitForSelector('body[data-ready="1"]');
  const cli = runCli(nativeCli(), ['bandit', 'simulate', '--policy', 'thompson', '--probs', '0.02,0.03,0.05', '--rounds', '20000', '--seed', '3', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(await page.textContent('#report'), cli.stdout.trim());
  assert.ok(fetched.some((p) => p.includes('learnloop_wasm')), 'learnloop\'s wasm was fetched');
  assert.ok(!fetched.some((p) => p.includes('sqlite3')), `sqlite-wasm is not fetched before a store is opened: ${fetched}`);

  await page.click('#open');
  await page.waitForFunction(() => document.getElementById('store').textContent !== '');
  const overview = JSON.parse(await page.textContent('#store'));
  assert.equal(overview.tables.content_metadata, 1);
  assert.ok(fetched.some((p) => /sqlite3-.*\.wasm$/.test(p)), 'sqlite-wasm is fetched once a store is opened');
  assert.deepEqual(errors, []);
});

test('openPostgres over PGlite runs in the built app, its worker bundled by Vite', async () => {
  server ??= await startServer({ root: join(app, 'dist') });
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'], timeout: 20_000 });
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}index.html`);
  await page.waitForSelector('body[data-ready="1"]');
  await page.click('#pg');
  await page.waitForFunction(() => document.getElementById('pg-store').textContent !== '');
  const overview = JSON.parse(await page.textContent('#pg-store'));
  assert.equal(overview.tables.content_metadata, 1);
  assert.deepEqual(errors, []);
  await page.close();
});
