/**
 * EmbeddingIndex: typed embeddings (CLIP_VISUAL, TEXT_CAPTION, TEXT_TREND, BRAND_STYLE,
 * AUDIO_FEATURE or your own types) with string ids, JSON metadata and similarity search, over the
 * core's store (HNSW from hnswlib with learnloop's SIMD kernels; exact search for small types).
 * Vectors cross as Float32Array; the snapshot is a Uint8Array that the native CLI reads too.
 */
import { LearnloopError, unwrap } from './errors.js';
import { element } from './checked.js';
import { WasmHandle } from './handle.js';
import { optionsArg, stringArg } from './args.js';
import { toJson } from './json_args.js';
import { guardPublicMethods } from './seam_guard.js';
import type { RawEmbeddingStore, RawHits, RawModule } from './raw_module.js';

/** How similarity is measured: cosine (default), inner product or Euclidean. */
export type EmbeddingMetric = 'cosine' | 'ip' | 'l2';

/** The built-in embedding types (cosine; dims 512, 384, 384, 512, 128 unless defined otherwise first). */
export type BuiltinEmbeddingType = 'CLIP_VISUAL' | 'TEXT_CAPTION' | 'TEXT_TREND' | 'BRAND_STYLE' | 'AUDIO_FEATURE';

/** Settings of one embedding type. */
export interface EmbeddingTypeOptions {
  /** Vector length; required for your own types, defaults for built-in ones. */
  dim?: number;
  /** Default "cosine". */
  metric?: EmbeddingMetric;
  /** HNSW graph degree; default 16. */
  m?: number;
  /** HNSW candidate list while inserting; default 200. */
  efConstruction?: number;
  /** Default HNSW candidate list while searching; default 64. */
  efSearch?: number;
  /** Searches are exact (brute force) while the type has at most this many items; default 4096. */
  exactThreshold?: number;
}

/** A defined type with its item counts. */
export interface EmbeddingTypeInfo {
  name: string;
  dim: number;
  metric: EmbeddingMetric;
  m: number;
  ef_construction: number;
  ef_search: number;
  exact_threshold: number;
  /** Live items. */
  count: number;
  /** Deleted items still in the graph until the next compaction. */
  deleted: number;
}

/** Metadata of an item: a JSON object. */
export type EmbeddingMetadata = Record<string, unknown>;

/** How to search. */
export interface EmbeddingSearchOptions {
  /** Results wanted (integer >= 1); default 10. Fewer come back when fewer items match. */
  k?: number;
  /** HNSW candidate list size; default: the type's efSearch. */
  ef?: number;
  /** Force brute-force search. */
  exact?: boolean;
  /** Only items whose metadata has each of these keys with an equal value. */
  filter?: EmbeddingMetadata;
  /** Drop results scoring below this. */
  minScore?: number;
}

/** One search result. */
export interface EmbeddingHit {
  id: string;
  /** Cosine similarity, inner product, or minus the squared L2 distance: higher is more similar. */
  score: number;
  metadata: EmbeddingMetadata | null;
}

/** One stored item. */
export interface EmbeddingRecord {
  id: string;
  /** The stored vector (unit length for cosine types). */
  vector: Float32Array;
  metadata: EmbeddingMetadata | null;
}

/** Items of one type in bulk, e.g. to write to or read from an `embeddings` database table. */
export interface EmbeddingItems {
  ids: string[];
  /** ids.length x dim values, row by row. */
  vectors: Float32Array;
  /** One entry per id (null for none); may be omitted when loading. */
  metadata?: Array<EmbeddingMetadata | null>;
}

/** A query: a vector, or the id of a stored item (which is then left out of the results). */
export type EmbeddingQuery = Float32Array | ArrayLike<number> | { id: string };

const toFloat32 = (name: string, values: ArrayLike<number>): Float32Array => {
  if (values instanceof Float32Array) return values;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number')
    throw new LearnloopError('invalid_argument', `${name} must be a Float32Array or an array of numbers`);
  return Float32Array.from(values);
};

const metadataJson = (metadata: EmbeddingMetadata | null | undefined): string => (metadata == null ? '' : toJson(metadata, 'metadata'));
const parseMetadata = (text: string): EmbeddingMetadata | null => (text === '' ? null : (JSON.parse(text) as EmbeddingMetadata));

function searchOptionsJson(options: EmbeddingSearchOptions): string {
  if (typeof options !== 'object' || options === null)
    throw new LearnloopError('invalid_argument', 'search options must be an object such as {k: 10, filter: {lang: "en"}}');
  const { minScore, ...rest } = options;
  return JSON.stringify({ ...rest, min_score: minScore });
}

function hits(raw: RawHits): EmbeddingHit[] {
  return raw.ids.map((id, i) => ({ id, score: element(raw.scores, i, 'the scores'), metadata: parseMetadata(element(raw.metadata, i, 'the metadata')) }));
}

/** The module's heap views (Emscripten replaces them when memory grows, so read them after each call). */
interface Heap {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAPF32: Float32Array;
}

/** Arguments of RawEmbeddingStore.searchBuffer() for options it can take directly, else null (the JSON path then validates). */
interface DirectOptions {
  k: number;
  ef: number;
  exact: boolean;
  minScore: number;
  filterJson: string;
}

const directKeys = new Set(['k', 'ef', 'exact', 'filter', 'minScore']);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

function directOptions(options: EmbeddingSearchOptions): DirectOptions | null {
  if (typeof options !== 'object' || options === null) return null;
  for (const key in options) if (!directKeys.has(key)) return null;
  const { k, ef, exact, filter, minScore } = options;
  if (!(k === undefined || isCount(k)) || !(ef === undefined || isCount(ef))) return null;
  if (!(exact === undefined || typeof exact === 'boolean')) return null;
  if (!(minScore === undefined || minScore === null || Number.isFinite(minScore))) return null;
  if (!(filter === undefined || (typeof filter === 'object' && filter !== null))) return null;
  return {
    k: k ?? 10,
    ef: ef ?? 0,
    exact: exact ?? false,
    minScore: minScore ?? NaN,
    filterJson: filter === undefined ? '' : JSON.stringify(filter),
  };
}

const utf8 = new TextDecoder();

/** The hits block at `address` (layout in bind_embeddings.cpp: write_hits). */
function readHits(heap: Heap, address: number): EmbeddingHit[] {
  const words = heap.HEAPU32;
  const at = address >>> 2;
  const n = element(words, at, 'the hits block');
  const idBytes = element(words, at + 1, 'the hits block');
  const metadataBytes = element(words, at + 2, 'the hits block');
  const area = address + 16 + 8 * n;
  const bytes = heap.HEAPU8;
  const allIds = utf8.decode(bytes.subarray(area, area + idBytes));
  const ascii = allIds.length === idBytes;  // each non-ASCII sequence decodes to fewer code units than bytes
  const metadata = metadataBytes === 0 ? null : (JSON.parse(utf8.decode(bytes.subarray(area + idBytes, area + idBytes + metadataBytes))) as Array<EmbeddingMetadata | null>);
  const scores = heap.HEAPF32;
  const out = new Array<EmbeddingHit>(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = element(words, at + 4 + n + i, 'the hits block');
    const id = ascii ? allIds.slice(start, end) : utf8.decode(bytes.subarray(area + start, area + end));
    out[i] = { id, score: element(scores, at + 4 + i, 'the hits block'), metadata: metadata === null ? null : element(metadata, i, 'the hits metadata') };
    start = end;
  }
  return out;
}

/** Typed embeddings with metadata and similarity search. Call dispose() when done. */
export class EmbeddingIndex extends WasmHandle<RawEmbeddingStore> {
  /** @internal Wraps a raw handle of `module`; use Learnloop.embeddingIndex() instead. */
  readonly #heap: Heap;

  constructor(raw: RawEmbeddingStore, module: RawModule) {
    super(raw);
    this.#heap = module as unknown as Heap;
  }

  /**
   * @internal Creates an index through `module`, defining `types`.
   * @throws {LearnloopError} code `invalid_argument` for a bad type definition
   */
  static create(module: RawModule, types: Record<string, EmbeddingTypeOptions> = {}): EmbeddingIndex {
    const index = new EmbeddingIndex(module.createEmbeddingStore(), module);
    try {
      for (const [name, options] of Object.entries(types)) index.defineType(name, options);
    } catch (error) {
      index.dispose();
      throw error;
    }
    return index;
  }

  /**
   * @internal Reads a snapshot through `module`.
   * @throws {LearnloopError} when `bytes` is not a readable snapshot (not a Uint8Array, truncated, corrupt, or of a newer major version)
   */
  static fromBytes(module: RawModule, bytes: Uint8Array): EmbeddingIndex {
    if (!(bytes instanceof Uint8Array)) throw new LearnloopError('invalid_argument', 'a snapshot must be a Uint8Array');
    return new EmbeddingIndex(unwrap(module.embeddingStoreFromBytes(bytes)), module);
  }

  /**
   * Defines a type (built-in types are defined on first use with their defaults).
   * @throws {LearnloopError} code `invalid_argument` for a missing or out-of-range setting, or a type already defined differently
   */
  defineType(name: string, options: EmbeddingTypeOptions = {}): void {
    const { efConstruction, efSearch, exactThreshold, ...rest } = optionsArg(options, 'options');
    const spec = { name: stringArg(name, 'name'), ...rest, ef_construction: efConstruction, ef_search: efSearch, exact_threshold: exactThreshold };
    unwrap(this.raw.defineType(toJson(spec, 'options')));
  }

  /** Every defined type with its counts; the core's JSON keys (as `learnloop index build --json` prints a type). */
  types(): EmbeddingTypeInfo[] {
    return JSON.parse(this.raw.types()) as EmbeddingTypeInfo[];
  }

  /**
   * Stores (or replaces) one item.
   * @throws {LearnloopError} code `invalid_argument` for a wrong length, NaN or infinity, an all-zero vector with cosine, or metadata that is not an object; `not_found` for an unknown type
   */
  store(type: string, id: string, vector: ArrayLike<number>, metadata?: EmbeddingMetadata | null): void {
    unwrap(this.raw.store(String(type), String(id), toFloat32('vector', vector), metadataJson(metadata)));
  }

  /**
   * Stores many items from one row-major buffer. All or nothing: a bad item leaves the index unchanged.
   * @throws {LearnloopError} code `invalid_argument` naming the first bad item, a repeated id or mismatched lengths
   */
  storeBatch(type: string, ids: string[], vectors: ArrayLike<number>, metadata?: Array<EmbeddingMetadata | null>): void {
    if (!Array.isArray(ids)) throw new LearnloopError('invalid_argument', 'ids must be an array of strings');
    const meta = metadata === undefined ? '' : JSON.stringify(metadata);
    unwrap(this.raw.storeBatch(String(type), ids.map(String), toFloat32('vectors', vectors), meta));
  }

  /**
   * The items most similar to a vector or to a stored item, most similar first.
   * @throws {LearnloopError} code `invalid_argument` for a bad query or k < 1; `not_found` for an unknown type or id
   */
  search(type: string, query: EmbeddingQuery, options: EmbeddingSearchOptions = {}): EmbeddingHit[] {
    const direct = directOptions(options);
    if (direct !== null && !(query !== null && typeof query === 'object' && 'id' in query && !ArrayBuffer.isView(query))) {
      // The query goes straight into wasm memory and the hits come back as one block: no per-hit JS calls.
      const vector = toFloat32('query', query as ArrayLike<number>);
      const raw = this.raw;
      const address = raw.queryBuffer(vector.length);
      this.#heap.HEAPF32.set(vector, address >>> 2);
      const { k, ef, exact, minScore, filterJson } = direct;
      return readHits(this.#heap, unwrap(raw.searchBuffer(String(type), k, ef, exact, minScore, filterJson)));
    }
    const json = searchOptionsJson(options);
    if (query !== null && typeof query === 'object' && 'id' in query && !ArrayBuffer.isView(query))
      return hits(unwrap(this.raw.searchById(String(type), String(query.id), json)));
    return hits(unwrap(this.raw.search(String(type), toFloat32('query', query as ArrayLike<number>), json)));
  }

  /**
   * One stored item.
   * @throws {LearnloopError} code `not_found` when the type or the id does not exist
   */
  get(type: string, id: string): EmbeddingRecord {
    const raw = unwrap(this.raw.get(String(type), String(id)));
    return { id: raw.id, vector: raw.vector, metadata: parseMetadata(raw.metadata) };
  }

  /**
   * Deletes an item; returns false when it was not there. Deleted items are never returned.
   * @throws {LearnloopError} code `not_found` for an unknown type
   */
  delete(type: string, id: string): boolean {
    return unwrap(this.raw.remove(String(type), String(id)));
  }

  /**
   * Replaces an item's metadata.
   * @throws {LearnloopError} code `not_found` when the item does not exist; `invalid_argument` when metadata is not an object
   */
  updateMetadata(type: string, id: string, metadata: EmbeddingMetadata | null): void {
    unwrap(this.raw.updateMetadata(String(type), String(id), metadataJson(metadata)));
  }

  /**
   * Replaces an item's vector; its metadata stays.
   * @throws {LearnloopError} code `not_found` when the item does not exist, and the cases store() rejects
   */
  updateVector(type: string, id: string, vector: ArrayLike<number>): void {
    unwrap(this.raw.updateVector(String(type), String(id), toFloat32('vector', vector)));
  }

  /**
   * Live items of a type.
   * @throws {LearnloopError} code `not_found` for an unknown type
   */
  count(type: string): number {
    return unwrap(this.raw.count(String(type)));
  }

  /**
   * Every live item of a type in bulk (to save into a database table).
   * @throws {LearnloopError} code `not_found` for an unknown type
   */
  items(type: string): Required<EmbeddingItems> {
    const raw = unwrap(this.raw.items(String(type)));
    return { ids: raw.ids, vectors: raw.vectors, metadata: raw.metadata.map(parseMetadata) };
  }

  /** Rebuilds every type's graph without its deleted items (also done automatically past a quarter deleted). */
  compact(): void {
    this.raw.compact();
  }

  /** Approximate bytes of wasm memory the indexes hold. */
  get memoryBytes(): number {
    return this.raw.memoryBytes();
  }

  /** The versioned binary snapshot; read it back with Learnloop.embeddingIndexFromBytes() or the native CLI. */
  toBytes(): Uint8Array {
    return this.raw.toBytes();
  }
}

guardPublicMethods(EmbeddingIndex);
