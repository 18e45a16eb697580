/**
 * Makes a learning-job database of N outcomes for measuring `learnloop learn` by hand: writes the
 * benchmark's deterministic CSVs (bench/lib/learn_job_data.mjs) and ingests them with a learnloop
 * CLI into a fresh database. Learn on a copy, so every run starts from the same file:
 *   node bench/make_learn_db.mjs --outcomes 1000000 --db build/bench/learn_1m.db
 *   cp build/bench/learn_1m.db /tmp/run.db && /usr/bin/time -v build/native-release/bin/learnloop learn --db /tmp/run.db --date 2026-11-22
 * Options: --cli PATH (default build/native-release/bin/learnloop), --csv-dir DIR (default beside the database).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { LEARN_DATE, writeLearnJobData } from './lib/learn_job_data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    outcomes: { type: 'string', default: '1000000' },
    db: { type: 'string' },
    cli: { type: 'string', default: path.join(root, 'build/native-release/bin/learnloop') },
    'csv-dir': { type: 'string' },
  },
});
const outcomes = Number(values.outcomes);
if (!Number.isInteger(outcomes) || outcomes < 1) throw new Error(`--outcomes is ${values.outcomes}; expected a whole number >= 1`);
if (!values.db) throw new Error('--db DB is required: the database to create');
if (!existsSync(values.cli)) throw new Error(`${values.cli} is missing: build it (cmake --preset native-release && cmake --build --preset native-release --target learnloop)`);
const db = path.resolve(values.db);
const csvDir = path.resolve(values['csv-dir'] ?? `${db}.csv`);
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
const files = await writeLearnJobData(csvDir, outcomes);
const run = (/** @type {string[]} */ args) => execFileSync(values.cli, args, { stdio: ['ignore', 'ignore', 'inherit'] });
run(['init', '--db', db]);
run(['ingest', '--db', db, '--table', 'content_metadata', files.content]);
run(['ingest', '--db', db, '--table', 'outcomes', files.outcomes]);
console.log(`${db}: ${outcomes} outcomes; learn it with --date ${LEARN_DATE}`);
