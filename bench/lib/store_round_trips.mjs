/**
 * Child process of bench/benchmarks/store_writes.mjs: ROUNDS prediction round trips (recordPrediction then
 * completePrediction) through the npm package on the given backend, then one save() (a no-op on node:sqlite;
 * the in-memory backend writes the file back there, counted in the time). Prints one JSON line.
 * Usage: node store_round_trips.mjs DB ROUNDS NAME BACKEND
 */
import { openDatabase } from '../../dist/node.js';

const [path, rounds, name, backend] = process.argv.slice(2);
const store = await openDatabase(path, { create: false, backend: /** @type {'node:sqlite' | 'memory'} */ (backend) });
const start = process.hrtime.bigint();
for (let i = 0; i < Number(rounds); i++) {
  const predictionId = `${name}-${i}`;
  store.recordPrediction({ prediction_id: predictionId, predicted_ctr: 0.05, predicted_at: '2026-03-09T08:00:00Z' });
  store.completePrediction(predictionId, { actual_ctr: 0.04, completed_at: '2026-03-09T20:00:00Z' });
}
store.save();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const used = store.backend;
store.dispose();
console.log(JSON.stringify({ seconds, roundTrips: Number(rounds), backend: used }));
