/**
 * Embeddings between a metrics store and an EmbeddingIndex: an index's items of one type written to
 * the embeddings table (only the rows that changed), and an index loaded for a service's start: the
 * stored index snapshot when it is current, else built from the table's rows (then stored as the
 * snapshot). The core reads and writes the rows and the snapshot.
 */
import { EmbeddingIndex, type EmbeddingMetric } from './embeddings.js';
import { callbackArg } from './args.js';
import { LearnloopError, unwrap } from './errors.js';
import type { RawModule, RawProgress, RawStore } from './raw_module.js';

/** What saveEmbeddings() wrote: rows inserted, updated and deleted, and rows already equal (not written). */
export interface EmbeddingSaveSummary {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/** How loadEmbeddingIndex() got its index. */
export interface EmbeddingIndexLoad {
  /** "snapshot": the stored index snapshot was current; "rebuilt": built from the embeddings rows. */
  source: 'snapshot' | 'rebuilt';
  /** Why it was rebuilt (no snapshot, rows changed, another snapshot format version, other settings); "" when loaded. */
  reason: string;
  /** Rows of the type (= items of the index). */
  rows: number;
  /** Hash of the rows (16 hex digits) a snapshot is checked against. */
  rows_hash: string;
  /** A rebuild stored its snapshot for the next start (false when loaded, or when the store cannot write). */
  snapshot_stored: boolean;
}

/** Options of loadEmbeddingIndex(). */
export interface LoadEmbeddingIndexOptions {
  /** The type's metric; default "cosine". A snapshot built with another metric is rebuilt. */
  metric?: EmbeddingMetric;
  /** Load the stored index snapshot when current; default true. false always builds from the rows (and replaces the stored snapshot). */
  snapshot?: boolean;
  /** Called about 100 times while an index is built from the rows (label, done, total); not called for a snapshot. */
  onProgress?: RawProgress;
}

/** An index loaded from a store, with how it was loaded. */
export interface LoadedEmbeddingIndex {
  /** The index; dispose it when done. */
  index: EmbeddingIndex;
  /** How it was loaded (snapshot or rebuilt, and why). */
  load: EmbeddingIndexLoad;
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
 * The index of the embeddings table's rows of `type`: the stored snapshot when current, else built from the rows.
 * @throws {LearnloopError} code `not_found` when the table has no rows of that type
 */
export function loadEmbeddingIndex(module: RawModule, raw: RawStore, type: string, options: LoadEmbeddingIndexOptions): LoadedEmbeddingIndex {
  const builtAt = new Date().toISOString().slice(0, 19) + 'Z';
  const { metric, snapshot = true, onProgress } = options;
  if (typeof snapshot !== 'boolean') throw new LearnloopError('invalid_argument', 'options.snapshot must be true or false');
  const progress = callbackArg(onProgress, 'options.onProgress');
  const out = unwrap(raw.loadEmbeddings(String(type), metric ?? '', snapshot, builtAt, progress));
  return { index: new EmbeddingIndex(out.index, module), load: JSON.parse(out.load) as EmbeddingIndexLoad };
}
