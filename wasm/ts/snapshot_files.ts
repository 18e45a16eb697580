/**
 * Node only: embeddings snapshots to and from files, with the native CLI's atomic replace
 * (a temporary file beside the target, then rename), so a crash never leaves half a snapshot.
 */
import { readFile } from 'node:fs/promises';

import type { Learnloop } from './api.js';
import type { EmbeddingIndex } from './embeddings.js';
import { replaceFileSync } from './node_files.js';

/** Writes `index`'s snapshot to `path` atomically; the native `learnloop search --index` reads it too. */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that a failed write rejects the promise instead of throwing
export async function saveEmbeddingIndex(index: EmbeddingIndex, path: string): Promise<void> {
  replaceFileSync(path, index.toBytes());
}

/**
 * Reads a snapshot file (from saveEmbeddingIndex() or `learnloop index build --out`).
 * @throws {LearnloopError} code `parse_error` or `unsupported_version` for a bad snapshot; Node's error when the file cannot be read
 */
export async function loadEmbeddingIndex(ll: Learnloop, path: string): Promise<EmbeddingIndex> {
  return ll.embeddingIndexFromBytes(new Uint8Array(await readFile(path)));
}
