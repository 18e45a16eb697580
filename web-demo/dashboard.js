// The learning dashboard's page script: talks to worker.js (learnloop + sqlite-wasm) and draws its
// answers. Nothing is computed here but layout: every figure is the core's, shown as it came.
// Flow: load the wasm, open ?db=URL, else the database kept by an earlier visit, else the demo one (or a
// picked file later; each is kept across page loads where the browser allows), run the learning job
// for the last day with outcomes, draw the panels. Any failure shows its code and message in
// #error and leaves the controls usable. For the tests: <body data-state> is loading | ready | failed,
// data-runs counts learning runs shown, data-settled counts finished user actions.
import { barChart, betaDensityChart, heatmap, intervalChart, seriesColor } from './charts.js';

/** @typedef {import('./worker_protocol.js').WorkerMethods} WorkerMethods */

/** The element `id`. */
const $ = (/** @type {string} */ id) => document.getElementById(id);

/**
 * The element `id`, which must be a `type` (HTMLInputElement, HTMLSelectElement, ...).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, prototype: T }} type
 * @returns {T}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return found;
}

/** The form field `id` (an <input> or a <select>). */
const field = (/** @type {string} */ id) => {
  const found = $(id);
  if (!(found instanceof HTMLInputElement || found instanceof HTMLSelectElement)) throw new Error(`#${id} is not a form field`);
  return found;
};
const percent = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(2)}%`);
const count = new Intl.NumberFormat('en-US');

// ---- the worker, as async calls ------------------------------------------------------------------
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 0;
/** @type {(progress: import('./worker_protocol.js').WorkerProgress) => void} */
let onProgress = () => {};

/**
 * Calls `method` in the worker; rejects with an Error carrying the core's code.
 * @template {keyof WorkerMethods} M
 * @param {M} method
 * @param {WorkerMethods[M]['params']} [args]
 * @param {Transferable[]} [transfer]
 * @returns {Promise<WorkerMethods[M]['result']>}
 */
function call(method, args, transfer = []) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, method, args }, transfer);
  });
}

worker.onmessage = (/** @type {MessageEvent<import('./worker_protocol.js').WorkerReply>} */ { data }) => {
  if ('progress' in data) return onProgress(data.progress);
  const entry = pending.get(data.id);
  pending.delete(data.id);
  if ('error' in data) entry.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
  else entry.resolve(data.result);
};
worker.onerror = (event) => {
  event.preventDefault();
  const error = Object.assign(new Error(`the worker could not start: ${event.message || 'its module failed to load (is dist/ built?)'}`), {
    code: 'wasm_load_failed',
  });
  for (const entry of pending.values()) entry.reject(error);
  pending.clear();
};

// ---- status, progress and errors ------------------------------------------------------------------
function showError(error) {
  $('error-code').textContent = error.code ?? 'error';
  $('error-message').textContent = error.message;
  $('error').hidden = false;
}

const clearError = () => ($('error').hidden = true);

/** Runs `work` with the controls disabled and progress shown; errors are shown, never thrown. */
async function busy(label, work) {
  const controls = [element('open-demo', HTMLButtonElement), element('open-file', HTMLInputElement), element('learn', HTMLButtonElement),
    element('budget-run', HTMLButtonElement)];
  controls.forEach((c) => (c.disabled = true));
  $('status').textContent = label;
  $('progress').hidden = false;
  $('progress').removeAttribute('value');
  onProgress = ({ label: step, done, total }) => {
    element('progress', HTMLProgressElement).max = total || 1;
    element('progress', HTMLProgressElement).value = done;
    $('status').textContent = `${label} ${step} ${done}/${total}`;
  };
  // Let the status paint before the worker's answer arrives.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  try {
    clearError();
    const result = await work();
    // Done: a label still reading "Searching…" would say the task is running.
    if ($('status').textContent.startsWith(label)) $('status').textContent = '';
    return result;
  } catch (error) {
    showError(error);
    $('status').textContent = '';
    return undefined;
  } finally {
    $('progress').hidden = true;
    onProgress = () => {};
    controls.forEach((c) => (c.disabled = false));
  }
}

// ---- drawing ------------------------------------------------------------------------------------
function cell(content, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = String(content);
  return td;
}

function fillTable(id, rows) {
  element(id, HTMLTableElement).tBodies[0].replaceChildren(
    ...rows.map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      return tr;
    }),
  );
}

function fillList(id, items) {
  $(id).replaceChildren(...items.map((item) => Object.assign(document.createElement('li'), { textContent: item })));
}

function drawSummary(report, bandits) {
  const s = report.summary ?? {};
  $('summary-content').textContent = count.format(s.content_analyzed ?? 0);
  $('summary-engagement').textContent = percent(s.avg_engagement_rate);
  $('summary-retention').textContent = s.avg_retention === null || s.avg_retention === undefined ? '–' : `${s.avg_retention.toFixed(1)}%`;
  $('summary-followers').textContent = count.format(s.followers_gained ?? 0);
  $('summary-recommended').textContent = bandits.content?.recommended ?? '–';
}

function drawArms(bandits) {
  const arms = bandits.content?.arms ?? [];
  const target = bandits.success_threshold;
  const curves = arms.map((a) => ({ name: a.arm, alpha: a.successes + 1, beta: a.failures + 1 }));
  $('arms-chart').replaceChildren(...(curves.length ? [betaDensityChart(curves)] : []));
  const [best] = arms;
  $('arms-summary').textContent = best
    ? `${best.arm} beats the ${percent(target)} engagement target in about ${(best.estimate * 100).toFixed(0)}% of its posts (estimated from ${count.format(best.pulls)} posts), ` +
      'the best of the content types; the others follow in order.'
    : 'No content type has a post with a known outcome yet.';
  fillTable('arms-table', arms.map((a, i) => {
    const swatch = Object.assign(document.createElement('span'), { className: 'swatch' });
    swatch.style.background = seriesColor(i);
    return [cell(swatch), cell(a.arm), cell(a.successes, 'num'), cell(a.failures, 'num'), cell(`${(a.estimate * 100).toFixed(1)}%`, 'num')];
  }));
}

/** The viewer's time zone, and UTC hour `h` of `date` (YYYY-MM-DD) in it: daylight saving and half-hour zones included. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const localClock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function localHour(date, h) {
  const [y, m, d] = date.split('-').map(Number);
  return localClock.format(new Date(Date.UTC(y, m - 1, d, h)));
}
const utcHour = (h) => `${String(h).padStart(2, '0')}:00 UTC`;

/** The one answer to "when to post" (the report's when_to_post), with the viewer's local times. */
function drawTiming(report) {
  const when = report.when_to_post;
  const date = field('learn-date').value;
  if (!when) {
    $('timing-best').textContent = report.message ?? 'No posts in this window.';
    $('timing-rule').textContent = '';
    $('timing-bandit').textContent = '';
    return;
  }
  const local = [when.best_hour, when.runner_up_hour].filter((h) => h !== null)
    .map((h) => `${utcHour(h)} is ${localHour(date, h)} your time`).join('; ');
  $('timing-best').textContent = `${when.answer}.${local ? ` (${local}.)` : ''}`;
  $('timing-rule').textContent = `The rule: ${report.findings?.rule ?? ''}.`;
  $('timing-bandit').textContent = when.timing_bandit ? `The timing bandit: ${when.timing_bandit.note}.` : '';
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Clears the per-platform timing answer and heatmap (a new database or a day without posts). */
function clearBestTime(message = '') {
  $('timing-answer').textContent = message;
  $('timing-stats').textContent = '';
  $('timing-heatmap').replaceChildren();
  element('timing-table', HTMLTableElement).tHead.rows[0].replaceChildren();
  fillTable('timing-table', []);
}

/** Best time to post on the chosen platform: the core's answer and its weekday x hour grid. */
async function runBestTime() {
  const date = field('learn-date').value;
  const answer = await call('bestTime', { platform: field('timing-platform').value, date });
  if (answer.status !== 'ok') {
    clearBestTime(answer.message);
    return;
  }
  $('timing-answer').textContent = `On ${answer.platform}: ${answer.answer.hour}. ${answer.answer.weekday}.`;
  $('timing-stats').textContent = `${answer.sample_size} posts from ${answer.window.from} to ${answer.window.to}. ` +
    `Chance the top hour is the best of all hours: ${answer.confidence === null ? '–' : `${(answer.confidence * 100).toFixed(0)}%`} ` +
    `(${answer.method_detail}). ${answer.findings.rule}.`;
  const cells = WEEKDAYS.map((d) => answer.weekday_hour_performance[d].map((value, h) => ({ value, count: answer.weekday_hour_posts[d][h] })));
  $('timing-heatmap').replaceChildren(answer.sample_size > 0 ? heatmap(cells, WEEKDAYS, percent, (h) => localHour(date, h)) : '');
  drawTimingTable(cells, date, answer.sample_size > 0);
}

/** The heatmap's cells as a table (readable by keyboard and screen reader): a row per weekday, a column per hour. */
function drawTimingTable(cells, date, any) {
  const head = element('timing-table', HTMLTableElement).tHead.rows[0];
  const th = (text, title) => Object.assign(document.createElement('th'), { textContent: text, title, scope: 'col' });
  head.replaceChildren(...(any ? [th('', ''), ...Array.from({ length: 24 }, (_, h) => th(localHour(date, h), utcHour(h)))] : []));
  fillTable('timing-table', any ? cells.map((row, d) => [Object.assign(document.createElement('th'), { textContent: WEEKDAYS[d], scope: 'row' }),
    ...row.map((c) => cell(c.value === null ? '–' : `${percent(c.value)} (${c.count})`, 'num'))]) : []);
}

function fillSelect(id, values) {
  const keep = field(id).value;
  $(id).replaceChildren(...values.map((v) => Object.assign(document.createElement('option'), { value: v, textContent: v })));
  if (values.includes(keep)) field(id).value = keep;
}

/** The planned content from the form, unvalidated: the core names what is wrong. */
function plannedContent() {
  const number = (id) => {
    const text = field(id).value.trim();
    return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  };
  return { platform: field('virality-platform').value, content_type: field('virality-type').value, hook_type: field('virality-hook').value.trim(),
    quality_score: number('virality-quality'), posted_hour: number('virality-hour'), duration_seconds: number('virality-duration') };
}

/** Empties the virality result (a new database or a day without posts). */
function clearVirality() {
  for (const id of ['virality-score', 'virality-views', 'virality-engagement', 'virality-boost']) $(id).textContent = '–';
  $('virality-weights').textContent = '';
  $('virality-weights-stats').textContent = '';
  fillTable('virality-factors', []);
  fillList('virality-actions', []);
}

async function runVirality() {
  const p = await call('virality', { content: plannedContent(), date: field('learn-date').value });
  if (p.status !== 'ok') {
    clearVirality();
    $('virality-weights').textContent = p.message;
    return;
  }
  const interval = (i, format) => `${format(i.value)} (${format(i.lower)} – ${format(i.upper)})`;
  $('virality-score').textContent = p.virality_score.toFixed(1);
  $('virality-views').textContent = interval(p.predicted_views, (v) => count.format(Math.round(v)));
  $('virality-engagement').textContent = interval(p.predicted_engagement_rate, percent);
  $('virality-boost').textContent = p.recommendations.boost_recommended ? 'recommended' : 'not recommended';
  $('virality-weights').textContent = p.weights_source === 'learned'
    ? 'The score weighs its four parts as learned from this database: those weights rank its past posts better than the standard ones.'
    : p.weights_reason.startsWith('learned weights did not beat')
      ? 'The score weighs its four parts the standard way: weights learned from this database did not rank its past posts better.'
      : "The score weighs its four parts the standard way: this database's history could not give weights of its own (see the statistics).";
  $('virality-weights-stats').textContent = `${p.weights_source} weights: ${p.weights_reason}.`;
  fillTable('virality-factors', p.contributing_factors.map((f) => [cell(f.factor), cell(f.value.toFixed(3), 'num'), cell(f.weight.toFixed(2), 'num'),
    cell(f.contribution.toFixed(1), 'num'), cell(f.effect_reason ? `${f.effect}: ${f.effect_reason}` : f.effect)]));
  fillList('virality-actions', p.recommendations.actions);
}

function drawReport(report) {
  $('report-window').textContent = report.window ? `${report.window.from} to ${report.window.to} (${report.window.days} days)` : '';
  const types = report.engagement?.by_content_type ?? [];
  $('report-types').replaceChildren(...(types.length ? [barChart(types.map((t) => ({ label: t.content_type, value: t.avg_engagement_rate })), percent)] : []));
  const clusters = report.retention?.clusters ?? {};
  fillTable('report-clusters', Object.entries(clusters).map(([name, c]) => [cell(name), cell(c.content, 'num'), cell(percent(c.share), 'num'),
    cell(percent(c.avg_engagement_rate), 'num')]));
  const recommendations = report.recommendations ?? {};
  fillList('report-recommendations', Object.entries(recommendations).flatMap(([topic, items]) => items.map((r) => `${topic}: ${r}`)));
  fillList('report-patterns', report.patterns ?? []);
  fillTable('report-best', (report.best_performers ?? []).map((p) => [cell(p.decision_id), cell(p.content_type ?? ''), cell(p.platform ?? ''),
    cell(p.hook_type ?? ''), cell(count.format(p.impressions), 'num'), cell(percent(p.engagement_rate), 'num')]));
}

/** What each predictor the job trained can do, in words: how far off it was on posts it had not seen. */
function modelSentence(name, m) {
  const t = m.test ?? {};
  const unseen = `${count.format(t.samples ?? m.test_rows ?? 0)} posts it had not seen`;
  if (name === 'engagement_rate') {
    const fit = typeof t.r2 === 'number' && t.r2 <= 0
      ? '; that is no better than guessing the average rate for every post'
      : '';
    return `Engagement rate of a post (from its quality, type, platform and hour): on ${unseen} its guesses were off by ` +
      `${typeof t.mae === 'number' ? `${(t.mae * 100).toFixed(2)} percentage points` : 'an unknown amount'} on average${fit}.`;
  }
  if (name === 'follow_through') {
    const right = typeof t.accuracy === 'number' ? `${(t.accuracy * 100).toFixed(0)}%` : 'an unknown share';
    const caught = typeof t.recall === 'number'
      ? (t.recall === 0
        ? ' It never picked out a post that gained followers, so it cannot yet tell which posts will.'
        : ` It picked out ${(t.recall * 100).toFixed(0)}% of the posts that gained followers.`)
      : '';
    return `Whether a post gains followers: right about ${right} of ${unseen}.${caught}`;
  }
  return `${name}: trained on ${count.format(m.train_rows)} posts.`;
}

function drawModels(models) {
  const entries = Object.entries(models ?? {});
  fillList('report-models', entries.map(([name, m]) =>
    m.status === 'trained' ? modelSentence(name, m) : `${name.replaceAll('_', ' ')}: not trained this time (${m.reason}).`));
  fillList('report-models-stats', entries.filter(([, m]) => m.status === 'trained').map(([name, m]) =>
    `${name}: ${m.kind} ${m.version}, ${m.train_rows} training rows, ${m.test_rows} test rows; test ` +
    Object.entries(m.test).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ')));
}

function drawFatigue(report) {
  const known = report?.status === 'ok' ? report.results : [];
  $('fatigue-summary').textContent = !report
    ? ''
    : report.status === 'ok'
      ? `${report.creatives} creatives as of ${report.date}: ${Object.entries(report.levels).filter(([, n]) => n > 0).map(([level, n]) => `${n} ${level.replaceAll('_', ' ')}`).join(', ')}.`
      : report.message;
  fillTable('fatigue-table', known.map((c) => [cell(c.creative_id), cell(c.platform ?? ''), cell(c.fatigue_level ?? c.status),
    cell(c.fatigue_score?.toFixed(1) ?? '–', 'num'), cell(c.days_until_critical ?? (c.critical_outlook ?? '–').replaceAll('_', ' '), 'num'),
    cell(c.recommendation ?? c.message ?? '')]));
}

/** The budget request from the form, unvalidated: the core names what is wrong. */
function budgetRequest() {
  const number = (id) => {
    const text = field(id).value.trim();
    return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  };
  return {
    base_budget: number('budget-base'),
    baseline: { revenue: number('budget-revenue'), conversions: number('budget-conversions') },
    scenarios: field('budget-changes').value.split(',').map((p) => ({ budget_change_percent: Number.isFinite(Number(p)) && p.trim() !== '' ? Number(p) : p.trim() })),
    simulations: number('budget-iterations'),
    seed: number('budget-seed'),
  };
}

const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ratio = (v) => (v === null || v === undefined ? '–' : v.toFixed(2));

async function runBudget() {
  const started = performance.now();
  const result = await call('simulateBudget', { request: budgetRequest() });
  $('status').textContent = `${result.iterations} iterations x ${result.scenarios.length} scenarios in ${(performance.now() - started).toFixed(0)} ms`;
  const rows = [{ name: 'baseline', spend: result.baseline.spend, revenue: result.baseline.revenue, confidence_interval: [result.baseline.revenue, result.baseline.revenue],
    roas: result.baseline.roas, marginal_roas: null, conversions: result.baseline.conversions }, ...result.scenarios];
  $('budget-chart').replaceChildren(intervalChart(rows.map((r) => ({ label: r.name, low: r.confidence_interval[0], mid: r.revenue, high: r.confidence_interval[1] })), (v) => money.format(v)));
  fillTable('budget-table', rows.map((r) => [cell(r.name), cell(money.format(r.spend), 'num'), cell(money.format(r.revenue), 'num'),
    cell(`${money.format(r.confidence_interval[0])} – ${money.format(r.confidence_interval[1])}`, 'num'), cell(ratio(r.roas), 'num'),
    cell(ratio(r.marginal_roas), 'num'), cell(money.format(r.conversions), 'num')]));
}

async function drawSimilarity() {
  const items = await call('similarityItems').catch((error) => (error.code === 'not_found' ? [] : Promise.reject(error)));
  const select = $('similar-item');
  select.replaceChildren(...items.map(({ id, metadata }) =>
    Object.assign(document.createElement('option'), { value: id, textContent: `${id} · ${Object.values(metadata ?? {}).join(' · ')}` })));
  element('similar-run', HTMLButtonElement).disabled = items.length === 0;
  if (items.length) await runSimilarity();
  else fillTable('similar-results', [[cell('this database has no caption embeddings')]]);
}

async function runSimilarity() {
  const hits = await call('similar', { id: field('similar-item').value, k: Number(field('similar-k').value) });
  fillTable('similar-results', hits.map((h) => [cell(h.id), cell(h.score.toFixed(4), 'num'), cell(JSON.stringify(h.metadata ?? {}))]));
}

// ---- the flow ---------------------------------------------------------------------------------------
let runs = 0;

async function learn(date) {
  const result = await busy(`Learning ${date}…`, async () => {
    const started = performance.now();
    const r = await call('learn', { date });
    $('status').textContent = `learned ${r.date}: ${count.format(r.outcomes_read)} outcomes in the window, ${(performance.now() - started).toFixed(0)} ms`;
    return r;
  });
  if (!result) return;
  drawSummary(result.report, result.bandits);
  drawArms(result.bandits);
  drawTiming(result.report);
  drawReport(result.report);
  const platforms = (result.report.platforms ?? []).map((p) => p.platform);
  fillSelect('timing-platform', platforms);
  fillSelect('virality-platform', platforms);
  fillSelect('virality-type', (result.report.engagement?.by_content_type ?? []).map((t) => t.content_type));
  if (platforms.length) {
    await runBestTime().catch(showError);
    await runVirality().catch(showError);
  } else {
    // A day without posts: nothing of the previous day stays on screen.
    clearBestTime(`No posts were collected from ${result.report.window.from} to ${result.report.window.to}.`);
    clearVirality();
  }
  drawModels(result.models);
  drawFatigue(await call('creativeFatigue', { date }).catch(() => undefined));
  $('panels').hidden = false;
  document.body.dataset.runs = String(++runs);
}

/** Where the page remembers the name of the database it keeps (the worker keeps the database itself). */
const SOURCE_KEY = 'learnloop-dashboard:source';
const STORAGE_NAMES = { opfs: 'OPFS', indexeddb: 'IndexedDB', memory: 'memory only' };

/** Shows an opened database (and where it is kept), then learns its last day. */
async function opened(answer, reopened = false) {
  if (!answer) return;
  const { overview, kept } = answer;
  const source = reopened ? (localStorage.getItem(SOURCE_KEY) ?? answer.source) : answer.source;
  if (!reopened) localStorage.setItem(SOURCE_KEY, source);
  const where = kept.storage === 'memory' ? 'not kept (memory only)' : `kept in ${STORAGE_NAMES[kept.storage]}`;
  $('status').textContent = `${reopened ? 'reopened' : 'opened'} ${source}; ${where}`;
  $('source').textContent = `${reopened ? 'reopened ' : ''}${source} · ${count.format(overview.tables.outcomes ?? 0)} outcomes · ${where}`;
  $('storage').textContent = `Kept: ${kept.reason}.`;
  $('storage').dataset.storage = kept.storage;
  const last = overview.outcomes.last_day;
  if (!last) {
    $('panels').hidden = true;
    showError({ code: 'no_data', message: `${source} holds no outcomes yet: ingest metrics first (learnloop ingest), or load the demo database` });
    return;
  }
  field('learn-date').value = last;
  await drawSimilarity().catch(showError);
  await learn(last);
}

async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  await opened(await busy(`Opening ${file.name}…`, () => call('openBytes', { bytes, name: file.name }, [bytes.buffer])));
}

async function openUrl(url) {
  const answer = await busy(`Opening ${url}…`, async () => {
    const response = await fetch(url);
    if (!response.ok) throw Object.assign(new Error(`cannot fetch ${url}: HTTP ${response.status}`), { code: 'not_found' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return call('openBytes', { bytes, name: url }, [bytes.buffer]);
  });
  await opened(answer);
}

let settled = 0;

/** Runs a user action to its end (success or a shown error), then counts it in data-settled. */
async function action(work) {
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    document.body.dataset.settled = String(++settled);
  }
}

const openDemo = async () => opened(await busy('Opening the demo database…', () => call('openDemo')));

/** Reopens the database kept by an earlier visit; the demo database when none is kept. */
async function openKeptOrDemo() {
  const answer = await busy('Reopening the kept database…', () => call('openKept'));
  if (answer === null) await openDemo();
  else await opened(answer, true);
}

$('open-demo').addEventListener('click', () => action(openDemo));
const fileInput = element('open-file', HTMLInputElement);
fileInput.addEventListener('change', () => {
  const [file] = fileInput.files;
  fileInput.value = '';
  if (file) action(() => openFile(file));
});
$('learn-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (field('learn-date').value) action(() => learn(field('learn-date').value));
});
$('timing-platform').addEventListener('change', () => action(runBestTime));
$('virality-form').addEventListener('submit', (event) => {
  event.preventDefault();
  action(() => busy('Predicting…', runVirality));
});
$('budget-form').addEventListener('submit', (event) => {
  event.preventDefault();
  action(() => busy('Simulating…', runBudget));
});
$('similar-form').addEventListener('submit', (event) => {
  event.preventDefault();
  action(() => busy('Searching…', runSimilarity));
});

$('timezone').textContent = timeZone;

/** Loads the wasm, then the database named by ?db=URL, else the one kept by an earlier visit, else the demo one, and learns its last day. */
async function start() {
  try {
    const { version } = await call('load');
    $('version').textContent = `learnloop ${version} · wasm in a worker`;
    element('budget-run', HTMLButtonElement).disabled = false;
    await action(() => busy('Simulating…', runBudget));
  } catch (error) {
    $('version').textContent = 'learnloop not loaded';
    showError(error);
    document.body.dataset.state = 'failed';
    return;
  }
  const db = new URLSearchParams(location.search).get('db');
  await action(() => (db ? openUrl(db) : openKeptOrDemo()));
  document.body.dataset.state = 'ready';
}

start();
