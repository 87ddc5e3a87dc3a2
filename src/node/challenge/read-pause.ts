/**
 * The read pause of PROTOCOL.md section 7: while a challenge round is open (until quorum weight
 * of nodes certified), slivers and recovery symbols of the blobs it challenges are not served,
 * so a node missing data cannot borrow it from its peers to answer.
 */
import { blobIdToString } from '../../encoding/blob-id.ts';
import { ChallengeInProgressError } from '../errors.ts';
import type { NodeContext } from '../service/context.ts';

/**
 * Returns when reads of `blobId` may be served.
 * @throws ChallengeInProgressError (503, retryable) while an open round challenges the blob.
 */
export function checkNotChallenged(ctx: NodeContext, blobId: Uint8Array): void {
  const round = ctx.challenges?.pausedBy(blobId);
  if (round !== undefined) throw new ChallengeInProgressError(blobIdToString(blobId), round);
}
