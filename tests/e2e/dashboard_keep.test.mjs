// The dashboard keeps the opened database across page loads: in OPFS through sqlite-wasm's opfs VFS when the
// page is cross-origin isolated (serve.mjs sends COOP/COEP), in IndexedDB when it is not (the headers stripped
// by a route), and says where and why; on reload without ?db it reopens the kept database (not the demo one),
// and a bad file picked later never replaces it. Saves build/test-logs/dashboard-kept-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { repoPath } from '../js/helpers.mjs';
import { errorShown, loadDashboard, settle, startDashboard, withoutIsolation } from './dashboard_page.mjs';

let server;
let browser;
let db;

before(async () => {
  ({ server, browser, db } = await startDashboard({ dir: 'build/test-e2e-keep', name: 'kept.db', date: '2026-10-05', days: 21, seed: 5 }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the page says about the open database. */
const shown = (page) =>
  page.evaluate(() => ({ source: document.getElementById('source').textContent,
    storage: document.getElementById('storage').dataset.storage, reason: document.getElementById('storage').textContent,
    date: /** @type {HTMLInputElement} */ (document.getElementById('learn-date')).value }));

/** Loads ?db=`db` in a fresh browser context, reloads the page without it, and returns what each load showed. */
async function loadThenReload(context, name) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await loadDashboard(page, server.pageUrl, `?db=/${db}`);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  const first = await shown(page);
  await loadDashboard(page, server.pageUrl);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.equal((await errorShown(page)).visible, false);
  const second = await shown(page);
  await page.screenshot({ path: repoPath(`build/test-logs/dashboard-kept-${name}.png`), fullPage: true });
  assert.deepEqual(pageErrors, []);
  return { page, first, second };
}

test('a cross-origin isolated page keeps the database in OPFS and reopens it on reload', async () => {
  const context = await browser.newContext();
  try {
    const { page, first, second } = await loadThenReload(context, 'opfs');
    assert.equal(first.storage, 'opfs', first.reason);
    assert.match(first.source, new RegExp(`^/${db} · [\\d,]+ outcomes · kept in OPFS$`));
    assert.match(first.reason, /^Kept: OPFS/);
    // Reopened from OPFS, not the demo database: the same name, outcomes and last day.
    assert.equal(second.storage, 'opfs');
    assert.equal(second.source, `reopened ${first.source}`);
    assert.equal(second.date, '2026-10-05');

    // A file that is not SQLite is refused before it can replace the kept database.
    await settle(page, () => page.setInputFiles('#open-file', { name: 'notes.db', mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a database\n'.repeat(100)) }));
    assert.equal((await errorShown(page)).code, 'not_found');
    await loadDashboard(page, server.pageUrl);
    assert.equal((await shown(page)).source, `reopened ${first.source}`);
  } finally {
    await context.close();
  }
});

test('without cross-origin isolation it is kept in IndexedDB, and the page says why', async () => {
  const context = await browser.newContext();
  // The same server without COOP/COEP: no SharedArrayBuffer, so no OPFS through sqlite-wasm.
  await withoutIsolation(context);
  try {
    const { page, first, second } = await loadThenReload(context, 'indexeddb');
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    assert.equal(first.storage, 'indexeddb', first.reason);
    assert.match(first.source, / · kept in IndexedDB$/);
    assert.match(first.reason, /IndexedDB.*OPFS is unavailable: the page is not cross-origin isolated/);
    assert.equal(second.storage, 'indexeddb');
    assert.equal(second.source, `reopened ${first.source}`);
    assert.equal(second.date, '2026-10-05');
  } finally {
    await context.close();
  }
});

test('the package says why a storage is refused, and keeps nothing when asked for memory', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The page's main thread (no worker): sqlite-wasm installs no OPFS there.
    await page.goto(`${server.url}web-demo/theme.css`);
    const answers = await page.evaluate(async () => {
      const entry = '/dist/browser.js';
      const { keptDatabase, openDatabase } = await import(entry);
      const sqliteUrl = '/node_modules/@sqlite.org/sqlite-wasm/index.mjs';
      const outcome = (promise) => promise.then((value) => ({ value }), (error) => ({ code: error.code, message: error.message }));
      const memory = await openDatabase(undefined, { sqliteUrl, keep: { name: 'm.db', storage: 'memory' } });
      const backend = memory.backend;
      memory.dispose();
      return {
        opfs: await outcome(keptDatabase({ name: 'x.db', storage: 'opfs' }, { sqliteUrl })),
        auto: await outcome(keptDatabase({ name: 'x.db' }, { sqliteUrl })),
        memory: await outcome(keptDatabase({ name: 'm.db', storage: 'memory' }, { sqliteUrl })),
        badName: await outcome(keptDatabase({ name: '../x.db' }, { sqliteUrl })),
        badStorage: await outcome(keptDatabase({ name: 'x.db', storage: 'disk' }, { sqliteUrl })),
        backend,
      };
    });
    assert.equal(answers.opfs.code, 'invalid_argument');
    assert.match(answers.opfs.message, /^cannot keep the database in OPFS: /);
    assert.equal(answers.auto.value.storage, 'indexeddb');
    assert.equal(answers.auto.value.exists, false);
    assert.match(answers.auto.value.reason, /OPFS is unavailable: /);
    assert.deepEqual(answers.memory.value, { storage: 'memory', reason: 'memory only, as asked: closing the page drops the database', exists: false });
    assert.equal(answers.badName.code, 'invalid_argument');
    assert.equal(answers.badStorage.code, 'invalid_argument');
    assert.equal(answers.backend, 'memory');
  } finally {
    await context.close();
  }
});
