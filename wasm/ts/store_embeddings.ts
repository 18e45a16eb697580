/**
 * Embeddings between a metrics store and an EmbeddingIndex: an index's items of one type written to
 * the embeddings table, and an index rebuilt from that table. The core reads and writes the rows.
 */
import { EmbeddingIndex, type EmbeddingMetric } from './embeddings.js';
import { unwrap } from './errors.js';
import type { RawModule, RawStore } from './raw_module.js';

/**
 * Replaces the embeddings table's rows of `type` with the live items of `type` in `index` (one transaction).
 * @throws {LearnloopError} code `not_found` when the index has no such type
 */
export function saveEmbeddings(raw: RawStore, index: EmbeddingIndex, type: string): void {
  unwrap(raw.saveEmbeddings(index.toBytes(), String(type), new Date().toISOString()));
}

/**
 * A new index holding the embeddings table's rows of `type` (dimension from the rows; metric as stored unless given).
 * @throws {LearnloopError} code `not_found` when the table has no rows of that type
 */
export function loadEmbeddingIndex(module: RawModule, raw: RawStore, type: string, metric: EmbeddingMetric | undefined): EmbeddingIndex {
  const bytes = unwrap(raw.loadEmbeddings(String(type), metric ?? ''));
  return EmbeddingIndex.fromBytes(module, bytes);
}
