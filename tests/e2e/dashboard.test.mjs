// The learning dashboard end to end in headless Chromium (Debian's chromium via playwright-core):
// the page opens a demo database written by the native CLI, runs the learning job in its worker and
// must show the native CLI's numbers for the same day on the same file; similar content must equal
// the package's search in Node, and best time, virality and the budget simulator must equal the
// native CLI's besttime, virality and simulate-budget; a file that is not SQLite, a database from a newer schema, an empty
// database and a wasm that fails to load are each reported and leave the page usable. Saves
// build/test-logs/dashboard.png.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { openDatabase } from '../../dist/node.js';
import { nativeCli, repoPath, runCli } from '../js/helpers.mjs';
import { errorShown as errorShownIn, loadDashboard, settle as settleIn, startDashboard } from './dashboard_page.mjs';

const DIR = 'build/test-e2e';
const DATE = '2026-11-22';
const SCREENSHOT = repoPath('build/test-logs/dashboard.png');

let server;
let browser;
let page;
/** The database the page opens, below the server root. */
let DB;
const pageErrors = [];
const percent = (v) => `${(v * 100).toFixed(2)}%`;

/** Opens the dashboard at `query` in `target` and waits until it has settled. */
const load = (target, query) => loadDashboard(target, server.pageUrl, query);

const tableRows = (id) =>
  page.$$eval(`#${id} tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));

const errorShown = () => errorShownIn(page);

/** Does `act` in the page and waits until the page has finished the action it started. */
const settle = (act) => settleIn(page, act);

const pickFile = (name, buffer) => settle(() => page.setInputFiles('#open-file', { name, mimeType: 'application/octet-stream', buffer }));

before(async () => {
  ({ server, browser, db: DB } = await startDashboard({ dir: DIR, name: 'dashboard.db', date: DATE, days: 30, seed: 9 }));
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await load(page, `?db=/${DB}`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the dashboard runs the learning job in the browser and shows the native CLI\'s numbers', async () => {
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.deepEqual(await errorShown(), { visible: false, code: '', message: '' });
  assert.equal(await page.inputValue('#learn-date'), DATE);
  copyFileSync(repoPath(DB), repoPath(`${DIR}/native-copy.db`));
  // The demo learned DATE already: --force relearns it, as the dashboard's worker does (force: true).
  const cli = runCli(nativeCli(), ['learn', '--db', repoPath(`${DIR}/native-copy.db`), '--date', DATE, '--force', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const { report, bandits } = JSON.parse(cli.stdout);

  assert.equal(await page.textContent('#summary-content'), String(report.summary.content_analyzed));
  assert.equal(await page.textContent('#summary-engagement'), percent(report.summary.avg_engagement_rate));
  assert.equal(await page.textContent('#summary-retention'), `${report.summary.avg_retention.toFixed(1)}%`);
  assert.equal(await page.textContent('#summary-recommended'), bandits.content.recommended);
  assert.deepEqual(
    (await tableRows('arms-table')).map((cells) => cells.slice(1)),
    bandits.content.arms.map((a) => [a.arm, String(a.successes), String(a.failures), `${(a.estimate * 100).toFixed(1)}%`]),
  );
  assert.equal(await page.locator('#arms-chart path[data-arm]').count(), bandits.content.arms.length, 'one density curve per arm');
  assert.deepEqual((await tableRows('report-best')).map((cells) => cells[0]), report.best_performers.map((p) => p.decision_id));
  assert.deepEqual(
    await page.$$eval('#report-recommendations li', (items) => items.map((li) => li.textContent)),
    Object.entries(report.recommendations).flatMap(([topic, items]) => items.map((r) => `${topic}: ${r}`)),
  );
  // One answer to "when to post": the report's, never a second list of hours.
  const timing = await page.textContent('#timing-best');
  assert.ok(timing.startsWith(report.when_to_post.answer), timing);
  assert.ok((await page.textContent('#timing-bandit')).includes(report.when_to_post.timing_bandit.note));
  assert.ok(!timing.includes('confidence'), timing);
  assert.deepEqual(pageErrors, []);
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test('best time, virality and the budget simulator show the native CLI\'s answers', async () => {
  const platform = await page.inputValue('#timing-platform');
  const besttime = runCli(nativeCli(), ['besttime', '--db', repoPath(DB), '--platform', platform, '--date', DATE, '--days', '28', '--json']);
  assert.equal(besttime.status, 0, besttime.stderr);
  const best = JSON.parse(besttime.stdout);
  const answer = await page.textContent('#timing-answer');
  assert.equal(answer, `On ${platform}: ${best.answer.hour}. ${best.answer.weekday}.`);
  if (best.findings.weekday.status !== 'clear') assert.match(answer, /No clear difference between weekdays/);
  const cellTitles = await page.$$eval('#timing-heatmap rect title', (titles) => titles.map((t) => t.textContent));
  assert.equal(cellTitles.length, 7 * 24, 'a tooltip on every cell');
  const monday9 = best.weekday_hour_performance.Monday[9];
  const local9 = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone) })
    .format(new Date(`${DATE}T09:00:00Z`));
  assert.equal(cellTitles[9], `Monday ${local9} your time (09:00 UTC): ${monday9 === null ? 'no posts' : `${(monday9 * 100).toFixed(2)}% over ${best.weekday_hour_posts.Monday[9]} posts`}`);
  assert.equal(await page.locator('#timing-heatmap g[data-legend] text').first().textContent(), percent(Math.min(
    ...Object.values(best.weekday_hour_performance).flat().filter((v) => v !== null))), 'the legend starts at the lowest cell');

  const content = { platform: await page.inputValue('#virality-platform'), content_type: await page.inputValue('#virality-type'), hook_type: 'story',
    quality_score: 0.8, posted_hour: 14, duration_seconds: 30 };
  writeFileSync(repoPath(`${DIR}/content.json`), JSON.stringify(content));
  const virality = runCli(nativeCli(), ['virality', '--db', repoPath(DB), '--content', repoPath(`${DIR}/content.json`), '--date', DATE, '--json']);
  assert.equal(virality.status, 0, virality.stderr);
  const v = JSON.parse(virality.stdout);
  assert.equal(await page.textContent('#virality-score'), v.virality_score.toFixed(1));
  assert.equal(await page.textContent('#virality-boost'), v.recommendations.boost_recommended ? 'recommended' : 'not recommended');
  assert.deepEqual((await tableRows('virality-factors')).map((cells) => cells[0]), v.contributing_factors.map((f) => f.factor));

  const scenario = { base_budget: 10000, baseline: { revenue: 32000, conversions: 400 },
    scenarios: [-20, 20, 50].map((p) => ({ budget_change_percent: p })), simulations: 1000, seed: 7 };
  writeFileSync(repoPath(`${DIR}/scenario.json`), JSON.stringify(scenario));
  const budget = runCli(nativeCli(), ['simulate-budget', '--scenario', repoPath(`${DIR}/scenario.json`), '--json']);
  assert.equal(budget.status, 0, budget.stderr);
  const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  assert.deepEqual(
    (await tableRows('budget-table')).slice(1).map((cells) => [cells[0], cells[2], cells[3]]),
    JSON.parse(budget.stdout).scenarios.map((r) => [r.name, money.format(r.revenue),
      `${money.format(r.confidence_interval[0])} – ${money.format(r.confidence_interval[1])}`]),
  );
  assert.equal(await page.locator('#budget-chart circle').count(), 4, 'baseline and three scenarios');
});

test('similar content shows the package\'s nearest captions with their scores', async () => {
  const first = await page.inputValue('#similar-item');
  const store = await openDatabase(repoPath(DB), { create: false });
  const index = store.loadEmbeddingIndex('TEXT_CAPTION');
  try {
    const hits = index.search('TEXT_CAPTION', { id: first }, { k: 8 });
    assert.deepEqual(
      (await tableRows('similar-results')).map((cells) => cells.slice(0, 2)),
      hits.map((h) => [h.id, h.score.toFixed(4)]),
    );
  } finally {
    index.dispose();
    store.dispose();
  }
});

test('a file that is not SQLite, a newer schema and an empty database are reported; the page stays usable', async () => {
  await pickFile('notes.db', Buffer.from('these are notes, not a database\n'.repeat(64)));
  let shown = await errorShown();
  assert.ok(shown.visible);
  assert.equal(shown.code, 'not_found');
  assert.match(shown.message, /not a database|file is not a database/i);

  const newer = Buffer.from(readFileSync(repoPath(DB)));
  newer.writeUInt32BE(99, 60); // the SQLite header's user_version: learnloop's schema version
  await pickFile('newer.db', newer);
  shown = await errorShown();
  assert.equal(shown.code, 'unsupported_version', shown.message);
  assert.match(shown.message, /schema version 99, newer than this learnloop reads/);

  const empty = repoPath(`${DIR}/empty.db`);
  assert.equal(runCli(nativeCli(), ['init', '--db', empty]).status, 0);
  await pickFile('empty.db', readFileSync(empty));
  shown = await errorShown();
  assert.equal(shown.code, 'no_data');
  assert.match(shown.message, /holds no outcomes yet/);

  // Still usable: the demo database loads and learns again.
  const runs = Number(await page.getAttribute('body', 'data-runs'));
  await settle(() => page.click('#open-demo'));
  assert.equal(Number(await page.getAttribute('body', 'data-runs')), runs + 1);
  assert.equal((await errorShown()).visible, false);
});

// The heatmap's hour labels in the viewer's time zone, for a zone with daylight saving and a half-hour zone;
// the expected labels come from Node's own Intl for the same day.
for (const timezoneId of ['America/New_York', 'Asia/Kolkata']) {
  test(`hours are labelled in the viewer's local time (${timezoneId}), UTC in the tooltip`, async () => {
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 900 } });
    const zoned = await context.newPage();
    try {
      await load(zoned, `?db=/${DB}`);
      await zoned.waitForSelector('#timing-heatmap svg');
      const clock = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timezoneId });
      const labels = await zoned.$$eval('#timing-heatmap text[data-hour]', (texts) => texts.map((t) => [Number(t.getAttribute('data-hour')), t.textContent]));
      assert.equal(labels.length, 8);
      for (const [hour, label] of labels) assert.equal(label, clock.format(new Date(Date.UTC(2026, 10, 22, hour))), `${hour}:00 UTC`);
      if (timezoneId === 'Asia/Kolkata') assert.equal(labels[3][1], '14:30', '09:00 UTC is 14:30 in India');
      // ICU may name Kolkata by its older name, Calcutta.
      assert.ok([timezoneId, 'Asia/Calcutta'].includes(await zoned.textContent('#timezone') ?? ''));
      await zoned.screenshot({ path: repoPath(`build/test-logs/dashboard-${timezoneId.replace('/', '-')}.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
}

test('a day without posts leaves no earlier panel on screen', async () => {
  await page.fill('#learn-date', '2020-01-01');
  await settle(() => page.click('#learn'));
  assert.equal(await page.locator('#timing-heatmap svg').count(), 0, 'no old heatmap');
  assert.match(await page.textContent('#timing-answer'), /No posts were collected/);
  assert.equal(await page.textContent('#virality-score'), '–');
  await page.screenshot({ path: repoPath('build/test-logs/dashboard-empty-day.png'), fullPage: true });
  await page.fill('#learn-date', DATE);
  await settle(() => page.click('#learn'));
  assert.equal(await page.locator('#timing-heatmap svg').count(), 1);
});

test('a wasm that fails to load is reported as wasm_load_failed', async () => {
  const context = await browser.newContext();
  await context.route('**/learnloop_wasm.wasm', (route) => route.abort());
  const broken = await context.newPage();
  try {
    await load(broken, '');
    assert.equal(await broken.getAttribute('body', 'data-state'), 'failed');
    assert.equal(await broken.textContent('#error-code'), 'wasm_load_failed');
    assert.equal(await broken.isDisabled('#learn'), true);
  } finally {
    await context.close();
  }
});
