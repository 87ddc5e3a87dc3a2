/**
 * The body of a sliver PUT: BCS `SliverData` { symbols: { data: vector<u8>, symbol_size: u16 },
 * index: u16 }, written with one copy of the data. The schema lives in src/encoding/bcs.ts
 * (`sliverToBcs`); this writer exists because the generic BCS writer costs ~0.2 ms per 4 KB
 * sliver, which at n = 1000 (2000 slivers per blob) is a large share of a store. A test pins it
 * to `sliverToBcs` byte for byte.
 */
import type { Sliver } from '../../encoding/sliver.ts';

/** BCS `SliverData` of `sliver`. */
export function sliverBody(sliver: Sliver): Uint8Array {
  const len = sliver.data.length;
  let lenBytes = 1;
  for (let v = len; v >= 0x80; v = Math.floor(v / 128)) lenBytes++;
  const out = new Uint8Array(lenBytes + len + 4);
  let at = 0;
  // uleb128 length prefix of the byte vector.
  for (let v = len; ;) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v === 0) {
      out[at++] = byte;
      break;
    }
    out[at++] = byte | 0x80;
  }
  out.set(sliver.data, at);
  at += len;
  out[at++] = sliver.symbolSize & 0xff;
  out[at++] = sliver.symbolSize >>> 8;
  out[at++] = sliver.index & 0xff;
  out[at] = sliver.index >>> 8;
  return out;
}
