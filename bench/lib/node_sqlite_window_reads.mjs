/**
 * The floor node:sqlite sets under the npm bin's learning job: the rows the job reads, stepped through node:sqlite's
 * StatementSync as the adapter steps them (rows as arrays, integers as BigInt) and nothing else done with them. The
 * window's outcomes and their content (the job's two statements, the content over the window's ids in one range
 * instead of one range per chunk) and the learned day's rates. Prints the rows stepped as one line of JSON.
 * Usage: node bench/lib/node_sqlite_window_reads.mjs --db FILE --date YYYY-MM-DD [--window DAYS] (Node 22.5+).
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { db: { type: 'string' }, date: { type: 'string' }, window: { type: 'string', default: '7' } } });
if (!values.db || !values.date) throw new Error('usage: node_sqlite_window_reads.mjs --db FILE --date YYYY-MM-DD [--window DAYS]');
/** node:sqlite (typed loosely: this project's @types/node is Node 20's, which has no node:sqlite). @type {any} */
const sqlite = /** @type {any} */ (process).getBuiltinModule?.('node:sqlite');
if (!sqlite) throw new Error(`node:sqlite is missing in Node ${process.version}; run this under Node 22.5 or later`);
const db = new sqlite.DatabaseSync(values.db, { readOnly: true });
const day = (/** @type {string} */ date, /** @type {number} */ add) => new Date(Date.parse(`${date}T00:00:00Z`) + add * 86_400_000).toISOString().slice(0, 10);
const from = day(values.date, 1 - Number(values.window));
const to = day(values.date, 1);

/** Steps `sql` with `params` to its end as the adapter does; the number of rows and the first and last decision ids. */
function step(/** @type {string} */ sql, /** @type {(string | number)[]} */ params) {
  const stmt = db.prepare(sql);
  stmt.setReadBigInts(true);
  stmt.setReturnArrays(true);
  let rows = 0;
  let first;
  let last;
  for (const row of stmt.iterate(...params)) {
    first ??= row[0];
    last = row[0];
    ++rows;
  }
  return { rows, first, last };
}

db.exec('BEGIN');
const outcomes = step(
  'SELECT decision_id, collected_at, impressions, likes + retweets + replies, engagement_rate, followers_gained, revenue FROM outcomes ' +
    'INDEXED BY sqlite_autoindex_outcomes_1 WHERE collected_at >= ? AND collected_at < ? ORDER BY decision_id, collected_at',
  [from, to],
);
const content = step(
  'SELECT decision_id, platform, decision_type, bandit_arm, hook_type, topic, quality_score, cost, posted_at, duration_seconds ' +
    'FROM content_metadata INDEXED BY sqlite_autoindex_content_metadata_1 WHERE decision_id >= ? AND decision_id <= ? ORDER BY decision_id',
  [String(outcomes.first ?? ''), String(outcomes.last ?? '')],
);
const rates = step('SELECT impressions, likes + retweets + replies, engagement_rate FROM outcomes WHERE collected_at >= ? AND collected_at < ?', [values.date, to]);
db.exec('COMMIT');
db.close();
console.log(JSON.stringify({ outcomes: outcomes.rows, content: content.rows, day_rates: rates.rows }));
