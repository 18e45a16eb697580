// ByteWriter.text() copies ASCII a char at a time and hands the rest to TextEncoder from the first other
// character: for text with non-ASCII at the start, the middle, the end, surrogate pairs, lone surrogates, a NUL and
// a buffer that must grow, it must write what TextEncoder writes (u32 length, then the UTF-8 bytes), back to back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ByteWriter } from '../../dist/byte_protocol.js';

test('ByteWriter.text writes u32 length + the UTF-8 bytes TextEncoder gives, ASCII or not', () => {
  const texts = ['', 'a', 'twitter', 'é', 'é-start', 'mid-ü-dle', 'end-€', '日本語の投稿', 'emoji 😀 pair', '\uD800 lone high',
    'lone low \uDC00', 'nul\u0000byte', '\u007f\u0080 edge', 'x'.repeat(70000) + 'ß'];
  const out = new ByteWriter();
  for (const t of texts) out.text(t);
  const encoder = new TextEncoder();
  const view = new DataView(out.bytes.buffer, 0, out.used);
  let at = 0;
  for (const t of texts) {
    const want = encoder.encode(t);
    assert.equal(view.getUint32(at, true), want.length, `length of ${JSON.stringify(t.slice(0, 20))}`);
    assert.deepEqual(out.bytes.subarray(at + 4, at + 4 + want.length), want, `bytes of ${JSON.stringify(t.slice(0, 20))}`);
    at += 4 + want.length;
  }
  assert.equal(at, out.used);
});
