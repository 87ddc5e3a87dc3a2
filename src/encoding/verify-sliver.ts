/**
 * Checking slivers against metadata: a sliver's hash is the Merkle root over its n symbols after
 * expanding it along the other axis, compared with the metadata's entry for it (primary sliver i
 * in pair i, secondary sliver j in pair n-1-j). Work is batched per axis.
 */
import { InvalidSliverError } from './errors.ts';
import { sliverHashes } from './expand.ts';
import { DIGEST_LEN, loadHashEngine } from './hash.ts';
import { bytesEqual } from './merkle.ts';
import type { BlobMetadata } from './metadata.ts';
import { encodingParams, symbolSizeFor, type EncodingParams } from './params.ts';
import { loadRsEngine } from './rs.ts';
import {
  checkSliver,
  sliverProblem,
  symbolsPerSliver,
  type Sliver,
  type SliverAxis,
} from './sliver.ts';

/** The metadata's hash for sliver `index` of `axis`. */
export function expectedSliverHash(
  metadata: BlobMetadata,
  axis: SliverAxis,
  index: number,
): Uint8Array {
  const n = metadata.hashes.length;
  return axis === 'primary'
    ? metadata.hashes[index].primary
    : metadata.hashes[n - 1 - index].secondary;
}

/**
 * Hashes of slivers that all have the same axis and shape (checked), in input order.
 * @throws InvalidSliverError if a sliver does not fit `params` / `symbolSize`.
 */
export async function computeSliverHashes(
  params: EncodingParams,
  symbolSize: number,
  axis: SliverAxis,
  slivers: readonly Sliver[],
): Promise<Uint8Array[]> {
  for (const sliver of slivers) checkSliver(params, symbolSize, sliver, axis);
  if (slivers.length === 0) return [];
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const k = symbolsPerSliver(params, axis);
  const size = k * symbolSize;
  // One sliver (every node PUT, client read, recovery check) is hashed in place: sliverHashes
  // only reads its input, so joining is needed only to batch several.
  let joined = slivers[0].data;
  if (slivers.length > 1) {
    joined = new Uint8Array(slivers.length * size);
    slivers.forEach((s, i) => joined.set(s.data, i * size));
  }
  const roots = sliverHashes(rs, hash, k, params.nShards, symbolSize, joined, slivers.length);
  return slivers.map((_, i) => roots.slice(i * DIGEST_LEN, (i + 1) * DIGEST_LEN));
}

/**
 * For each sliver, whether it is well formed for `metadata` and hashes to the metadata's entry.
 * Never throws for bad slivers (they are reported as false).
 */
export async function checkSliversAgainstMetadata(
  metadata: BlobMetadata,
  slivers: readonly Sliver[],
): Promise<boolean[]> {
  const params = encodingParams(metadata.hashes.length);
  const symbolSize = symbolSizeFor(params, metadata.unencodedLength);
  const result = slivers.map(() => false);
  for (const axis of ['primary', 'secondary'] as const) {
    const picked: number[] = [];
    slivers.forEach((s, i) => {
      if (sliverProblem(params, symbolSize, s, axis) === undefined) picked.push(i);
    });
    const hashes = await computeSliverHashes(
      params,
      symbolSize,
      axis,
      picked.map((i) => slivers[i]),
    );
    picked.forEach((i, at) => {
      result[i] = bytesEqual(hashes[at], expectedSliverHash(metadata, axis, slivers[i].index));
    });
  }
  return result;
}

/**
 * Verifies one sliver against the metadata.
 * @throws InvalidSliverError if it has the wrong shape or does not hash to the metadata's entry.
 */
export async function verifySliver(metadata: BlobMetadata, sliver: Sliver): Promise<void> {
  const params = encodingParams(metadata.hashes.length);
  const symbolSize = symbolSizeFor(params, metadata.unencodedLength);
  checkSliver(params, symbolSize, sliver);
  const [hash] = await computeSliverHashes(params, symbolSize, sliver.axis, [sliver]);
  if (!bytesEqual(hash, expectedSliverHash(metadata, sliver.axis, sliver.index))) {
    throw new InvalidSliverError(
      `${sliver.axis} sliver ${sliver.index} does not match the metadata`,
    );
  }
}
