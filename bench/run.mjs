/**
 * The benchmark harness behind `make bench` (which first builds native-release and the npm
 * package). Compiles the plain TypeScript peers (bench/tsconfig.json -> build/bench/), runs every
 * registered benchmark (each bench/benchmarks/*.mjs exports name, description, baseline and
 * run() -> [{impl, opsPerSec, note}], or an array `benchmarks` of such entries, which may name a
 * `unit` other than ops/sec and return rows with `value`), prints a table per benchmark and writes bench/RESULTS.md:
 * machine, date, command, and each measured figure with its ratio to the benchmark's baseline
 * row from the same run. Figures are only ever measured here, never typed in.
 * LEARNLOOP_BENCH_ONLY=thompson,bandits runs only those files of bench/benchmarks/ (names without
 * .mjs) and prints their tables without writing bench/RESULTS.md (a quick check that the bench runs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'bench/RESULTS.md');

/** The registered benchmarks: every bench/benchmarks/*.mjs, in file name order. */
async function loadBenchmarks() {
  const dir = path.join(root, 'bench/benchmarks');
  const only = process.env.LEARNLOOP_BENCH_ONLY?.split(',').filter(Boolean);
  let files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
  if (only) {
    const unknown = only.filter((name) => !files.includes(`${name}.mjs`));
    if (unknown.length) throw new Error(`LEARNLOOP_BENCH_ONLY names no benchmark file: ${unknown.join(', ')} (have ${files.join(', ')})`);
    files = files.filter((f) => only.includes(f.replace(/\.mjs$/, '')));
  }
  const benchmarks = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(dir, file)).href);
    for (const entry of mod.benchmarks ?? [mod]) {
      for (const key of ['name', 'description', 'baseline']) {
        if (typeof entry[key] !== 'string') throw new Error(`bench/benchmarks/${file} must export a string '${key}'`);
      }
      if (typeof entry.run !== 'function') throw new Error(`bench/benchmarks/${file} must export run()`);
      benchmarks.push({ file, unit: entry.unit ?? 'ops/sec', name: entry.name, description: entry.description, baseline: entry.baseline, run: entry.run });
    }
  }
  return benchmarks;
}

/**
 * Output of a command (first line only when `firstLine`), or "unavailable (why)".
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, firstLine?: boolean }} [options]
 */
function commandOutput(cmd, args, { env, firstLine = true } = {}) {
  try {
    const out = execFileSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return firstLine ? out.trim().split('\n')[0] : out.trim();
  } catch (e) {
    return `unavailable (${e.code ?? e.message.split('\n')[0]})`;
  }
}

/** A value from a `key: value` or `KEY=value` text file, or undefined. */
function field(file, pattern) {
  try {
    return readFileSync(file, 'utf8').match(pattern)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

/** The machine and tool chain the figures were measured on, as [label, value] pairs. */
function describeMachine() {
  const cpu = field('/proc/cpuinfo', /^model name\s*:\s*(.*)$/m) ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = field('/proc/cpuinfo', /^cpu MHz\s*:\s*(.*)$/m);
  const osName = field('/etc/os-release', /^PRETTY_NAME="?([^"\n]*)"?$/m) ?? os.type();
  const nativeFlags = field(path.join(root, 'build/native-release/CMakeCache.txt'), /^CMAKE_CXX_FLAGS_RELEASE:STRING=(.*)$/m);
  const wasmFlags = field(path.join(root, 'build/wasm-release/CMakeCache.txt'), /^CMAKE_CXX_FLAGS_RELEASE:STRING=(.*)$/m);
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']);
  let dirty = '';
  try {
    execFileSync('git', ['diff', '--quiet', 'HEAD', '--'], { cwd: root, stdio: 'ignore' });
  } catch {
    dirty = ' (plus uncommitted changes)';
  }
  return [
    ['CPU', `${cpu}${mhz ? ` (${Math.round(Number(mhz))} MHz reported)` : ''}`],
    ['Logical cores', String(os.cpus().length)],
    ['Memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${osName}, Linux ${os.release()}, ${os.arch()}`],
    ['Node', process.version],
    ['g++', commandOutput('g++', ['--version'])],
    ['em++', commandOutput('em++', ['--version'], { env: { NODE_PATH: '/usr/share/nodejs' } })],
    ['TypeScript', commandOutput(path.join(root, 'node_modules/.bin/tsc'), ['--version'])],
    ['Build flags', `native-release ${nativeFlags ?? '?'}; wasm-release ${wasmFlags ?? '?'}`],
    ['Commit', `${commit}${dirty}`],
  ];
}

/** How this run was started, for the report. */
function commandLine() {
  const direct = ['node', ...process.argv.slice(1).map((a) => path.relative(root, a) || a)].join(' ');
  return process.env.MAKELEVEL ? `make bench (runs: ${direct})` : direct;
}

/** A measured value: ops/sec with thousands separators, anything else to 4 significant digits. */
function formatValue(benchmark, value) {
  return benchmark.unit === 'ops/sec' ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(4)).toString();
}

/** Rows with their ratio to the baseline row (this / baseline). */
function withRatios(benchmark, rows) {
  const measured = rows.map((r) => ({ ...r, value: r.value ?? r.opsPerSec }));
  const base = measured.find((r) => r.impl === benchmark.baseline);
  if (!base) throw new Error(`${benchmark.file}: no row is the baseline '${benchmark.baseline}'`);
  for (const r of measured) {
    if (!(Number.isFinite(r.value) && r.value > 0)) throw new Error(`${benchmark.file}: ${r.impl} measured ${r.value} ${benchmark.unit}`);
  }
  return measured.map((r) => ({ ...r, ratio: r.value / base.value }));
}

/** A Markdown table of measured rows. */
function markdownTable(benchmark, rows) {
  const lines = [
    `| implementation | ${benchmark.unit} | ratio vs ${benchmark.baseline} | note |`,
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.impl} | ${formatValue(benchmark, r.value)} | ${r.ratio.toFixed(2)}x | ${r.note ?? ''} |`),
  ];
  return lines.join('\n');
}

/** The same table for the terminal. */
function printTable(benchmark, rows) {
  const cells = [['implementation', benchmark.unit, `vs baseline`, 'note'], ...rows.map((r) => [r.impl, formatValue(benchmark, r.value), `${r.ratio.toFixed(2)}x`, r.note ?? ''])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const c of cells) {
    console.log(`  ${c[0].padEnd(widths[0])}  ${c[1].padStart(widths[1])}  ${c[2].padStart(widths[2])}  ${c[3]}`);
  }
}

/** Runs every benchmark and writes bench/RESULTS.md. */
async function main() {
  const started = new Date();
  console.log('bench: compiling the TypeScript peers (bench/tsconfig.json -> build/bench/)');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', path.join(root, 'bench/tsconfig.json')], { cwd: root, stdio: 'inherit' });

  const benchmarks = await loadBenchmarks();
  const sections = [];
  for (const b of benchmarks) {
    console.log(`bench: ${b.name} (${b.file})`);
    const t0 = performance.now();
    const rows = withRatios(b, await b.run());
    const secs = (performance.now() - t0) / 1000;
    printTable(b, rows);
    console.log(`  (${secs.toFixed(1)} s; ratio = ${b.unit} / ${b.unit} of ${b.baseline})`);
    sections.push(
      [`## ${b.name}`, '', b.description, '', `Baseline: ${b.baseline} (ratio = this / baseline, same run). Took ${secs.toFixed(1)} s.`, '', markdownTable(b, rows)].join('\n'),
    );
  }

  if (process.env.LEARNLOOP_BENCH_ONLY) {
    console.log(`bench: LEARNLOOP_BENCH_ONLY is set, so ${path.relative(root, resultsFile)} is left as it was`);
    return;
  }
  const machine = describeMachine();
  const total = (Date.now() - started.getTime()) / 1000;
  const report = [
    '# learnloop benchmark results',
    '',
    `Written by \`bench/run.mjs\`; every figure below was measured by that run. Regenerate with \`make bench\`.`,
    '',
    `- Date: ${started.toISOString()}`,
    `- Command: \`${commandLine()}\` (${total.toFixed(1)} s in all)`,
    ...machine.map(([k, v]) => `- ${k}: ${v}`),
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  writeFileSync(resultsFile, report);
  console.log(`bench: wrote ${path.relative(root, resultsFile)} (${total.toFixed(1)} s)`);
}

await main();
