/**
 * Storage confirmations (PROTOCOL.md section 4): the node signs the intent-1 blob certificate
 * message for the current epoch, and only when every shard it holds has both slivers of its pair
 * (and the metadata) durably stored.
 */
import { blobIdToString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { pairIndexForShard } from '../../encoding/pairs.ts';
import { normalizeId } from '../../chain/ids.ts';
import { blobCertificateMessage, type Persistence } from '../../crypto/messages.ts';
import { acceptsUploads, isExpired } from '../blob-record.ts';
import {
  BlobExpiredError,
  BlobInvalidError,
  BlobNotRegisteredError,
  NotFullyStoredError,
} from '../errors.ts';
import type { NodeContext } from './context.ts';

/** Walrus's `StorageConfirmation::Signed`: base64 message and signature. */
export interface SignedConfirmation {
  signed: { serializedMessage: string; signature: string };
}

/** How many of this node's slivers for `blobId` are missing (0 = fully stored). */
export function missingSlivers(ctx: NodeContext, blobId: Uint8Array): number {
  const committee = ctx.committee.require();
  let missing = ctx.store.hasMetadata(blobId) ? 0 : 1;
  for (const shard of committee.ownShards) {
    if (!ctx.store.hasSliver(shard, blobId, 'primary')) missing++;
    if (!ctx.store.hasSliver(shard, blobId, 'secondary')) missing++;
  }
  return missing;
}

/** Sliver pairs this node should hold for `blobId` but does not, with their shards. */
export function missingPairs(
  ctx: NodeContext,
  blobId: Uint8Array,
): { shard: number; pairIndex: number; axes: ('primary' | 'secondary')[] }[] {
  const committee = ctx.committee.require();
  const out: { shard: number; pairIndex: number; axes: ('primary' | 'secondary')[] }[] = [];
  for (const shard of committee.ownShards) {
    const axes = (['primary', 'secondary'] as const).filter(
      (a) => !ctx.store.hasSliver(shard, blobId, a),
    );
    if (axes.length > 0)
      out.push({ shard, pairIndex: pairIndexForShard(shard, blobId, committee.nShards), axes });
  }
  return out;
}

/**
 * Signs a confirmation for `blobId` with the given persistence.
 * @throws BlobNotRegisteredError (409, also for a deletable object the node does not know),
 *   BlobExpiredError (410), BlobInvalidError (409), NotFullyStoredError (404).
 */
export function confirm(
  ctx: NodeContext,
  blobId: Uint8Array,
  persistence: Persistence,
): SignedConfirmation {
  const committee = ctx.committee.require();
  const text = blobIdToString(blobId);
  const rec = ctx.store.getBlob(blobId);
  if (rec?.invalid) throw new BlobInvalidError(text);
  if (!acceptsUploads(rec, committee.epoch)) {
    if (rec !== undefined && isExpired(rec, committee.epoch)) throw new BlobExpiredError(text);
    throw new BlobNotRegisteredError(text);
  }
  if (persistence.kind === 'Deletable') {
    const object = rec!.objects[normalizeId(persistence.objectId, 'objectId')];
    if (object === undefined || !object.deletable || object.endEpoch <= committee.epoch) {
      throw new BlobNotRegisteredError(`${text} (deletable object ${persistence.objectId})`);
    }
  }
  const missing = missingSlivers(ctx, blobId);
  if (missing > 0) throw new NotFullyStoredError(text, missing);
  const message = blobCertificateMessage({
    epoch: committee.epoch,
    blobId: blobIdToU256(blobId),
    persistence,
  });
  const signature = ctx.signer.sign(message);
  ctx.metrics.confirmationsSigned.inc({ persistence: persistence.kind });
  return {
    signed: {
      serializedMessage: Buffer.from(message).toString('base64'),
      signature: Buffer.from(signature).toString('base64'),
    },
  };
}
