/**
 * Sliver batches: BCS `vector<Sliver>` (each element the axis-tagged enum: u8 tag, 0 primary or 1
 * secondary, then `SliverData`). Floe's batched sliver routes carry them, so that a node takes all
 * of a blob's slivers for its shards in one request, checks them in one pass and commits them in
 * one transaction, instead of one request, check and disk flush per sliver.
 *
 * Both directions are written by hand: the generic BCS codec copies every byte through a JS
 * array, while here a batch is written with one copy per sliver and read without any copy.
 */
import { InvalidBcsError, InvalidSliverError } from './errors.ts';
import type { Sliver } from './sliver.ts';
import { ulebBytes } from '../util/bytes.ts';
import { InvalidInputError } from '../util/errors.ts';

/** One parsed element: the sliver, and its `SliverData` bytes (untagged) as a view of the batch. */
export interface BatchedSliver {
  sliver: Sliver;
  /** The element's BCS `SliverData` (what the single-sliver routes carry), a view of the input. */
  sliverData: Uint8Array;
}

/** Bytes of one element of a batch holding `sliver`. */
export function batchedSliverSize(sliver: Sliver): number {
  return 1 + ulebBytes(sliver.data.length).length + sliver.data.length + 4;
}

/** BCS `vector<Sliver>` of `slivers`, in order. */
export function sliverBatchToBcs(slivers: readonly Sliver[]): Uint8Array {
  const count = ulebBytes(slivers.length);
  let total = count.length;
  for (const s of slivers) total += batchedSliverSize(s);
  const out = new Uint8Array(total);
  out.set(count, 0);
  let at = count.length;
  for (const s of slivers) {
    out[at++] = s.axis === 'primary' ? 0 : 1;
    const len = ulebBytes(s.data.length);
    out.set(len, at);
    at += len.length;
    out.set(s.data, at);
    at += s.data.length;
    out[at++] = s.symbolSize & 0xff;
    out[at++] = (s.symbolSize >>> 8) & 0xff;
    out[at++] = s.index & 0xff;
    out[at++] = (s.index >>> 8) & 0xff;
  }
  return out;
}

/**
 * BCS `vector<Sliver>` of slivers of one axis already in BCS `SliverData` form (as a node stores
 * them), in order: each element is the axis tag followed by the bytes as they are.
 */
export function sliverBatchFromSliverData(
  axis: Sliver['axis'],
  sliverData: readonly Uint8Array[],
): Uint8Array {
  const count = ulebBytes(sliverData.length);
  const out = new Uint8Array(sliverData.reduce((t, d) => t + 1 + d.length, count.length));
  out.set(count, 0);
  let at = count.length;
  const tag = axis === 'primary' ? 0 : 1;
  for (const d of sliverData) {
    out[at++] = tag;
    out.set(d, at);
    at += d.length;
  }
  return out;
}

/** Reads a BCS ULEB128 length (at most 32 bits, canonical) at `at`. */
function readUleb(bytes: Uint8Array, at: number, what: string): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 5; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) {
      // BCS accepts only the shortest form, and lengths fit in u32.
      if ((b === 0 && i > at) || value > 0xffffffff) break;
      return { value, next: i + 1 };
    }
    shift += 7;
  }
  throw new InvalidBcsError(what);
}

/**
 * Parses BCS `vector<Sliver>`. Slivers and their `sliverData` are views of `bytes` (no copy), so
 * `bytes` must not be changed while they are in use.
 * @throws InvalidBcsError on malformed or trailing bytes, or more than `maxCount` elements;
 *   InvalidSliverError when an element's data is not whole symbols.
 */
export function sliverBatchFromBcs(bytes: Uint8Array, maxCount: number): BatchedSliver[] {
  const what = 'vector<Sliver>';
  const head = readUleb(bytes, 0, what);
  if (head.value > maxCount) {
    throw new InvalidBcsError(`${what}: ${head.value} elements, at most ${maxCount} allowed`);
  }
  const out: BatchedSliver[] = [];
  let at = head.next;
  for (let i = 0; i < head.value; i++) {
    const tag = bytes[at];
    if (tag !== 0 && tag !== 1) throw new InvalidBcsError(`${what} element ${i}: sliver tag`);
    const start = at + 1;
    const len = readUleb(bytes, start, `${what} element ${i}`);
    const end = len.next + len.value + 4;
    if (end > bytes.length) throw new InvalidBcsError(`${what} element ${i}: truncated`);
    const symbolSize = bytes[end - 4] | (bytes[end - 3] << 8);
    const index = bytes[end - 2] | (bytes[end - 1] << 8);
    if (symbolSize === 0 || len.value % symbolSize !== 0) {
      throw new InvalidSliverError(
        `${what} element ${i}: ${len.value} bytes are not whole symbols of ${symbolSize}`,
      );
    }
    out.push({
      sliver: {
        axis: tag === 0 ? 'primary' : 'secondary',
        index,
        symbolSize,
        data: bytes.subarray(len.next, len.next + len.value),
      },
      sliverData: bytes.subarray(start, end),
    });
    at = end;
  }
  if (at !== bytes.length)
    throw new InvalidBcsError(`${what}: ${bytes.length - at} trailing bytes`);
  return out;
}

/** Largest number of pair indices one `pairs` list (of the batched read route) may name. */
const MAX_LISTED_PAIRS = 65536;

/**
 * Parses a `pairs` list (`3,7,10-20`).
 * @throws InvalidInputError (INVALID_PAIR_LIST) on anything else, or more than 65536 indices.
 */
export function parsePairList(text: string): number[] {
  const out: number[] = [];
  const bad = () =>
    new InvalidInputError(`not a pair list (e.g. 0-9,12): ${JSON.stringify(text.slice(0, 40))}`, {
      code: 'INVALID_PAIR_LIST',
    });
  if (text.length === 0) return out;
  for (const part of text.split(',')) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (m === null) throw bad();
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to > 65535 || out.length + (to - from + 1) > MAX_LISTED_PAIRS) throw bad();
    for (let p = from; p <= to; p++) out.push(p);
  }
  return out;
}

/** The shortest `pairs` list naming exactly `pairs` (ranges for runs). */
export function formatPairList(pairs: readonly number[]): string {
  const sorted = [...new Set(pairs)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
