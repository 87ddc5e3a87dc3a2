/**
 * The node's sliver check: the sliver must sit at the index its URL names, and it must hash to
 * what the metadata commits to (the encoding core's `verifySliver`).
 */
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { secondarySliverIndexForPair } from '../../encoding/pairs.ts';
import type { Sliver, SliverAxis } from '../../encoding/sliver.ts';
import { verifySliver } from '../../encoding/verify-sliver.ts';
import { SliverMismatchError } from '../errors.ts';

/**
 * The index of pair `pairIndex`'s sliver on `axis`: the pair index itself for primary slivers,
 * the encoding core's mirrored index for secondary ones.
 * @throws RangeError if `pairIndex` is not in 0..nShards-1.
 */
export function sliverIndexOfPair(axis: SliverAxis, pairIndex: number, nShards: number): number {
  return axis === 'primary' ? pairIndex : secondarySliverIndexForPair(pairIndex, nShards);
}

/**
 * Checks that `sliver` is the `axis` sliver with index `expectedIndex` of the blob described by
 * `metadata`.
 * @throws SliverMismatchError for another index; InvalidSliverError (encoding core) for a bad
 *   shape or a hash that differs from the metadata's.
 */
export async function verifySliverAgainstMetadata(
  metadata: BlobMetadata,
  axis: SliverAxis,
  expectedIndex: number,
  sliver: Sliver,
): Promise<void> {
  if (sliver.axis !== axis || sliver.index !== expectedIndex) {
    throw new SliverMismatchError(
      `${sliver.axis} sliver with index ${sliver.index} (expected ${axis} ${expectedIndex})`,
    );
  }
  await verifySliver(metadata, sliver);
}
