// openPostgres() in a browser, end to end in headless Chromium (playwright-core, Debian's /usr/bin/chromium): on a
// cross-origin isolated page (web-demo/serve.mjs sends COOP/COEP) the page owns a PGlite instance, openPostgres(pglite)
// runs the core in a Web Worker, and the golden history written through it answers learn, report, besttime, virality,
// fatigue, accuracy, retrain and the rest with the same JSON as the file store (openDatabase() in Node) on the same
// rows; progress callbacks and embedding indices cross the worker boundary. The same page without COOP/COEP, and a
// connection URI or a pg Pool, are refused with a LearnloopError that says why. Fails (never skips) without Chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { openDatabase } from '../../dist/node.js';
import { startServer } from '../../web-demo/serve.mjs';
import { repoPath } from '../js/helpers.mjs';
import { withoutIsolation } from './dashboard_page.mjs';
import { historyWrites, parityAnswers, writeHistory } from '../js/postgres_support.mjs';

const CHROMIUM = process.env.LEARNLOOP_CHROMIUM ?? '/usr/bin/chromium';

let server;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it with \`make setup-browser\``);
  assert.ok(existsSync(repoPath('dist/browser.js')), 'dist/browser.js not found: run `make package` first');
  server = await startServer({ root: repoPath('.') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'], timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A new page of the server (any served file will do: the page only imports modules), with its errors collected. */
async function newPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${server.url}web-demo/theme.css`);
  return { page, errors };
}

/** The page's answers: the golden history written through openPostgres(PGlite), then every parity call. */
function answersInPage(page, writes) {
  return page.evaluate(async (writes) => {
    // Served URLs (not Node's modules): in variables, so that type checking leaves them alone.
    const [entry, pgliteEntry, calls] = ['/dist/browser.js', '/node_modules/@electric-sql/pglite/dist/index.js', '/tests/js/postgres_parity_calls.mjs'];
    const { openPostgres, EmbeddingIndex } = await import(entry);
    const { PGlite } = await import(pgliteEntry);
    const { makeCalls, parityAnswers } = await import(calls);
    const pglite = await PGlite.create();
    const store = await openPostgres(pglite);
    try {
      await makeCalls(store, writes);
      const answers = await parityAnswers(store);
      // A progress callback and an embedding index cross the worker boundary.
      const labels = [];
      const run = await store.learn({ date: '2026-03-16', today: '2026-03-20', onProgress: (label) => labels.push(label) });
      const demoLite = await PGlite.create();
      const demo = await openPostgres(demoLite);
      let search;
      try {
        await demo.generateDemo({ endDate: '2026-03-14', days: 3, postsPerDay: 2, seed: 5, embeddingDim: 8 });
        const index = await demo.loadEmbeddingIndex('TEXT_CAPTION');
        search = { isIndex: index instanceof EmbeddingIndex, count: index.count('TEXT_CAPTION'),
          hits: index.search('TEXT_CAPTION', new Float32Array(8).fill(0.5), { k: 3 }).length };
        index.dispose();
      } finally {
        await demo.close();
        await demoLite.close();
      }
      const tables = await pglite.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'outcomes'");
      return { answers, backend: store.backend, labels, learned: run.status, search, outcomesTable: tables.rows[0].n,
        isolated: crossOriginIsolated };
    } finally {
      await store.close();
      await pglite.close();
    }
  }, writes);
}

test('on a cross-origin isolated page, openPostgres(PGlite) answers as the file store on the same rows', async () => {
  const file = await openDatabase(join(mkdtempSync(join(tmpdir(), 'learnloop-pg-browser-')), 'golden.db'));
  let want;
  try {
    await writeHistory(file);
    want = await parityAnswers(file);
  } finally {
    file.dispose();
  }
  const context = await browser.newContext();
  try {
    const { page, errors } = await newPage(context);
    const got = await answersInPage(page, historyWrites());
    assert.equal(got.isolated, true);
    assert.equal(got.backend, 'postgres');
    assert.equal(got.outcomesTable, 1, 'the schema is in the page\'s PGlite');
    assert.ok(want.filter(([, json]) => !json.startsWith('{"error"')).length >= 14, 'too few calls answered on the file store to compare');
    assert.equal(got.answers.length, want.length);
    for (let i = 0; i < want.length; ++i) assert.equal(got.answers[i][1], want[i][1], want[i][0]);
    assert.ok(got.labels.length > 0, 'learn() reported no progress through the worker');
    assert.equal(typeof got.learned, 'string');
    assert.deepEqual(got.search, { isIndex: true, count: got.search.count, hits: 3 });
    assert.ok(got.search.count >= 3);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/** What openPostgres() answers on `page` for a PGlite instance, a connection URI and a pg Pool lookalike. */
function refusalsInPage(page) {
  return page.evaluate(async () => {
    const [entry, pgliteEntry] = ['/dist/browser.js', '/node_modules/@electric-sql/pglite/dist/index.js'];
    const { openPostgres, LearnloopError } = await import(entry);
    const { PGlite } = await import(pgliteEntry);
    const outcome = (promise) =>
      promise.then(
        async (store) => {
          await store.close();
          return { opened: true };
        },
        (error) => ({ code: error.code, message: error.message, isLearnloopError: error instanceof LearnloopError }),
      );
    const pglite = await PGlite.create();
    try {
      const pool = { connect: async () => ({ release() {} }), end: async () => {}, totalCount: 0 };
      return {
        isolated: crossOriginIsolated,
        pglite: await outcome(openPostgres(pglite)),
        uri: await outcome(openPostgres('postgres://app:secret@db.internal:5432/metrics')),
        pool: await outcome(openPostgres(pool)),
        other: await outcome(openPostgres({})),
      };
    } finally {
      await pglite.close();
    }
  });
}

test('a page without COOP/COEP gets a clear error, and a URI or a pg Pool is refused in browsers', async () => {
  const context = await browser.newContext();
  await withoutIsolation(context);
  try {
    const { page, errors } = await newPage(context);
    const got = await refusalsInPage(page);
    assert.equal(got.isolated, false);
    assert.equal(got.pglite.isLearnloopError, true, JSON.stringify(got.pglite));
    assert.equal(got.pglite.code, 'invalid_argument');
    assert.match(got.pglite.message, /needs a cross-origin isolated page/);
    assert.match(got.pglite.message, /Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
    for (const [what, name] of [['uri', 'a connection URI'], ['pool', 'a node-postgres Pool']]) {
      assert.equal(got[what].code, 'invalid_argument', what);
      assert.match(got[what].message, new RegExp(`takes a PGlite instance only: ${name} needs node-postgres, which runs in Node`), what);
    }
    assert.doesNotMatch(got.uri.message, /secret/);
    assert.equal(got.other.code, 'invalid_argument');
    assert.match(got.other.message, /expects a PGlite instance/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
