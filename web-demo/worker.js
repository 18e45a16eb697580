// The dashboard's worker: owns learnloop (wasm) and the metrics database (sqlite-wasm) so the
// learning job and the analytics never block the page, and progress can be drawn while they run.
// The opened database is kept across page loads (openDatabase's `keep`): in OPFS through sqlite-wasm's opfs
// VFS where the browser allows it, else IndexedDB, else memory only; every answer that opens one says where.
// Messages in: {id, method, args}; out: {id, result} | {id, error: {code, message}} | {progress}, typed
// by worker_protocol.js (WorkerMethods: method name -> params and result).
// No numbers are computed here: every answer is the package's (the C++ core's) own.
import { init, keptDatabase, LearnloopError, openDatabase, whenKept } from '../dist/browser.js';
import { dayBefore, todayUtc } from '../dist/dates.js';

const SQLITE_URL = new URL('../node_modules/@sqlite.org/sqlite-wasm/index.mjs', import.meta.url);
const DEMO_URL = new URL('../build/web-demo/demo.db', import.meta.url);
const CAPTIONS = 'TEXT_CAPTION';
/** The name the dashboard keeps its database under (an OPFS file, or an IndexedDB key). */
const KEEP = { name: 'learnloop-dashboard.db' };

/** @typedef {import('./worker_protocol.js').WorkerHandlers} WorkerHandlers */
/** @typedef {import('./worker_protocol.js').WorkerReply} WorkerReply */

/** @type {import('../dist/browser.js').Learnloop | undefined} */
let ll;
/** @type {import('../dist/browser.js').MetricsStore | undefined} */
let store;
/** @type {import('../dist/browser.js').EmbeddingIndex | undefined} */
let captions;

/** Posts `reply` to the page. */
const reply = (/** @type {WorkerReply} */ message) => postMessage(message);

/** Posts the progress of the current task. */
const progress = (/** @type {string} */ label, /** @type {number} */ done, /** @type {number} */ total) => reply({ progress: { label, done, total } });

/** The open store, or a clear error when none is open. */
function openStore() {
  if (!store) throw new LearnloopError('invalid_argument', 'no database is open: load the demo database or pick a SQLite file');
  return store;
}

/** Closes the open database and the similarity index built from it. */
function closeStore() {
  captions?.dispose();
  captions = undefined;
  store?.dispose();
  store = undefined;
}

/**
 * Makes `checked` (a database opened and migrated in memory, so a bad file never replaces the kept one) the open
 * database, kept across page loads where the browser allows; when keeping fails it stays open in memory.
 * @param {import('../dist/browser.js').MetricsStore} checked
 * @param {string} source
 * @returns {Promise<import('./worker_protocol.js').OpenedDatabase>}
 */
async function adopt(checked, source) {
  closeStore();
  /** @type {{ storage: import('../dist/browser.js').KeptStorage, reason: string }} */
  let kept;
  try {
    const info = await keptDatabase(KEEP, { sqliteUrl: SQLITE_URL });
    kept = { storage: info.storage, reason: info.reason };
    if (info.storage !== 'memory') {
      store = await openDatabase(checked.export(), { sqliteUrl: SQLITE_URL, keep: KEEP });
      await whenKept(KEEP.name);
    }
  } catch (error) {
    store?.dispose();
    store = undefined;
    kept = { storage: 'memory', reason: `memory only: it could not be kept (${error?.message ?? String(error)})` };
  }
  if (store) checked.dispose();
  else store = checked;
  return { source, overview: store.overview(), kept };
}

/** @type {WorkerHandlers} */
const methods = {
  /** Loads the wasm module. */
  async load() {
    ll = await init();
    return { version: ll.version };
  },

  /** Reopens the database kept by an earlier visit, or answers null when none is kept. */
  async openKept() {
    const info = await keptDatabase(KEEP, { sqliteUrl: SQLITE_URL });
    if (!info.exists) return null;
    closeStore();
    store = await openDatabase(undefined, { sqliteUrl: SQLITE_URL, keep: KEEP });
    return { source: 'the kept database', overview: store.overview(), kept: { storage: info.storage, reason: info.reason } };
  },

  /** Opens the bundled demo database, or generates the same history here when it is not served. */
  async openDemo() {
    const response = await fetch(DEMO_URL).catch(() => undefined);
    if (response?.ok) return adopt(await openDatabase(await response.arrayBuffer(), { sqliteUrl: SQLITE_URL }), 'demo database (bundled)');
    const fresh = await openDatabase(undefined, { sqliteUrl: SQLITE_URL });
    fresh.generateDemo({ endDate: dayBefore(todayUtc()), days: 90, seed: 42, onProgress: progress });
    return adopt(fresh, 'demo database (generated in the browser: the bundled file was not served)');
  },

  /** Opens a database file the user picked. */
  async openBytes({ bytes, name }) {
    return adopt(await openDatabase(bytes, { sqliteUrl: SQLITE_URL }), name);
  },

  /** Runs the learning job for `date` with progress; the whole answer of `learnloop learn --json`. */
  async learn({ date }) {
    // The dashboard learns the day it shows again on request: replace a run the database already holds.
    const run = openStore().learn({ date, today: todayUtc(), force: true, onProgress: progress });
    // Kept: a no-op on OPFS (written as it goes), a put in IndexedDB otherwise.
    store.save();
    await whenKept(KEEP.name);
    return run;
  },

  /** Best hours and days of `platform` over the 28 days to `date`, with the weekday x hour grid. */
  bestTime({ platform, date }) {
    return openStore().bestTimeToPost({ platform, date, days: 28 });
  },

  /** Virality of planned content from the store's history up to `date`. */
  virality({ content, date }) {
    // @ts-expect-error the form's input goes to the core unchecked: the core names a missing or mistyped field
    return openStore().predictVirality(content, { date });
  },

  /** Fatigue of every creative in the store as of `date` (default: the latest metric day). */
  creativeFatigue({ date }) {
    return openStore().creativeFatigue(date ? { date } : {});
  },

  /** A budget Monte Carlo simulation (no database needed). */
  simulateBudget({ request }) {
    // @ts-expect-error the form's input goes to the core unchecked: the core names a missing or mistyped field
    return ll.simulateBudget(request);
  },

  /** Caption items with their metadata, for the similarity picker. */
  similarityItems() {
    captions ??= openStore().loadEmbeddingIndex(CAPTIONS);
    const { ids, metadata } = captions.items(CAPTIONS);
    return ids.map((id, i) => ({ id, metadata: metadata[i] }));
  },

  /** The k nearest captions of item `id` (the item itself left out). */
  similar({ id, k }) {
    captions ??= openStore().loadEmbeddingIndex(CAPTIONS);
    return captions.search(CAPTIONS, { id }, { k });
  },
};

/**
 * Runs `method` with the arguments of a request. Messages arrive untyped (structured clones): the
 * page's call() is what types them, from the same WorkerMethods map.
 * @param {import('./worker_protocol.js').WorkerMethod} method
 * @param {unknown} args
 */
function dispatch(method, args) {
  const handler = /** @type {(args: unknown) => unknown} */ (methods[method]);
  return handler(args);
}

self.onmessage = async (/** @type {MessageEvent<import('./worker_protocol.js').WorkerRequest>} */ { data: { id, method, args } }) => {
  try {
    if (!Object.hasOwn(methods, method)) throw new LearnloopError('invalid_argument', `unknown worker method '${method}'`);
    reply({ id, result: await dispatch(method, args ?? {}) });
  } catch (error) {
    const known = error instanceof LearnloopError;
    reply({ id, error: { code: known ? error.code : (error?.name ?? 'Error'), message: error?.message ?? String(error) } });
  }
};
