// The dashboard for keyboard users, screen readers and phones, and in plain words: every input, select and
// button has an accessible name (its <label>, checked in Chromium's accessibility tree); a keyboard-only walk
// with Tab reaches every control with a visible focus ring, and Enter/Space work the disclosure and form
// controls; at 1280 and 375 px wide the page never scrolls sideways and the report's columns stack on the phone;
// the statistical jargon is only inside <details>, and the virality actions are the native CLI's, each
// suggested platform with its chance. Saves build/test-logs/dashboard-1280.png and dashboard-375.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { nativeCli, repoPath, runCli } from '../js/helpers.mjs';
import { loadDashboard, settle, startDashboard } from './dashboard_page.mjs';

const DIR = 'build/test-e2e-access';
const DATE = '2026-11-22';
/** Phrases the issue named as jargon: allowed one click away (in <details>), never in the page's plain text. */
const JARGON = ['precision', 'recall', 'held-out correlation', "spec 000's composite", 'mean reward', 'posterior mean', 'UCB1', 'Beta(',
  'Monte Carlo', 'HNSW', 'TEXT_CAPTION'];

let server;
let browser;
let db;
let context;
let page;

before(async () => {
  ({ server, browser, db } = await startDashboard({ dir: DIR, name: 'access.db', date: DATE, days: 30, seed: 9 }));
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await loadDashboard(page, server.pageUrl, `?db=/${db}`);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test('every input, select and button has an accessible name from its label', async () => {
  const unnamed = await page.$$eval('input, select, button, progress', (fields) =>
    fields.filter((f) => {
      const labelled = 'labels' in f && f.labels.length > 0 && [...f.labels].some((l) => l.textContent.trim() !== '');
      return !(labelled || f.getAttribute('aria-label') || (f.tagName === 'BUTTON' && f.textContent.trim()));
    }).map((f) => f.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  // The same seen by assistive technology: no form control in the accessibility tree without a name.
  const tree = await page.locator('body').ariaSnapshot();
  const nameless = tree.split('\n').filter((line) => /^\s*- (textbox|combobox|button|spinbutton|progressbar)(?! ")/.test(line));
  assert.deepEqual(nameless, [], tree);
  for (const [role, name] of [['button', 'Load the demo database'], ['combobox', 'Planned platform'], ['spinbutton', 'How many'],
    ['button', 'Run the learning job']])
    assert.equal(await page.getByRole(role, { name, exact: true }).count(), 1, `${role} "${name}"`);
});

test('a keyboard-only walk reaches every control with a visible focus ring; Enter and Space work them', async () => {
  const controls = await page.$$eval('input, select, button, summary', (all) =>
    all.filter((c) => !c.disabled && c.getClientRects().length > 0 && !c.closest('details:not([open]) > :not(summary)'))
      .map((c, i) => {
        c.dataset.walk = String(i);
        return i;
      }));
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  const reached = new Set();
  const invisible = [];
  for (let step = 0; step < 200 && reached.size < controls.length; step++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || active.dataset.walk === undefined) return undefined;
      // The file input is transparent over its label: the ring is drawn on the label (:focus-within).
      const ringOn = active instanceof HTMLInputElement && active.type === 'file' ? active.closest('.file') : active;
      const style = getComputedStyle(ringOn);
      return { walk: active.dataset.walk, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, id: active.id || active.textContent };
    });
    if (!focus) continue;
    reached.add(Number(focus.walk));
    if (!focus.ring) invisible.push(focus.id);
  }
  const missed = await page.$$eval('[data-walk]', (all, seen) => all.filter((c) => !seen.includes(Number(c.dataset.walk)))
    .map((c) => c.id || c.outerHTML.slice(0, 60)), [...reached]);
  assert.deepEqual(missed, [], 'controls Tab never reached');
  assert.deepEqual(invisible, [], 'controls focused without a visible ring');

  // Enter and Space open and close a disclosure ("How this is computed").
  const summary = page.locator('#arms-panel summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.$eval('#arms-panel details', (d) => d.open), true);
  await page.keyboard.press('Space');
  assert.equal(await page.$eval('#arms-panel details', (d) => d.open), false);
  // Enter in a form field submits its form: the similarity search runs from the keyboard.
  await page.fill('#similar-k', '3');
  await page.focus('#similar-k');
  await settle(page, () => page.keyboard.press('Enter'));
  assert.equal(await page.locator('#similar-results tbody tr').count(), 3);
});

test('the heatmap\'s values are also a table, the native CLI\'s numbers by weekday and hour', async () => {
  const platform = await page.inputValue('#timing-platform');
  const cli = runCli(nativeCli(), ['besttime', '--db', repoPath(db), '--platform', platform, '--date', DATE, '--days', '28', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const best = JSON.parse(cli.stdout);
  const rows = await page.$$eval('#timing-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const fmt = (v, n) => (v === null ? '–' : `${(v * 100).toFixed(2)}% (${n})`);
  assert.deepEqual(rows, Object.keys(best.weekday_hour_performance).map((day) =>
    [day, ...best.weekday_hour_performance[day].map((v, h) => fmt(v, best.weekday_hour_posts[day][h]))]));
  assert.equal(await page.locator('#timing-table thead th').count(), 25);
});

/** The page's width against the window's, and where the report's two columns sit. */
const layout = () =>
  page.evaluate(() => {
    const [left, right] = [...document.querySelectorAll('#report-panel .columns > div')].map((d) => d.getBoundingClientRect());
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, stacked: right.top >= left.bottom - 1 && right.left === left.left };
  });

for (const width of [1280, 375]) {
  test(`at ${width} px wide the page does not scroll sideways`, async () => {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForFunction((w) => innerWidth === w, width);
    const shape = await layout();
    assert.ok(shape.scrollWidth <= shape.innerWidth, `scrollWidth ${shape.scrollWidth} > innerWidth ${shape.innerWidth}`);
    assert.equal(shape.stacked, width < 760, 'the report columns stack on a phone, side by side on a desktop');
    await page.screenshot({ path: repoPath(`build/test-logs/dashboard-${width}.png`), fullPage: true });
  });
}

test('statistics and spec names are one click away, never in the plain text', async () => {
  const { plain, details } = await page.evaluate(() => {
    const clone = /** @type {HTMLElement} */ (document.body.cloneNode(true));
    const inside = [...clone.querySelectorAll('details')].map((d) => d.textContent).join('\n');
    clone.querySelectorAll('details, script').forEach((d) => d.remove());
    return { plain: clone.textContent, details: inside };
  });
  for (const phrase of JARGON) assert.ok(!plain.includes(phrase), `"${phrase}" outside <details>`);
  assert.match(details, /Beta\(posts above \+ 1, posts below \+ 1\)/);
  assert.match(details, /held-out correlation/);
  const models = await page.$$eval('#report-models li', (items) => items.map((li) => li.textContent));
  assert.ok(models.length >= 1 && models.every((m) => !/\d\.\d{4}/.test(m)), models.join('\n'));
});

test('the virality actions are the native CLI\'s, and a suggested platform comes with its chance', async () => {
  // Each platform as the planned one: wherever another platform is a clear finding, the action says how sure.
  const platforms = await page.$$eval('#virality-platform option', (options) => options.map((o) => o.value));
  let suggestions = 0;
  for (const platform of platforms) {
    await page.selectOption('#virality-platform', platform);
    await settle(page, () => page.click('#virality-run'));
    const content = { platform, content_type: await page.inputValue('#virality-type'), hook_type: 'story', quality_score: 0.8,
      posted_hour: 14, duration_seconds: 30 };
    writeFileSync(repoPath(`${DIR}/content.json`), JSON.stringify(content));
    const cli = runCli(nativeCli(), ['virality', '--db', repoPath(db), '--content', repoPath(`${DIR}/content.json`), '--date', DATE, '--json']);
    assert.equal(cli.status, 0, cli.stderr);
    const { recommendations } = JSON.parse(cli.stdout);
    const actions = await page.$$eval('#virality-actions li', (items) => items.map((li) => li.textContent));
    assert.deepEqual(actions, recommendations.actions);
    for (const action of actions.filter((a) => a.startsWith('Consider '))) {
      suggestions++;
      assert.match(action, /better with (>99|\d+)% probability$/);
      assert.ok(recommendations.best_platform_chance >= 0.9);
    }
  }
  console.log(`# virality: ${suggestions} platform suggestion(s) over ${platforms.length} planned platforms`);
});
