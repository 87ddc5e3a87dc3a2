/**
 * Which blobs and symbols a challenge round asks for (Floe's own rule, move/DESIGN.md
 * "Challenge selection"). A pure function of the round's seed and the sorted list of blob IDs
 * that are certified and unexpired at the round's epoch, so every node that applied the same
 * chain events computes the same answer:
 *
 * - blobs: a partial Fisher-Yates shuffle of the sorted IDs, step i swapping position i with
 *   i + (draw("blobs", i) mod (count - i)); the first min(count, maxBlobs) positions are
 *   challenged;
 * - pairs: of the pairs a node's shards store for a challenged blob (in ascending order), at most
 *   MAX_CHALLENGED_PAIRS: a partial Fisher-Yates shuffle as for blobs, with draws over
 *   (blob ID, i); all of them when the node stores no more;
 * - symbols: for each challenged pair p, one draw v over (blob ID, p) picks the sliver (v & 1:
 *   0 primary, 1 secondary) and the symbol ((v >> 1) mod n) of its fully expanded form (n
 *   symbols).
 *
 * A draw is the first 8 bytes, little-endian, of Blake2b-256(label || seed || fields).
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { pairIndexForShard } from '../../encoding/pairs.ts';
import type { SliverAxis } from '../../encoding/sliver.ts';

/** Blobs challenged per round at most: the protocol's number (DESIGN.md), the same on every node. */
export const DEFAULT_MAX_CHALLENGED_BLOBS = 8;

/**
 * Pairs challenged per blob and node at most: every challenged symbol is one BLS signature
 * (~10-18 ms), and a node with 100 of 1000 shards would otherwise sign 800 per round. A node
 * missing a tenth of a blob's slivers still fails a blob's sample with probability
 * 1 - 0.9^16 = 0.81, and several blobs are challenged per round.
 */
export const MAX_CHALLENGED_PAIRS = 16;

const BLOBS_LABEL = new TextEncoder().encode('floe/challenge/blobs');
const PAIRS_LABEL = new TextEncoder().encode('floe/challenge/pairs');
const SYMBOL_LABEL = new TextEncoder().encode('floe/challenge/symbol');

function draw(label: Uint8Array, seed: Uint8Array, fields: Uint8Array): bigint {
  const input = new Uint8Array(label.length + seed.length + fields.length);
  input.set(label);
  input.set(seed, label.length);
  input.set(fields, label.length + seed.length);
  const digest = blake2b(input, { dkLen: 32 });
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(digest[i]);
  return v;
}

function checkSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array)) throw new TypeError('seed must be a Uint8Array');
  if (seed.length === 0) throw new RangeError('seed must not be empty');
}

/** Byte-wise comparison of two blob IDs (the order every node sorts by). */
export function compareBlobIds(a: Uint8Array, b: Uint8Array): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * The challenged blob IDs, in the order drawn.
 * @param eligible certified, unexpired blob IDs at the round's epoch (any order; sorted here).
 * @throws TypeError / RangeError on a missing seed or a non-positive `maxBlobs`.
 */
export function selectChallengedBlobs(
  seed: Uint8Array,
  eligible: readonly Uint8Array[],
  maxBlobs: number = DEFAULT_MAX_CHALLENGED_BLOBS,
): Uint8Array[] {
  checkSeed(seed);
  if (!Number.isInteger(maxBlobs) || maxBlobs < 1)
    throw new RangeError('maxBlobs must be a positive integer');
  const ids = [...eligible].sort(compareBlobIds);
  const count = Math.min(ids.length, maxBlobs);
  const step = new Uint8Array(4);
  for (let i = 0; i < count; i++) {
    new DataView(step.buffer).setUint32(0, i, true);
    const j = i + Number(draw(BLOBS_LABEL, seed, step) % BigInt(ids.length - i));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids.slice(0, count);
}

/**
 * The challenged symbol of pair `pairIndex` of `blobId`: which of its two slivers (axis) and
 * which of the expanded sliver's n symbols. One draw v decides both: axis = v & 1 (0 primary),
 * index = (v >> 1) mod n.
 * @throws RangeError on a pair index outside 0..n-1 or a bad shard count.
 */
export function challengedSymbolOf(
  seed: Uint8Array,
  blobId: Uint8Array,
  pairIndex: number,
  nShards: number,
): { axis: SliverAxis; symbolIndex: number } {
  checkSeed(seed);
  if (!Number.isInteger(nShards) || nShards < 1 || nShards > 65535)
    throw new RangeError('nShards must be an integer in 1..65535');
  if (!Number.isInteger(pairIndex) || pairIndex < 0 || pairIndex >= nShards)
    throw new RangeError(`pairIndex must be in 0..${nShards - 1}`);
  const fields = new Uint8Array(blobId.length + 2);
  fields.set(blobId);
  new DataView(fields.buffer).setUint16(blobId.length, pairIndex, true);
  const v = draw(SYMBOL_LABEL, seed, fields);
  return {
    axis: (v & 1n) === 0n ? 'primary' : 'secondary',
    symbolIndex: Number((v >> 1n) % BigInt(nShards)),
  };
}

/** One challenged symbol: what a holder of `pairIndex`'s shard must prove. */
export interface ChallengedSymbol {
  blobId: Uint8Array;
  pairIndex: number;
  axis: SliverAxis;
  symbolIndex: number;
}

/**
 * The pairs of `pairs` (a node's pairs of `blobId`, any order) that a round with `seed`
 * challenges: all of them up to MAX_CHALLENGED_PAIRS, else that many drawn from them in
 * ascending order; returned in ascending order.
 */
export function challengedPairsOf(
  seed: Uint8Array,
  blobId: Uint8Array,
  pairs: readonly number[],
): number[] {
  const sorted = [...pairs].sort((a, b) => a - b);
  if (sorted.length <= MAX_CHALLENGED_PAIRS) return sorted;
  const fields = new Uint8Array(blobId.length + 4);
  fields.set(blobId);
  const view = new DataView(fields.buffer);
  for (let i = 0; i < MAX_CHALLENGED_PAIRS; i++) {
    view.setUint32(blobId.length, i, true);
    const j = i + Number(draw(PAIRS_LABEL, seed, fields) % BigInt(sorted.length - i));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return sorted.slice(0, MAX_CHALLENGED_PAIRS).sort((a, b) => a - b);
}

/**
 * Every symbol a node holding `shards` must prove in a round with `seed` over `blobs`: one per
 * challenged blob and challenged pair of its shards (`challengedPairsOf`).
 * @throws RangeError on a shard outside 0..n-1.
 */
export function challengedSymbolsFor(
  seed: Uint8Array,
  blobs: readonly Uint8Array[],
  shards: readonly number[],
  nShards: number,
): ChallengedSymbol[] {
  const out: ChallengedSymbol[] = [];
  for (const shard of shards) {
    if (!Number.isInteger(shard) || shard < 0 || shard >= nShards)
      throw new RangeError(`shard ${shard} out of range 0..${nShards - 1}`);
  }
  for (const blobId of blobs) {
    const pairs = shards.map((shard) => pairIndexForShard(shard, blobId, nShards));
    for (const pairIndex of challengedPairsOf(seed, blobId, pairs)) {
      out.push({ blobId, pairIndex, ...challengedSymbolOf(seed, blobId, pairIndex, nShards) });
    }
  }
  return out;
}
