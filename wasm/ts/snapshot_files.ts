/**
 * Node only: embeddings snapshots to and from files, with the native CLI's atomic replace
 * (a temporary file beside the target, then rename), so a crash never leaves half a snapshot.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

import type { Learnloop } from './api.js';
import type { EmbeddingIndex } from './embeddings.js';

/** Writes `index`'s snapshot to `path` atomically; the native `learnloop search --index` reads it too. */
export async function saveEmbeddingIndex(index: EmbeddingIndex, path: string): Promise<void> {
  const temp = `${path}.tmp-learnloop`;
  try {
    await writeFile(temp, index.toBytes());
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Reads a snapshot file (from saveEmbeddingIndex() or `learnloop index build --out`).
 * @throws {LearnloopError} code `parse_error` or `unsupported_version` for a bad snapshot; Node's error when the file cannot be read
 */
export async function loadEmbeddingIndex(ll: Learnloop, path: string): Promise<EmbeddingIndex> {
  return ll.embeddingIndexFromBytes(new Uint8Array(await readFile(path)));
}
