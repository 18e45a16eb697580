/**
 * Embeddings between a metrics store and an EmbeddingIndex: an index's items of one type written to
 * the embeddings table (only the rows that changed), and an index rebuilt from that table. The core reads and writes
 * the rows.
 */
import { EmbeddingIndex, type EmbeddingMetric } from './embeddings.js';
import { unwrap } from './errors.js';
import type { RawModule, RawStore } from './raw_module.js';

/** What saveEmbeddings() wrote: rows inserted, updated and deleted, and rows already equal (not written). */
export interface EmbeddingSaveSummary {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/**
 * Makes the embeddings table's rows of `type` equal the live items of `type` in `index`, in one transaction,
 * writing only what changed.
 * @throws {LearnloopError} code `not_found` when the index has no such type
 */
export function saveEmbeddings(raw: RawStore, index: EmbeddingIndex, type: string): EmbeddingSaveSummary {
  return JSON.parse(unwrap(raw.saveEmbeddings(index.toBytes(), String(type), new Date().toISOString()))) as EmbeddingSaveSummary;
}

/**
 * A new index holding the embeddings table's rows of `type` (dimension from the rows; metric as stored unless given).
 * @throws {LearnloopError} code `not_found` when the table has no rows of that type
 */
export function loadEmbeddingIndex(module: RawModule, raw: RawStore, type: string, metric: EmbeddingMetric | undefined): EmbeddingIndex {
  const bytes = unwrap(raw.loadEmbeddings(String(type), metric ?? ''));
  return EmbeddingIndex.fromBytes(module, bytes);
}
