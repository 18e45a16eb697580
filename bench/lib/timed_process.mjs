// Whole processes timed for the benchmarks that compare command-line runs (learn_scale, postgres): wall seconds and
// peak memory from /usr/bin/time, a fresh copy of a SQLite file before each run, and the median of the rounds.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs `argv` under /usr/bin/time in `cwd` (its report goes to `scratch`/time.txt); wall seconds, peak RSS in MB
 * and stdout. A failing run throws with its stderr.
 * @param {string[]} argv
 * @param {{ cwd: string, scratch: string }} where
 */
export function measure(argv, { cwd, scratch }) {
  const timeFile = path.join(scratch, 'time.txt');
  let stdout;
  try {
    stdout = execFileSync('/usr/bin/time', ['-f', 'TIME %e %M', '-o', timeFile, ...argv], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
  } catch (error) {
    throw new Error(`${argv.join(' ')} failed: ${String(error.stderr ?? error.message).slice(0, 800)}`);
  }
  const [, secs, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
  return { seconds: Number(secs), peakMb: Number(kb) / 1024, stdout };
}

/**
 * A fresh copy of `from` at `to` (and no WAL files left by an earlier run).
 * @param {string} from
 * @param {string} to
 */
export function restore(from, to) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
  copyFileSync(from, to);
}

/**
 * The median of `values`.
 * @param {number[]} values
 */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
