// Parity of the whole learning job at size, in wasm: tests/golden/pipelines/learn_parity.json's cases (10k and 100k
// outcomes generated from a seed with integer arithmetic, ingested as CSV text) are learned through the npm package,
// and the JSON text the core returns for each run, and the digest of the meta-learning scores it stored (the JS
// adapters write them in multi-row INSERTs and read the window joined in SQL), must hash to the golden values
// GoogleTest checks natively (tests/cpp/learn_parity_test.cpp): the native CLI and the npm package store the same
// run, bit for bit.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { openDatabase } from '../../dist/node.js';

import { loadGolden } from './helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-learn-parity-'));
const TYPES = ['educational_thread', 'story_thread', 'meme_single', 'factual_single', 'opinion_single', 'question_reply'];
const PLATFORMS = ['twitter', 'linkedin', 'instagram', 'tiktok'];

/** The golden file's generator: content and outcomes CSV text for `n` posts from `seed` (integers only). */
function parityCsv(n, seed) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const two = (/** @type {number} */ v) => String(v).padStart(2, '0');
  const hours = new Array(n);
  const content = ['decision_id,platform,decision_type,bandit_arm,hook_type,quality_score,cost,posted_at'];
  for (let i = 0; i < n; i++) {
    const type = TYPES[i % 6];
    hours[i] = 6 + (next() % 18);
    const q = 300 + (next() % 600);
    const cost = 10 + (next() % 40);
    content.push(`p${i},${PLATFORMS[i % 4]},${type.split('_')[1]},${type},story,0.${q},${cost},2026-11-${two(16 + (i % 7))}T${two(hours[i])}:00:00Z`);
  }
  const outcomes = ['decision_id,impressions,likes,retweets,replies,followers_gained,collected_at'];
  for (let i = 0; i < n; i++) {
    const t = i % 6;
    const impressions = 200 + (next() % 5000);
    const rate = 20 + 4 * (5 - t) + (hours[i] >= 12 && hours[i] <= 15 ? 10 : 0);
    const factor = 600 + (next() % 800);
    const engaged = Math.floor((impressions * rate * factor) / 1e6);
    const likes = Math.floor((7 * engaged) / 10);
    const retweets = Math.floor((6 * (engaged - likes)) / 10);
    const replies = engaged - likes - retweets;
    const followers = next() % 100 < 15 ? 1 + (next() % 4) : 0;
    outcomes.push(`p${i},${impressions},${likes},${retweets},${replies},${followers},2026-11-${two(16 + (i % 7))}T20:00:00Z`);
  }
  return { content: `${content.join('\n')}\n`, outcomes: `${outcomes.join('\n')}\n` };
}

/** FNV-1a 64 of the UTF-8 bytes of `text`, as 16 hex digits. */
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

/**
 * The golden file's digest of a value (its "meta_scores_digest"): numbers as the 16 hex digits of their IEEE-754 bits,
 * null as N, text as itself, arrays and objects with each element (objects: key=element) followed by ';'.
 * @param {unknown} v
 * @returns {string}
 */
function digest(v) {
  if (v === null) return 'N';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    const bits = Buffer.alloc(8);
    bits.writeDoubleBE(v);
    return bits.toString('hex');
  }
  if (Array.isArray(v)) return `[${v.map((e) => `${digest(e)};`).join('')}]`;
  return `{${Object.entries(/** @type {Record<string, unknown>} */ (v)).map(([k, e]) => `${k}=${digest(e)};`).join('')}}`;
}

const golden = loadGolden('pipelines/learn_parity.json');
for (const c of golden.cases) {
  test(`the learning run of ${c.name} hashes to the golden value (the native run's)`, async () => {
    const store = await openDatabase(join(dir, `${c.name}.db`));
    try {
      const csv = parityCsv(c.outcomes, c.seed);
      store.ingest(csv.content, { table: 'content_metadata' });
      store.ingest(csv.outcomes, { table: 'outcomes' });
      // The core's own JSON text of the run (learn() parses it; JS would print numbers differently).
      const raw = /** @type {{ raw: { learn(json: string, progress: undefined): string } }} */ (/** @type {unknown} */ (store)).raw;
      const text = raw.learn(JSON.stringify({ date: golden.date, today: golden.date }), undefined);
      assert.equal(typeof text, 'string', JSON.stringify(text));
      assert.equal(JSON.parse(text).status, 'ok', text.slice(0, 2000));
      assert.equal(fnv1a64(text), c.fnv1a64, text.slice(0, 2000));
      const scores = store.metaLearningScores({ date: golden.date });
      assert.ok(scores.count > 0, 'no meta scores read');
      assert.equal(fnv1a64(digest(scores.scores)), c.meta_scores_fnv1a64);
    } finally {
      store.dispose();
    }
  });
}
