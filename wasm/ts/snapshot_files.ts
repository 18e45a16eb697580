/**
 * Node only: embeddings snapshots to and from files, with the native CLI's atomic replace
 * (a temporary file beside the target, then rename), so a crash never leaves half a snapshot.
 */
import { readFile } from 'node:fs/promises';

import { Learnloop } from './api.js';
import { stringArg } from './args.js';
import { EmbeddingIndex } from './embeddings.js';
import { LearnloopError } from './errors.js';
import { replaceFileSync } from './node_files.js';
import { toLearnloopError } from './seam_guard.js';

/**
 * Writes `index`'s snapshot to `path` atomically; the native `learnloop search --index` reads it too.
 * @throws {LearnloopError} code `invalid_argument` for an index that is not an EmbeddingIndex or a path that is not a string; `internal` when the file cannot be written
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async so that a failed write rejects the promise instead of throwing
export async function saveEmbeddingIndex(index: EmbeddingIndex, path: string): Promise<void> {
  if (!(index instanceof EmbeddingIndex)) throw new LearnloopError('invalid_argument', 'saveEmbeddingIndex expects an EmbeddingIndex');
  stringArg(path, 'path');
  try {
    replaceFileSync(path, index.toBytes());
  } catch (error) {
    throw toLearnloopError(error, `saveEmbeddingIndex('${path}')`);
  }
}

/**
 * Reads a snapshot file (from saveEmbeddingIndex() or `learnloop index build --out`).
 * @throws {LearnloopError} code `parse_error` or `unsupported_version` for a bad snapshot; `invalid_argument` for bad arguments; `internal` when the file cannot be read
 */
export async function loadEmbeddingIndex(ll: Learnloop, path: string): Promise<EmbeddingIndex> {
  if (!(ll instanceof Learnloop)) throw new LearnloopError('invalid_argument', 'loadEmbeddingIndex expects the Learnloop from init() first');
  stringArg(path, 'path');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw toLearnloopError(error, `loadEmbeddingIndex('${path}')`);
  }
  return ll.embeddingIndexFromBytes(bytes);
}
