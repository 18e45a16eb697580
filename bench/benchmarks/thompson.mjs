/**
 * Thompson sampling select() + update() per second, one workload in three implementations:
 * learnloop native (build/native-release/bin/learnloop_bench_native), learnloop's wasm package
 * in Node (`import { init } from 'learnloop'`), and a plain TypeScript sampler
 * (bench/peers/thompson_plain.ts, compiled by bench/run.mjs into build/bench/). 3 Bernoulli arms
 * with success probabilities [0.02, 0.03, 0.05]; each round selects an arm, flips the arm's coin
 * and updates with the 0/1 reward; best rate of REPEATS runs of ROUNDS rounds. Every contender
 * runs in its own process. Both JavaScript contenders flip the coins with the peer's Xoshiro128,
 * so they pay the same environment cost; native flips them with learnloop's Rng.
 * Run directly as `node bench/benchmarks/thompson.mjs --contender wasm|ts ROUNDS REPEATS` it
 * measures one JavaScript contender and prints one JSON line, like the native binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROUNDS = 1_000_000;
const REPEATS = 5;
const PROBS = [0.02, 0.03, 0.05];
const BEST_ARM = 2;
const SAMPLER_SEED = 7;
const ENV_SEED = 1;

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '../..');
const nativeBin = path.join(root, 'build/native-release/bin/learnloop_bench_native');
const plainPeer = path.join(root, 'build/bench/thompson_plain.js');

/** Title of the benchmark in the report. */
export const name = 'Thompson sampling select + update';
/** What is measured and how, for the report. */
export const description =
  `${ROUNDS.toLocaleString('en-US')} rounds of select() + update(arm, reward) on 3 Bernoulli arms with ` +
  `probabilities [${PROBS.join(', ')}], reward = Bernoulli(prob of the chosen arm); best of ${REPEATS} runs, ` +
  'each contender in its own process. learnloop runs with propensityDraws 0 (one Beta draw per arm per ' +
  'select, as the plain peer does; its default of 100 extra draws per select estimates propensities). ' +
  'The note column is a sanity check that all three learn: share of pulls on the best arm (p = 0.05) and ' +
  'reward per round.';
/** The row every ratio is taken against: learnloop as JavaScript users get it. */
export const baseline = 'learnloop wasm in Node';

/** Measures all three contenders and returns one row per implementation. */
export async function run() {
  for (const [file, how] of [
    [nativeBin, 'make native-release'],
    [path.join(root, 'dist/node.js'), 'make package'],
    [plainPeer, 'node bench/run.mjs (it compiles bench/peers)'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing; run ${how} first`);
  }
  const args = [String(ROUNDS), String(REPEATS)];
  const native = lastJsonLine(execFileSync(nativeBin, args, { encoding: 'utf8' }));
  const contender = (which) =>
    lastJsonLine(execFileSync(process.execPath, [here, '--contender', which, ...args], { cwd: root, encoding: 'utf8' }));
  const wasm = contender('wasm');
  const plain = contender('ts');
  return [
    { impl: 'learnloop native (C++)', result: native },
    { impl: 'learnloop wasm in Node', result: wasm },
    { impl: 'plain TypeScript in Node', result: plain },
  ].map(({ impl, result }) => ({
    impl,
    opsPerSec: result.ops_per_sec,
    note: `best arm ${(100 * result.best_arm_share).toFixed(1)}% of pulls, reward/round ${result.reward_per_round.toFixed(4)}`,
  }));
}

/** The last non-empty line of a contender's output, parsed as JSON. */
function lastJsonLine(text) {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Runs `rounds` rounds against `sampler` ({select(): number, update(arm, reward)}) and returns the rate and sanity values. */
function measure(sampler, Xoshiro128, rounds) {
  const env = new Xoshiro128(ENV_SEED);
  let bestArmPulls = 0;
  let successes = 0;
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const arm = sampler.select();
    const reward = env.uniform() < PROBS[arm] ? 1 : 0;
    sampler.update(arm, reward);
    checksum += arm;
    if (arm === BEST_ARM) bestArmPulls++;
    successes += reward;
  }
  const secs = (performance.now() - start) / 1000;
  return { opsPerSec: rounds / secs, bestArmShare: bestArmPulls / rounds, rewardPerRound: successes / rounds, checksum };
}

/** Measures one JavaScript contender ('wasm' or 'ts') and prints the native binary's JSON shape. */
async function runContender(which, rounds, repeats) {
  const { Xoshiro128, ThompsonSampler } = await import(pathToFileURL(plainPeer).href);
  let makeSampler;
  if (which === 'wasm') {
    const { init } = await import('learnloop');
    const ll = await init();
    makeSampler = () => {
      const bandit = ll.thompsonSampling({ arms: 3, seed: SAMPLER_SEED, propensityDraws: 0 });
      return {
        select: () => bandit.select().arm,
        update: (arm, reward) => bandit.update(arm, reward),
        dispose: () => bandit.dispose(),
      };
    };
  } else if (which === 'ts') {
    makeSampler = () => {
      const sampler = new ThompsonSampler(3, { seed: SAMPLER_SEED });
      return { select: () => sampler.select(), update: (arm, reward) => sampler.update(arm, reward), dispose: () => {} };
    };
  } else {
    throw new Error(`unknown contender ${which}; expected wasm or ts`);
  }
  let best;
  let checksum = 0;
  for (let r = 0; r < repeats; r++) {
    const sampler = makeSampler();
    const m = measure(sampler, Xoshiro128, rounds);
    sampler.dispose();
    checksum += m.checksum;
    if (best === undefined || m.opsPerSec > best.opsPerSec) best = m;
  }
  console.log(
    JSON.stringify({
      name: 'thompson_select_update',
      impl: which,
      rounds,
      repeats,
      ops_per_sec: Math.round(best.opsPerSec),
      best_arm_share: best.bestArmShare,
      reward_per_round: best.rewardPerRound,
      checksum,
    }),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === here && process.argv[2] === '--contender') {
  await runContender(process.argv[3], Number(process.argv[4] ?? ROUNDS), Number(process.argv[5] ?? REPEATS));
}
