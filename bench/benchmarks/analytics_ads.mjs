/**
 * The ads analytics of spec 004, natively and in wasm, in process: the budget Monte Carlo (1,000
 * iterations, 5 scenarios; P50 and P95 of 50 runs after 5 untimed ones; spec 004 quotes 180 ms P50 / 350 ms P95 for 1k
 * runs of its Python simulator), the creative fatigue report over the 90-day demo database (12
 * creatives; P50 of 50 runs after 5 untimed ones) and EMQ over 100,000 JSON Lines events (best of 3). Native is
 * build/native-release/bin/learnloop_bench_ads; wasm is the npm package in Node, measured in a child
 * process by `node bench/benchmarks/analytics_ads.mjs --contender wasm SCENARIO EVENTS DB`. Every
 * timing includes producing the result (JSON text natively, plain objects in JS). Set
 * LEARNLOOP_BENCH_EMQ_EVENTS for another event count.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '../..');
const dir = path.join(root, 'build/bench/analytics_ads');
const EVENTS = Number(process.env.LEARNLOOP_BENCH_EMQ_EVENTS ?? 100_000);
const REPEATS = 50;
const WARMUP = 5;  // untimed first runs on both contenders (V8 tiers the wasm code up during the first calls)
const SCENARIO = {
  campaign_id: 123,
  base_budget: 10000,
  baseline: { revenue: 32000, conversions: 400 },
  time_horizon_days: 30,
  scenarios: [-50, -20, 20, 50, 100].map((p) => ({ name: `${p > 0 ? '+' : ''}${p}% Budget`, budget_change_percent: p })),
  simulations: 1000,
  seed: 7,
};

/** Deterministic events with a realistic mix of present, missing and malformed fields. */
function eventsJsonl(n) {
  let state = 99;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const e = { event_id: `ev${i}`, event_name: 'Purchase' };
    if (next() < 0.7) e.email = next() < 0.9 ? `user${i}@example.com` : 'broken-email';
    if (next() < 0.5) e.phone = `+1 415 555 ${String(i % 10000).padStart(4, '0')}`;
    if (next() < 0.6) e.click_id = `fb.1.1700000000.${i}`;
    if (next() < 0.85) e.ip_address = `203.0.${i % 256}.${(i * 7) % 256}`;
    if (next() < 0.9) e.user_agent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)';
    if (next() < 0.4) e.external_id = `cust-${i % 5000}`;
    lines.push(JSON.stringify(e));
  }
  return `${lines.join('\n')}\n`;
}

function prepare() {
  mkdirSync(dir, { recursive: true });
  const scenario = path.join(dir, 'scenario.json');
  writeFileSync(scenario, JSON.stringify(SCENARIO));
  const events = path.join(dir, 'events.jsonl');
  writeFileSync(events, eventsJsonl(EVENTS));
  const db = path.join(dir, 'demo.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  execFileSync(path.join(root, 'build/native-release/bin/learnloop'), ['demo', '--db', db, '--date', '2026-11-22', '--days', '90'], { stdio: 'ignore' });
  return [scenario, events, db];
}

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.round(q * (values.length - 1))];

/**
 * The wasm contender, in this process.
 * @param {string[]} files the scenario, events and database files
 */
async function measureWasm([scenarioFile, eventsFile, dbFile]) {
  const { readFileSync } = await import('node:fs');
  const { init, openDatabase } = await import(pathToFileURL(path.join(root, 'dist/node.js')).href);
  const ll = await init();
  const request = JSON.parse(readFileSync(scenarioFile, 'utf8'));
  const time = (f) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const timed = (f) => Array.from({ length: WARMUP + REPEATS }, () => time(f)).slice(WARMUP);
  const budget = timed(() => ll.simulateBudget(request));
  const text = readFileSync(eventsFile, 'utf8');
  let meanScore = 0;
  const emq = Math.min(...[0, 1, 2].map(() => time(() => (meanScore = ll.emqScore(text).summary.mean_score))));
  const store = await openDatabase(dbFile, { create: false });
  let creatives = 0;
  const fatigue = timed(() => (creatives = store.creativeFatigue().creatives));
  store.dispose();
  return {
    impl: 'wasm',
    budget_p50_ms: quantile(budget, 0.5),
    budget_p95_ms: quantile(budget, 0.95),
    emq_ms: emq,
    emq_mean_score: meanScore,
    fatigue_p50_ms: quantile(fatigue, 0.5),
    creatives,
  };
}

let cached;
async function results() {
  if (cached) return cached;
  const nativeBin = path.join(root, 'build/native-release/bin/learnloop_bench_ads');
  for (const [file, how] of [[nativeBin, 'make native-release'], [path.join(root, 'dist/node.js'), 'make package']]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing; run ${how} first`);
  }
  const files = prepare();
  const last = (out) => JSON.parse(out.trim().split('\n').pop());
  cached = {
    native: last(execFileSync(nativeBin, [...files, String(REPEATS)], { encoding: 'utf8' })),
    wasm: last(execFileSync(process.execPath, [here, '--contender', 'wasm', ...files], { cwd: root, encoding: 'utf8' })),
  };
  return cached;
}

const NATIVE = 'learnloop native (C++)';
const WASM = 'learnloop wasm in Node';

/** The entries this file registers. */
export const benchmarks = [
  {
    name: 'Budget Monte Carlo, 1,000 iterations x 5 scenarios, P50 (lower is better)',
    description:
      'simulate_budget / ll.simulateBudget(): 1,000 iterations shared by 5 scenarios (-50% to +100%), means, 5-95% intervals and the ' +
      `JSON result, ${REPEATS} runs per contender. Spec 004 quotes 180 ms P50 and 350 ms P95 for 1k runs of its Python simulator.`,
    baseline: NATIVE,
    unit: 'ms',
    run: async () => {
      const r = await results();
      return [
        { impl: NATIVE, value: r.native.budget_p50_ms, note: `P95 ${r.native.budget_p95_ms.toFixed(3)} ms` },
        { impl: WASM, value: r.wasm.budget_p50_ms, note: `P95 ${r.wasm.budget_p95_ms.toFixed(3)} ms` },
      ];
    },
  },
  {
    name: 'Creative fatigue over the 90-day demo store, P50 (lower is better)',
    description:
      'creative_fatigue_report / store.creativeFatigue(): reads creative_metrics (12 creatives, their daily rows) and scores each, with the ' +
      '14-day trend (one rescoring per day). Native over libsqlite3, wasm over sqlite-wasm. Spec 004 quotes 5 ms P50 per fatigue score.',
    baseline: NATIVE,
    unit: 'ms',
    run: async () => {
      const r = await results();
      return [
        { impl: NATIVE, value: r.native.fatigue_p50_ms, note: `${r.native.creatives} creatives` },
        { impl: WASM, value: r.wasm.fatigue_p50_ms, note: `${r.wasm.creatives} creatives` },
      ];
    },
  },
  {
    name: `EMQ over ${EVENTS.toLocaleString('en-US')} events (lower is better)`,
    description:
      'analyze_event_quality_batch / ll.emqScore() on JSON Lines text (meta weights): parse each line, score it, per-event results, ' +
      'batch summary and the JSON result; best of 3.',
    baseline: NATIVE,
    unit: 'ms',
    run: async () => {
      const r = await results();
      return [
        { impl: NATIVE, value: r.native.emq_ms, note: `mean score ${r.native.emq_mean_score}` },
        { impl: WASM, value: r.wasm.emq_ms, note: `mean score ${r.wasm.emq_mean_score}` },
      ];
    },
  },
];

if (process.argv[2] === '--contender') {
  console.log(JSON.stringify(await measureWasm(process.argv.slice(4))));
}
