/**
 * The JavaScript side of the bandit scaling benchmarks: the workload of
 * bench/native/bandit_bench.cpp (K arms with success probability 0.02 + 0.03 k / (K - 1),
 * contexts cycling through 256 vectors (1, z)), run through learnloop's wasm package and, for
 * Thompson sampling, the plain TypeScript peer, in the same Node process (runs alternate). Run as
 *   node bench/lib/bandit_contender.mjs wasm[,ts] POLICY ARMS DIM ROUNDS REPEATS
 * it prints one JSON line per contender, like the native binary. measureAll() drives it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '../..');

/** Runs native, wasm and (for context-free Thompson) plain TS contenders; returns benchmark rows. */
export function measureAll(policy, arms, dim, rounds, repeats) {
  const args = [policy, String(arms), String(dim), String(rounds), String(repeats)];
  const parse = (out) => out.trim().split('\n').map((line) => JSON.parse(line));
  const [native] = parse(execFileSync(path.join(root, 'build/native-release/bin/learnloop_bench_bandits'), args, { encoding: 'utf8' }));
  const withPeer = policy === 'thompson' && dim === 0;
  const [wasm, plain] = parse(execFileSync(process.execPath, [here, withPeer ? 'wasm,ts' : 'wasm', ...args], { cwd: root, encoding: 'utf8' }));
  const rows = [
    { impl: 'learnloop native (C++)', result: native },
    { impl: 'learnloop wasm in Node', result: wasm },
  ];
  if (withPeer) rows.push({ impl: 'plain TypeScript in Node (same process as wasm)', result: plain });
  return rows.map(({ impl, result }) => ({
    impl,
    opsPerSec: result.ops_per_sec,
    note: `best arm ${(100 * result.best_arm_share).toFixed(1)}% of pulls in the last run`,
  }));
}

/** Measures the JavaScript contenders named in `which` ("wasm" and/or "ts"), alternating runs, and prints a JSON line each. */
async function runContenders(which, policy, arms, dim, rounds, repeats) {
  const { Xoshiro128, ThompsonSampler } = await import(pathToFileURL(path.join(root, 'build/bench/thompson_plain.js')).href);
  const probs = Array.from({ length: arms }, (_, k) => 0.02 + (0.03 * k) / Math.max(1, arms - 1));
  const poolRng = new Xoshiro128(11);
  const pool = Array.from({ length: dim > 0 ? 256 : 1 }, () =>
    Float64Array.from({ length: dim }, (_, j) => (j === 0 ? 1 : 2 * poolRng.uniform() - 1)),
  );
  const { init } = await import('learnloop');
  const ll = await init();
  const makers = {
    wasm: () => {
      const b = ll.bandit({ policy, arms, dim, seed: 7, propensityDraws: 0 });
      return { select: (x) => b.select(x).arm, update: (a, r, x) => b.update(a, r, x), dispose: () => b.dispose() };
    },
    ts: () => {
      const s = new ThompsonSampler(arms, { seed: 7 });
      return { select: () => s.select(), update: (a, r) => s.update(a, r), dispose: () => {} };
    },
  };
  const names = which.split(',');
  const best = Object.fromEntries(names.map((n) => [n, { rate: 0, share: 0 }]));
  for (let r = 0; r < repeats; r++) {
    for (const name of names) {
      const bandit = makers[name]();
      const env = new Xoshiro128(1);
      let bestPulls = 0;
      const start = performance.now();
      for (let i = 0; i < rounds; i++) {
        const x = dim > 0 ? pool[i & 255] : undefined;
        const arm = bandit.select(x);
        bandit.update(arm, env.uniform() < probs[arm] ? 1 : 0, x);
        if (arm === arms - 1) bestPulls++;
      }
      best[name].rate = Math.max(best[name].rate, rounds / ((performance.now() - start) / 1000));
      best[name].share = bestPulls / rounds;
      bandit.dispose();
    }
  }
  for (const name of names) {
    console.log(JSON.stringify({ impl: name, policy, arms, dim, ops_per_sec: Math.round(best[name].rate), best_arm_share: best[name].share }));
  }
}

if (path.resolve(process.argv[1] ?? '') === here) {
  const [which, policy, arms, dim, rounds, repeats] = process.argv.slice(2);
  await runContenders(which, policy, Number(arms), Number(dim), Number(rounds), Number(repeats));
}
