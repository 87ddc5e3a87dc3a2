/**
 * Inconsistency proofs (PROTOCOL.md section 3): a peer that rebuilt a sliver which does not match
 * the metadata sends k recovery symbols; this node checks them against the full metadata and, if
 * they do show the inconsistency, signs the intent-2 "invalid blob id" message for the current
 * epoch. f+1 weight of such attestations lets anyone call `invalidate_blob_id`.
 */
import { blobIdToString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { verifyInconsistencyProof } from '../../encoding/inconsistency.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { inconsistencyProofFromBcs } from '../../encoding/recovery-wire.ts';
import type { SliverAxis } from '../../encoding/sliver.ts';
import { invalidBlobIdMessage } from '../../crypto/messages.ts';
import { NotStoredError } from '../errors.ts';
import type { NodeContext } from './context.ts';

/** Walrus's `SignedMessage` JSON: base64 message and signature. */
export interface SignedMessageJson {
  serializedMessage: string;
  signature: string;
}

/** The full metadata of a blob: stored, or fetched (and verified) by `ctx.fullMetadata`. */
async function fullMetadata(ctx: NodeContext, blobId: Uint8Array): Promise<BlobMetadata> {
  const stored = ctx.metadataCache.get(ctx.store, blobId);
  if (stored?.full) return stored.metadata;
  if (ctx.fullMetadata) return ctx.fullMetadata(blobId);
  throw new NotStoredError(`full metadata of blob ${blobIdToString(blobId)}`);
}

/**
 * Verifies a BCS inconsistency proof for `axis` and signs the invalid-blob attestation.
 * @throws InvalidBcsError / InvalidProofError (400), NotStoredError (404, no metadata here).
 */
export async function attestInconsistency(
  ctx: NodeContext,
  blobId: Uint8Array,
  axis: SliverAxis,
  body: Uint8Array,
): Promise<SignedMessageJson> {
  const proof = inconsistencyProofFromBcs(body, axis);
  const committee = ctx.committee.require();
  const metadata = await fullMetadata(ctx, blobId);
  await verifyInconsistencyProof(metadata, proof);
  const message = invalidBlobIdMessage({ epoch: committee.epoch, blobId: blobIdToU256(blobId) });
  const signature = ctx.signer.sign(message);
  ctx.log.warn(
    { blobId: blobIdToString(blobId), epoch: committee.epoch, axis, target: proof.targetIndex },
    'attested an inconsistent blob',
  );
  return {
    serializedMessage: Buffer.from(message).toString('base64'),
    signature: Buffer.from(signature).toString('base64'),
  };
}
