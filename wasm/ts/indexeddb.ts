/**
 * Browser only: embeddings snapshots in IndexedDB (one object store of Uint8Array snapshots by
 * key), so a dashboard keeps its index across reloads without a server.
 */
import type { Learnloop } from './api.js';
import type { EmbeddingIndex } from './embeddings.js';

/** Where snapshots live in IndexedDB. */
export interface IndexedDbLocation {
  /** Database name; default "learnloop". */
  database?: string;
  /** Object store name; default "embeddings". */
  store?: string;
}

function open(location: IndexedDbLocation): Promise<{ db: IDBDatabase; store: string }> {
  const store = location.store ?? 'embeddings';
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(location.database ?? 'learnloop');
    request.onupgradeneeded = () => request.result.createObjectStore(store);
    request.onsuccess = () => resolve({ db: request.result, store });
    request.onerror = () => {
      reject(request.error ?? new Error('IndexedDB request failed'));
    };
  });
}

function run<T>(location: IndexedDbLocation, mode: IDBTransactionMode, action: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open(location).then(
    ({ db, store }) =>
      new Promise<T>((resolve, reject) => {
        const request = action(db.transaction(store, mode).objectStore(store));
        request.onsuccess = () => {
          db.close();
          resolve(request.result as T);
        };
        request.onerror = () => {
          db.close();
          reject(request.error ?? new Error('IndexedDB request failed'));
        };
      }),
  );
}

/** Saves `index`'s snapshot under `key` (one IndexedDB put: the old snapshot stays until it commits). */
export function saveEmbeddingIndexToIndexedDB(index: EmbeddingIndex, key: string, location: IndexedDbLocation = {}): Promise<void> {
  const bytes = index.toBytes();
  return run<IDBValidKey>(location, 'readwrite', (s) => s.put(bytes, key)).then(() => undefined);
}

/**
 * Loads the snapshot saved under `key`, or undefined when there is none.
 * @throws {LearnloopError} code `parse_error` or `unsupported_version` for a bad snapshot
 */
export async function loadEmbeddingIndexFromIndexedDB(
  ll: Learnloop,
  key: string,
  location: IndexedDbLocation = {},
): Promise<EmbeddingIndex | undefined> {
  const bytes = await run<Uint8Array | undefined>(location, 'readonly', (s) => s.get(key));
  return bytes === undefined ? undefined : ll.embeddingIndexFromBytes(new Uint8Array(bytes));
}
