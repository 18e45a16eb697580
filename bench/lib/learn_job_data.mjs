/**
 * The learning job's benchmark data: N posts (content_metadata) and their outcomes as two CSV
 * files, all inside the 7 days before 2026-11-22, with hour, type and quality effects, from a fixed
 * linear congruential generator (the same files on every machine). Streams to disk; never holds a
 * whole file in memory. Shared by bench/benchmarks/learn_job.mjs and bench/make_learn_db.mjs.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
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
