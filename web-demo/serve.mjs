// A tiny, dependency-free static file server for the web demo and the browser tests. It serves
// the repository root on 127.0.0.1 only (so /dist/ and /web-demo/ are both reachable), with the
// MIME types browsers insist on (application/wasm for streaming compilation, text/javascript for
// modules), never outside the root (no `..`, no symlinks leading out, no dot-files such as .git)
// and without caching, so a rebuilt dist/ shows up on reload.
//   node web-demo/serve.mjs [--port N]   writes build/web-demo/demo.db when missing, prints
//                                        http://127.0.0.1:PORT/web-demo/ and serves until Ctrl-C
//   import { startServer } from './serve.mjs'; const { url, close } = await startServer({ root });
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the parent of this file's folder. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** Sends a short plain-text response. */
function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${text}\n`);
}

/** True when `target` is `root` itself or inside it. */
const isInside = (root, target) => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** Handles one request below `root` (an absolute, symlink-free path). */
async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });

  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return sendText(res, 400, 'bad request: malformed URL');
  }
  if (pathname === '/') return sendText(res, 302, 'see /web-demo/', { Location: '/web-demo/' });
  // No NUL bytes, backslashes or dot segments ("..", ".git", ".env"): none of the served files needs them.
  const segments = pathname.split('/').filter(Boolean);
  if (pathname.includes('\0') || pathname.includes('\\') || segments.some((s) => s.startsWith('.')))
    return sendText(res, 404, 'not found');

  let file = path.resolve(root, ...segments);
  let info;
  try {
    file = await realpath(file);
    if (!isInside(root, file)) return sendText(res, 404, 'not found');
    info = await stat(file);
    if (info.isDirectory()) {
      // Relative URLs in a folder's index.html only resolve with the trailing slash.
      if (!pathname.endsWith('/')) return sendText(res, 301, 'moved', { Location: `${encodeURI(pathname)}/` });
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
  } catch {
    return sendText(res, 404, 'not found');
  }
  if (!info.isFile()) return sendText(res, 404, 'not found');

  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Cross-origin isolation: lets the worker use SharedArrayBuffer and sqlite-wasm's OPFS storage.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * Starts serving `root` (default: the repository root) on 127.0.0.1:`port` (0 picks a free port).
 * Resolves to `{ url, pageUrl, close }`: `url` is the server's root ("http://127.0.0.1:PORT/"),
 * `pageUrl` the demo page, and `close()` stops the server and drops open connections.
 */
export async function startServer({ root = repoRoot, port = 0 } = {}) {
  const realRoot = await realpath(root);
  const server = createServer((req, res) => {
    handle(realRoot, req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`serve: not listening on a TCP port (${address})`);
  const url = `http://127.0.0.1:${address.port}/`;
  return {
    url,
    pageUrl: `${url}web-demo/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Where the dashboard finds its bundled demo database. */
export const demoDatabasePath = path.join(repoRoot, 'build', 'web-demo', 'demo.db');

/**
 * Writes the dashboard's demo database (90 days, seed 42, ending yesterday) with the package's own
 * CLI when it is missing; the page generates the same history itself when the file is not served.
 */
export function ensureDemoDatabase() {
  if (existsSync(demoDatabasePath)) return;
  mkdirSync(path.dirname(demoDatabasePath), { recursive: true });
  console.log(`serve: writing the demo database ${path.relative(repoRoot, demoDatabasePath)} (learnloop demo, 90 days)…`);
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'demo', '--db', demoDatabasePath, '--days', '90', '--seed', '42'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) console.warn(`serve: could not write the demo database: ${r.stderr.trim()}`);
}

/** `node web-demo/serve.mjs [--port N]`: serve until Ctrl-C. */
async function main(argv) {
  let port = 8080;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = arg === '--port' ? argv[++i] : arg.startsWith('--port=') ? arg.slice('--port='.length) : undefined;
    if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
      console.error(`usage: node web-demo/serve.mjs [--port N]   (N in 0..65535, 0 = any free port; got ${JSON.stringify(arg)})`);
      process.exit(2);
    }
    port = Number(value);
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'browser.js')))
    console.warn('serve: dist/browser.js is missing; run `make package` first or the page cannot load learnloop');
  else ensureDemoDatabase();
  let server;
  try {
    server = await startServer({ port });
  } catch (e) {
    console.error(`serve: cannot listen on 127.0.0.1:${port}: ${e.message}${e.code === 'EADDRINUSE' ? ' (try --port 0)' : ''}`);
    process.exit(1);
  }
  console.log(`learnloop web demo: ${server.pageUrl}  (Ctrl-C to stop)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** True when this file is the program node was started with (not imported). */
function isMain() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) await main(process.argv.slice(2));
