/**
 * The decision API per second, one workload in three implementations: probabilities() and
 * selectMany(1000) of a Thompson sampling bandit over 24 arms (the timing bandit's hours; arm i has
 * i successes and 24 - i failures) with a 0.01 exploration floor. learnloop native
 * (build/native-release/bin/learnloop_bench_decisions), learnloop's wasm package in Node, and a plain
 * TypeScript peer (bench/peers/decisions_plain.ts). All three estimate Thompson's distribution from
 * 10,000 seeded posterior draws (learnloop's documented count) and draw the picks from it by inverse
 * CDF. Best of REPEATS runs of CALLS calls; each contender in its own process.
 * Run directly as `node bench/benchmarks/decisions.mjs --contender wasm|ts CALLS REPEATS` it measures
 * one JavaScript contender and prints the native binary's JSON lines.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CALLS = 100;
const REPEATS = 3;
const DRAWS = 10000;

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '../..');
const nativeBin = path.join(root, 'build/native-release/bin/learnloop_bench_decisions');
const plainPeer = path.join(root, 'build/bench/decisions_plain.js');

/** The three contenders' JSON lines by operation, measured once for both benchmarks. */
let measured;
function measureAll() {
  if (measured) return measured;
  for (const [file, how] of [
    [nativeBin, 'make native-release'],
    [path.join(root, 'dist/node.js'), 'make package'],
    [plainPeer, 'node bench/run.mjs (it compiles bench/peers)'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing; run ${how} first`);
  }
  const args = [String(CALLS), String(REPEATS)];
  const byOp = (text) => Object.fromEntries(text.trim().split('\n').map((l) => JSON.parse(l)).map((j) => [j.name, j]));
  const contender = (which) => byOp(execFileSync(process.execPath, [here, '--contender', which, ...args], { cwd: root, encoding: 'utf8' }));
  measured = {
    'learnloop native (C++)': byOp(execFileSync(nativeBin, args, { encoding: 'utf8' })),
    'learnloop wasm in Node': contender('wasm'),
    'plain TypeScript in Node': contender('ts'),
  };
  return measured;
}

const workload = `Thompson sampling over 24 arms (arm i: i successes, 24 - i failures), floor 0.01, distribution from ${DRAWS.toLocaleString('en-US')} seeded posterior draws; best of ${REPEATS} runs of ${CALLS} calls, each contender in its own process`;

/** One benchmark per operation. */
export const benchmarks = [
  ['probabilities', 'Decisions: probabilities() per second', 'probabilities() calls per second: the full arm distribution.'],
  ['select_many_1000', 'Decisions: selectMany(1000) per second', 'selectMany(1000) calls per second: the distribution, then 1,000 picks drawn from it, each with its propensity.'],
].map(([op, name, what]) => ({
  name,
  description: `${what} ${workload}. The note is the checksum of each contender's answers (the implementations draw differently, so only their order of magnitude compares).`,
  baseline: 'learnloop wasm in Node',
  run: async () =>
    Object.entries(measureAll()).map(([impl, ops]) => ({ impl, opsPerSec: ops[op].ops_per_sec, note: `checksum ${Number(ops[op].checksum).toFixed(3)}` })),
}));

/** The benchmark's successes and failures per arm. */
const successes = Array.from({ length: 24 }, (_, i) => i);
const failures = successes.map((s) => 24 - s);

/** Measures one JavaScript contender ('wasm' or 'ts') and prints one JSON line per operation. */
async function runContender(which, calls, repeats) {
  let make;
  if (which === 'wasm') {
    const { init } = await import('learnloop');
    const ll = await init();
    make = () => {
      const b = ll.bandit({ policy: 'thompson', arms: successes.map((_, i) => `h${i}`), floor: 0.01, seed: 7 });
      const arms = [];
      const rewards = [];
      successes.forEach((s, i) => {
        for (let j = 0; j < 24; j++) {
          arms.push(i);
          rewards.push(j < s ? 1 : 0);
        }
      });
      b.updateBatch(arms, rewards);
      return {
        probabilities: () => b.probabilities().arms[23].probability,
        selectMany: () => { const picks = b.selectMany(1000); return Number(picks[picks.length - 1].arm.slice(1)); },
        dispose: () => b.dispose(),
      };
    };
  } else if (which === 'ts') {
    const { ThompsonDecisions } = await import(pathToFileURL(plainPeer).href);
    make = () => {
      const d = new ThompsonDecisions(successes, failures, 0.01, DRAWS, 7);
      return { probabilities: () => d.probabilities()[23], selectMany: () => { const r = d.selectMany(1000); return r.arms[999]; }, dispose: () => {} };
    };
  } else {
    throw new Error(`unknown contender ${which}; expected wasm or ts`);
  }
  for (const [op, call] of [['probabilities', 'probabilities'], ['select_many_1000', 'selectMany']]) {
    let best = 0;
    let checksum = 0;
    for (let r = 0; r < repeats; r++) {
      const c = make();
      const start = performance.now();
      for (let i = 0; i < calls; i++) checksum += c[call]();
      const secs = (performance.now() - start) / 1000;
      c.dispose();
      best = Math.max(best, calls / secs);
    }
    console.log(JSON.stringify({ name: op, impl: which, calls, ops_per_sec: Math.round(best * 10) / 10, checksum }));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === here && process.argv[2] === '--contender') {
  await runContender(process.argv[3], Number(process.argv[4] ?? CALLS), Number(process.argv[5] ?? REPEATS));
}
