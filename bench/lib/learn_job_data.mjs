/**
 * The learning job's benchmark data: N posts (content_metadata) and their outcomes as two CSV
 * files, all inside the 7 days before 2026-11-22, with hour, type and quality effects, from a fixed
 * linear congruential generator (the same files on every machine). Streams to disk; never holds a
 * whole file in memory. Shared by bench/benchmarks/learn_job.mjs and bench/make_learn_db.mjs.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The day `learn` runs for over this data. */
export const LEARN_DATE = '2026-11-22';
const TYPES = ['educational_thread', 'story_thread', 'meme_single', 'factual_single', 'opinion_single', 'question_reply'];
const PLATFORMS = ['twitter', 'linkedin', 'instagram', 'tiktok'];

/**
 * Writes `rows` lines from `line(i)` after `header`, without holding the file in memory.
 * @param {string} file
 * @param {string} header
 * @param {number} rows
 * @param {(i: number) => string} line
 */
async function writeCsv(file, header, rows, line) {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((resolve, reject) => out.end((/** @type {Error | null | undefined} */ error) => (error ? reject(error) : resolve(undefined))));
}

/**
 * Deterministic content and outcomes CSVs for `outcomes` posts in `dir`: 7 days, hour, type and quality effects.
 * @param {string} dir
 * @param {number} outcomes
 * @returns {Promise<{content: string, outcomes: string}>}
 */
export async function writeLearnJobData(dir, outcomes) {
  mkdirSync(dir, { recursive: true });
  let state = 2024;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const day = (/** @type {number} */ i) => `2026-11-${String(16 + (i % 7)).padStart(2, '0')}`;
  /** @type {number[]} */
  const hours = [];
  const content = path.join(dir, 'content_metadata.csv');
  await writeCsv(content, 'decision_id,platform,decision_type,bandit_arm,hook_type,quality_score,cost,posted_at', outcomes, (i) => {
    const t = i % TYPES.length;
    hours[i] = 6 + Math.floor(next() * 18);
    return `p${i},${PLATFORMS[i % 4]},${TYPES[t].split('_')[1]},${TYPES[t]},story,${(0.3 + 0.6 * next()).toFixed(3)},${(10 + 40 * next()).toFixed(2)},${day(i)}T${String(hours[i]).padStart(2, '0')}:00:00Z`;
  });
  const outcomesFile = path.join(dir, 'outcomes.csv');
  await writeCsv(outcomesFile, 'decision_id,impressions,likes,retweets,replies,followers_gained,collected_at', outcomes, (i) => {
    const impressions = 200 + Math.floor(next() * 5000);
    const rate = (0.02 + 0.004 * (5 - (i % TYPES.length)) + (hours[i] >= 12 && hours[i] <= 15 ? 0.01 : 0)) * (0.6 + 0.8 * next());
    const engaged = Math.round(impressions * rate);
    const likes = Math.round(engaged * 0.7);
    const retweets = Math.round((engaged - likes) * 0.6);
    return `p${i},${impressions},${likes},${retweets},${engaged - likes - retweets},${next() < 0.15 ? 1 + Math.floor(next() * 4) : 0},${day(i)}T20:00:00Z`;
  });
  return { content, outcomes: outcomesFile };
}

/**
 * The learning job's CSVs for `outcomes` rows and two SQLite databases made from them by the CLI `native` (full.db:
 * everything; content.db: content_metadata only), built once in `dir` (a `ready` file marks them done).
 * @param {string} dir
 * @param {number} outcomes
 * @param {string} native
 * @returns {Promise<{ files: { content: string, outcomes: string }, full: string, contentOnly: string }>}
 */
export async function learnJobDatabases(dir, outcomes, native) {
  mkdirSync(dir, { recursive: true });
  const files = { content: path.join(dir, 'csv/content_metadata.csv'), outcomes: path.join(dir, 'csv/outcomes.csv') };
  const full = path.join(dir, 'full.db');
  const contentOnly = path.join(dir, 'content.db');
  const done = path.join(dir, 'ready');
  if (!existsSync(done)) {
    await writeLearnJobData(path.join(dir, 'csv'), outcomes);
    for (const db of [full, contentOnly]) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      execFileSync(native, ['init', '--db', db]);
      execFileSync(native, ['ingest', '--db', db, '--table', 'content_metadata', files.content], { stdio: 'ignore' });
    }
    execFileSync(native, ['ingest', '--db', full, '--table', 'outcomes', files.outcomes], { stdio: 'ignore' });
    // Checkpointed into the main file, so a copy of it alone is the whole database.
    for (const db of [full, contentOnly]) execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE);'], { stdio: 'ignore' });
    writeFileSync(done, `${outcomes}\n`);
  }
  return { files, full, contentOnly };
}
