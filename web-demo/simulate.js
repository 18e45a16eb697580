// The web demo's script: imports the learnloop package through the page's import map, loads the
// wasm once with init(), runs the default simulation (thompson, probs 0.02,0.03,0.05, 100000 rounds, seed 7)
// and then one per form submit. The report is shown as JSON exactly as JSON.stringify(report),
// plus pulls per arm as CSS bars. Validation is the core's: the form passes what was typed and a
// LearnloopError is shown with its code and message in #error, leaving the page usable.
// For the tests: <body data-ready="1"> after the first run, data-runs counts finished runs.
import { init, LearnloopError } from 'learnloop';

/** The element `id`. */
const $ = (/** @type {string} */ id) => document.getElementById(id);

/** The form field `id` (an <input> or a <select>). */
const field = (/** @type {string} */ id) => {
  const found = $(id);
  if (!(found instanceof HTMLInputElement || found instanceof HTMLSelectElement)) throw new Error(`#${id} is not a form field`);
  return found;
};

const form = $('sim-form');
/** The <button> `id`. */
const button = (/** @type {string} */ id) => {
  const found = $(id);
  if (!(found instanceof HTMLButtonElement)) throw new Error(`#${id} is not a button`);
  return found;
};
const runButton = button('run');
const numberFormat = new Intl.NumberFormat('en-US');
let runs = 0;

/** A number when `text` is one, else the trimmed text itself, so the core names what was wrong. */
function parseValue(text) {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
}

/** The simulation spec from the form, unvalidated. */
function readSpec() {
  return {
    policy: field('policy').value,
    probs: field('probs').value.split(',').map(parseValue),
    rounds: parseValue(field('rounds').value),
    seed: parseValue(field('seed').value),
  };
}

function showError(error) {
  const known = error instanceof LearnloopError;
  if (!known) console.error(error);
  $('error-code').textContent = known ? error.code : (error?.name ?? 'Error');
  $('error-message').textContent = error?.message ?? String(error);
  $('error').hidden = false;
  $('report').hidden = true;
}

/** Pulls per arm as one row each: label, bar (share of all rounds), count. The best arm is green. */
function drawChart(report, probs) {
  const chart = $('chart');
  const best = Math.max(...probs);
  const rows = report.pulls.flatMap((pulls, arm) => {
    const share = pulls / report.rounds;
    const label = Object.assign(document.createElement('span'), {
      className: 'arm',
      textContent: `arm ${arm} · p = ${probs[arm]}`,
    });
    const track = Object.assign(document.createElement('div'), { className: 'track' });
    const bar = Object.assign(document.createElement('div'), { className: probs[arm] === best ? 'bar best' : 'bar' });
    bar.style.width = `${(share * 100).toFixed(2)}%`;
    track.append(bar);
    const count = Object.assign(document.createElement('span'), {
      className: 'count',
      textContent: `${numberFormat.format(pulls)} (${(share * 100).toFixed(1)}%)`,
    });
    return [label, track, count];
  });
  chart.replaceChildren(...rows);
  chart.setAttribute('aria-label', `pulls per arm: ${report.pulls.join(', ')}`);
}

function showReport(report, probs) {
  $('result').textContent = JSON.stringify(report);
  $('reward').textContent = numberFormat.format(report.reward);
  $('regret').textContent = report.regret.toFixed(2);
  const bestArm = probs.indexOf(Math.max(...probs));
  $('best-share').textContent = `${((report.pulls[bestArm] / report.rounds) * 100).toFixed(1)}%`;
  drawChart(report, probs);
  $('error').hidden = true;
  $('report').hidden = false;
}

/** Runs one simulation from the form; never throws. */
async function run(ll) {
  runButton.disabled = true;
  $('status').textContent = 'Running…';
  // simulateBandit is synchronous: let the status paint before the core takes the main thread.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  try {
    const spec = readSpec();
    const started = performance.now();
    const report = ll.simulateBandit(spec);
    const ms = performance.now() - started;
    showReport(report, spec.probs);
    $('status').textContent = `${numberFormat.format(report.rounds)} rounds in ${ms.toFixed(0)} ms`;
  } catch (error) {
    showError(error);
    $('status').textContent = '';
  } finally {
    runButton.disabled = false;
    document.body.dataset.runs = String(++runs);
  }
}

try {
  const ll = await init();
  $('version').textContent = `learnloop ${ll.version} · wasm`;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(ll);
  });
  await run(ll);
} catch (error) {
  // init() failed (code wasm_load_failed): nothing can run, say why.
  $('version').textContent = 'learnloop not loaded';
  showError(error);
} finally {
  document.body.dataset.ready = '1';
}
