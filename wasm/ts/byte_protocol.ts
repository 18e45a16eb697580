/**
 * The byte protocol between the SQLite adapter and the core (wasm/src/js_database.cpp): the codes both
 * sides write and read, the little-endian writer of row batches, and the reader of bound-parameter
 * buffers. The module exports the core's copy of the codes (byteProtocol()); tests/js/seam.test.mjs
 * checks that the two agree.
 *
 * Row batch (adapter -> core): u32 rows, u32 columns, u8 end (BATCH), then per row and column u8
 * SQLite type (SQLITE_TYPE) and the value: i64 (INTEGER), f64 (FLOAT), u32 length + bytes (TEXT as
 * UTF-8, BLOB), nothing (NULL). Bound parameters (core -> adapter): u32 count, then per value u8 tag
 * (BIND) and payload: f64 number (a double), i64 integer (an int64, exact over its whole range), u32 length +
 * UTF-8 text or blob bytes, nothing for null.
 */

/** How a batch from fetchRows() ends: more rows may follow, the statement is done, or it failed after these rows. */
export const BATCH = { more: 0, done: 1, failed: 2 } as const;

/** Tags of a bound-parameter buffer's values: doubles as f64 (`number`), the core's int64 values as i64 (`integer`). */
export const BIND = { null: 0, number: 1, integer: 2, text: 3, blob: 4 } as const;

/** SQLite's fundamental type codes, as a row batch carries them. */
export const SQLITE_TYPE = { integer: 1, float: 2, text: 3, blob: 4, null: 5 } as const;

const utf8Encoder = new TextEncoder();

/** A growing little-endian byte buffer, reused from batch to batch. */
export class ByteWriter {
  /** The buffer; bytes [0, used) are written. */
  bytes = new Uint8Array(1 << 16);
  /** A view of `bytes` for multi-byte values. */
  view = new DataView(this.bytes.buffer);
  /** Bytes written so far. */
  used = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + n));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Appends one byte. */
  u8(v: number): void {
    this.reserve(1);
    this.bytes[this.used++] = v;
  }

  /** Appends an unsigned 32-bit integer. */
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.used, v, true);
    this.used += 4;
  }

  /** Appends a signed 64-bit integer. */
  i64(v: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.used, v, true);
    this.used += 8;
  }

  /** Appends a double. */
  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.used, v, true);
    this.used += 8;
  }

  /**
   * Appends text as u32 length + UTF-8 bytes. ASCII is copied a char at a time (for short strings several times
   * faster than TextEncoder.encodeInto, which takes over at the first other character).
   */
  text(value: string): void {
    const n = value.length;
    this.reserve(4 + n * 3);  // at most 3 bytes per UTF-16 unit
    const at = this.used + 4;
    const bytes = this.bytes;
    let i = 0;
    for (; i < n; ++i) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[at + i] = c;
    }
    const written = i === n ? n : i + utf8Encoder.encodeInto(value.slice(i), bytes.subarray(at + i)).written;
    this.view.setUint32(this.used, written, true);
    this.used = at + written;
  }

  /** `n` bytes of `from` starting at `start`. */
  copy(from: Uint8Array, start: number, n: number): void {
    this.reserve(n);
    this.bytes.set(from.subarray(start, start + n), this.used);
    this.used += n;
  }
}

/** One value of bindEncoded()'s buffer: its tag, where its payload starts and its length (text and blob). */
export interface EncodedValue {
  tag: number;
  at: number;
  length: number;
}

/** The values of a bindEncoded() buffer. */
export function encodedValues(view: DataView): EncodedValue[] {
  const out: EncodedValue[] = [];
  const count = view.getUint32(0, true);
  let at = 4;
  for (let i = 0; i < count; ++i) {
    const tag = view.getUint8(at++);
    if (tag === BIND.number || tag === BIND.integer) {
      out.push({ tag, at, length: 8 });
      at += 8;
    } else if (tag === BIND.text || tag === BIND.blob) {
      const length = view.getUint32(at, true);
      out.push({ tag, at: at + 4, length });
      at += 4 + length;
    } else {
      out.push({ tag, at, length: 0 });
    }
  }
  return out;
}

const utf8 = new TextDecoder();

/** High words of the int64s that are exact numbers for sure: |v| < 2^53 - 2^32 (the others go through BigInt). */
const SAFE_HIGH_WORD = 0x1fffff;

/**
 * The int64 at `at` as a number when it is exactly one (|v| <= 2^53 - 1), else as a BigInt. Read as two 32-bit
 * words (no BigInt made per value: this runs once per bound integer).
 */
export function integerValue(view: DataView, at: number): number | bigint {
  const high = view.getInt32(at + 4, true);
  if (high >= -SAFE_HIGH_WORD && high < SAFE_HIGH_WORD) return high * 0x1_0000_0000 + view.getUint32(at, true);
  const v = view.getBigInt64(at, true);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The values of a bound-parameter buffer as plain JS values (oo1's bind() takes them; an int64 past 2^53 as a BigInt). */
export function decodedValues(encoded: Uint8Array, values: EncodedValue[]): unknown[] {
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  return values.map(({ tag, at, length }) =>
    tag === BIND.number
      ? view.getFloat64(at, true)
      : tag === BIND.integer
        ? integerValue(view, at)
        : tag === BIND.text
        ? utf8.decode(encoded.subarray(at, at + length))
        : tag === BIND.blob
          ? encoded.slice(at, at + length)
          : null,
  );
}
