// Shared by the dashboard's browser tests: starts the static server and Debian's Chromium (playwright-core),
// writes a database with the native CLI, and waits for the page the way its test hooks say (<body
// data-state> leaves "loading"; data-settled counts finished user actions), and serves a context without cross-origin
// isolation. Not a test file itself.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

import { chromium } from 'playwright-core';

import { startServer } from '../../web-demo/serve.mjs';
import { nativeCli, repoPath, runCli } from '../js/helpers.mjs';

const CHROMIUM = process.env.LEARNLOOP_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts the server and Chromium and writes `dir`/`name` (a `days`-day demo history ending `date`, seed `seed`)
 * with the native CLI. Resolves to { server, browser, db } where db is the database's path below the server root.
 */
export async function startDashboard({ dir, name, date, days, seed }) {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it with \`make setup-browser\``);
  assert.ok(existsSync(repoPath('dist/browser.js')), 'dist/browser.js not found: run `make package` first');
  rmSync(repoPath(dir), { recursive: true, force: true });
  mkdirSync(repoPath(dir), { recursive: true });
  mkdirSync(repoPath('build/test-logs'), { recursive: true });
  const db = `${dir}/${name}`;
  const demo = runCli(nativeCli(), ['demo', '--db', repoPath(db), '--date', date, '--days', String(days), '--seed', String(seed)]);
  assert.equal(demo.status, 0, demo.stderr);
  const server = await startServer({ root: repoPath('.') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'], timeout: 20_000 });
  return { server, browser, db };
}

/** Opens the dashboard at `query` in `page` and waits until it has settled (ready or failed). */
export async function loadDashboard(page, pageUrl, query = '') {
  await page.goto(`${pageUrl}${query}`);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 120_000 });
}

/** Does `act` in `page` and waits until the page has finished the user action it started. */
export async function settle(page, act) {
  const settled = Number(await page.getAttribute('body', 'data-settled'));
  await act();
  await page.waitForFunction((n) => Number(document.body.dataset.settled) > n, settled, { timeout: 120_000 });
}

/** The error box: whether it shows, its code and message. */
export const errorShown = (page) =>
  page.evaluate(() => ({ visible: !document.getElementById('error').hidden, code: document.getElementById('error-code').textContent,
    message: document.getElementById('error-message').textContent }));

/** Makes every response to `context` come without COOP/COEP, so its pages are not cross-origin isolated. */
export async function withoutIsolation(context) {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}
