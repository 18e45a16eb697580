/**
 * Browser only: the module Web Worker of openPostgres(). Its first message brings the shared reply buffer and the wasm's
 * URL; it loads the core and serves the store's calls (postgres_worker_calls.ts), waiting on the page's answers with
 * Atomics.wait (allowed in workers of a cross-origin isolated page).
 */
import { init } from './browser_init.js';
import type { CallMessage, StartMessage } from './postgres_protocol.js';
import { postError, serveStore, type PostToMain } from './postgres_worker_calls.js';

const scope = globalThis as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<StartMessage | CallMessage>) => void) | null;
};
const post: PostToMain = (message, transfer = []) => scope.postMessage(message, transfer);
/** The store's call handler, once the core is loaded and the store open (the page posts calls only after `ready`). */
let serve: ((call: CallMessage) => void) | undefined;

/** Loads the core and opens the store over the page's buffer. */
async function start(message: StartMessage): Promise<void> {
  try {
    serve = serveStore(await init({ wasmUrl: message.wasmUrl }), message.buffer, post);
  } catch (error) {
    postError(post, error);
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'start') void start(message);
  else serve?.(message);
};
