// The calls whose answers must match across backends, and how to make them on a store: plain data and functions with
// no Node import, so that tests/e2e/postgres_browser.test.mjs's page imports this file as it is (served from the
// repository root) and Node's suites use it through postgres_support.mjs.

/**
 * Makes each [method, args] call on `store` in order, awaiting each (sync openDatabase() store or openPostgres() store).
 * @param {any} store
 * @param {Array<[string, unknown[]]>} calls
 */
export async function makeCalls(store, calls) {
  for (const [method, args] of calls) await store[method](...args);
}

const content = { platform: 'twitter', quality_score: 0.7, content_type: 'educational_thread', hook_type: 'story', duration_seconds: 30, posted_hour: 9 };

/**
 * The calls whose answers must match across backends: [label, method, args].
 * @type {Array<[string, string, unknown[]]>}
 */
export const parityCalls = [
  ['learn 03-13', 'learn', [{ date: '2026-03-13', today: '2026-03-20' }]],
  ['learn 03-14', 'learn', [{ date: '2026-03-14', today: '2026-03-20' }]],
  ['learn 03-14 again (already_learned)', 'learn', [{ date: '2026-03-14', today: '2026-03-20' }]],
  ['learn 03-12 (a backfill)', 'learn', [{ date: '2026-03-12', today: '2026-03-20' }]],
  ['report 03-14', 'report', ['2026-03-14']],
  ['report 03-11 (computed)', 'report', ['2026-03-11']],
  ['history', 'history', [30, '2026-03-20']],
  ['scores', 'metaLearningScores', [{ date: '2026-03-14' }]],
  ['besttime', 'bestTimeToPost', [{ platform: 'twitter', date: '2026-03-14', resamples: 50 }]],
  ['virality', 'predictVirality', [content, { date: '2026-03-14' }]],
  ['fatigue', 'creativeFatigue', [{}]],
  ['accuracy', 'predictionAccuracy', [{ modelName: 'ctr', now: '2026-03-15T00:00:00Z' }]],
  ['retrain', 'checkAndRetrain', [{ modelName: 'ctr', now: '2026-03-15T00:00:00Z', minSamples: 20 }]],
  ['accuracy after retrain', 'predictionAccuracy', [{ modelName: 'ctr', now: '2026-03-15T00:00:00Z' }]],
  ['overview', 'overview', []],
];

/**
 * Runs every parity call on `store`; returns [label, JSON answer or {error: code}] pairs.
 * @param {any} store an openDatabase() or openPostgres() store
 */
export async function parityAnswers(store) {
  const out = [];
  for (const [label, method, args] of parityCalls) {
    try {
      out.push([label, JSON.stringify(await store[method](...args))]);
    } catch (error) {
      out.push([label, JSON.stringify({ error: error.code, message: error.message })]);
    }
  }
  return out;
}
