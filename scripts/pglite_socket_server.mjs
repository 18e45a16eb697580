#!/usr/bin/env node
// A throwaway PostgreSQL with pgvector for the tests and the bench: PGlite (PostgreSQL compiled to wasm, in
// memory) with its `vector` extension, served over the PostgreSQL wire protocol by PGLiteSocketServer on a free
// local port, so that libpq (the native CLI, GoogleTest) connects to it as to any server. Debian bookworm has no
// pgvector for its PostgreSQL 15; this is how the pgvector paths run on a fresh machine.
//
//   node scripts/pglite_socket_server.mjs              prints "postgres://postgres@127.0.0.1:PORT/postgres" on
//                                                      its first stdout line, then serves until stdin closes or
//                                                      SIGTERM/SIGINT
//   node scripts/pglite_socket_server.mjs run CMD...   runs CMD with LEARNLOOP_TEST_PGVECTOR_URI set and stops
//                                                      the server after it, passing on CMD's exit status; when the
//                                                      server cannot start it says why, still runs CMD (without
//                                                      the URI: the pgvector tests then fail under
//                                                      LEARNLOOP_TEST_PG_REQUIRED=1) and exits 1.
// PGLiteSocketServer serves its connections one query at a time (maxConnections 4 here; a test holds one).
import { spawn } from 'node:child_process';
import net from 'node:net';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function start() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 });
  await server.start();
  return { db, server, uri: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

async function stop({ db, server }) {
  await server.stop();
  await db.close();
}

const [mode, ...command] = process.argv.slice(2);
if (mode === 'run') {
  if (command.length === 0) {
    console.error('usage: pglite_socket_server.mjs run CMD [ARGS...]');
    process.exit(2);
  }
  let running = null;
  try {
    running = await start();
  } catch (error) {
    console.error(`pglite_socket_server: PGlite with pgvector did not start: ${error?.stack ?? error}`);
  }
  const env = { ...process.env };
  if (running) env.LEARNLOOP_TEST_PGVECTOR_URI = running.uri;
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const status = await new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', (error) => {
      console.error(`pglite_socket_server: cannot run ${command[0]}: ${error.message}`);
      resolve(127);
    });
  });
  if (running) await stop(running);
  process.exit(running ? status : 1);
} else if (mode === undefined) {
  const running = await start();
  process.stdout.write(`${running.uri}\n`);
  const shutdown = async () => {
    await stop(running);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.resume();
} else {
  console.error('usage: pglite_socket_server.mjs [run CMD [ARGS...]]');
  process.exit(2);
}
