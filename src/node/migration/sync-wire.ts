/**
 * Shard sync messages (Walrus's `SyncShardRequest` / `SyncShardResponse`, intent 3, off chain
 * only): the new owner of a shard asks its previous owner for the shard's slivers of one axis,
 * a page at a time, in blob-ID order.
 *
 * - Request body (BCS): `SignedMessage { serialized_message: vector<u8>, signature: vector<u8> }`
 *   where the message is the intent-3 header (epoch = the epoch being entered) followed by
 *   `SyncShardRequest::V1 { shard_index u16, sliver_type Primary|Secondary,
 *   starting_blob_id [32] (inclusive), sliver_count u64, epoch u32 }`.
 * - `Authorization` header: the requester's BLS public key, base64.
 * - Response (BCS): `SyncShardResponse::V1(vector<(blob_id [32], Sliver)>)`.
 */
import { bcs } from '@mysten/bcs';
import { parseBcs, SliverBcs } from '../../encoding/bcs.ts';
import { sliverFromParsed, type Sliver, type SliverAxis } from '../../encoding/sliver.ts';
import {
  encodeHeader,
  Intent,
  APP_ID,
  INTENT_VERSION,
  parseHeader,
} from '../../crypto/messages.ts';
import { InvalidInputError } from '../../util/errors.ts';
import { concatBytes, ulebBytes } from '../../util/bytes.ts';

const SliverTypeBcs = bcs.enum('SliverType', { Primary: null, Secondary: null });
const SyncShardRequestBcs = bcs.enum('SyncShardRequest', {
  V1: bcs.struct('SyncShardRequestV1', {
    shard_index: bcs.u16(),
    sliver_type: SliverTypeBcs,
    starting_blob_id: bcs.bytes(32),
    sliver_count: bcs.u64(),
    epoch: bcs.u32(),
  }),
});
const SignedMessageBcs = bcs.struct('SignedMessage', {
  serialized_message: bcs.byteVector(),
  signature: bcs.byteVector(),
});
const SyncShardResponseBcs = bcs.enum('SyncShardResponse', {
  V1: bcs.vector(bcs.tuple([bcs.bytes(32), SliverBcs])),
});

export interface SyncShardRequest {
  shardIndex: number;
  axis: SliverAxis;
  startingBlobId: Uint8Array;
  sliverCount: number;
  epoch: number;
}

/** The exact bytes the requester signs. */
export function syncShardMessage(req: SyncShardRequest): Uint8Array {
  const body = SyncShardRequestBcs.serialize({
    V1: {
      shard_index: req.shardIndex,
      sliver_type: req.axis === 'primary' ? { Primary: true } : { Secondary: true },
      starting_blob_id: req.startingBlobId,
      sliver_count: BigInt(req.sliverCount),
      epoch: req.epoch,
    },
  }).toBytes();
  const header = encodeHeader(Intent.syncShard, req.epoch);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

export function signedRequestToBcs(message: Uint8Array, signature: Uint8Array): Uint8Array {
  return SignedMessageBcs.serialize({ serialized_message: message, signature }).toBytes();
}

/**
 * Parses a signed request (without checking the signature).
 * @throws InvalidBcsError on malformed bytes; InvalidInputError (INVALID_SYNC_REQUEST) for a
 *   wrong header or a header epoch that differs from the body's.
 */
export function parseSignedRequest(bytes: Uint8Array): {
  message: Uint8Array;
  signature: Uint8Array;
  request: SyncShardRequest;
} {
  const signed = parseBcs(SignedMessageBcs, bytes, 'SignedMessage<SyncShardRequest>');
  const message = Uint8Array.from(signed.serialized_message);
  let header;
  let body: Uint8Array;
  try {
    ({ header, body } = parseHeader(message));
  } catch (cause) {
    throw new InvalidInputError('sync request message is too short', {
      code: 'INVALID_SYNC_REQUEST',
      cause,
    });
  }
  if (
    header.intent !== Intent.syncShard ||
    header.version !== INTENT_VERSION ||
    header.appId !== APP_ID
  ) {
    throw new InvalidInputError(
      `sync request has intent ${header.intent}/${header.version}/${header.appId}`,
      { code: 'INVALID_SYNC_REQUEST' },
    );
  }
  const v1 = parseBcs(SyncShardRequestBcs, body, 'SyncShardRequest').V1;
  if (v1 === undefined || v1.epoch !== header.epoch) {
    throw new InvalidInputError('sync request epoch differs from its header', {
      code: 'INVALID_SYNC_REQUEST',
    });
  }
  const count = BigInt(v1.sliver_count);
  return {
    message,
    signature: Uint8Array.from(signed.signature),
    request: {
      shardIndex: v1.shard_index,
      axis: v1.sliver_type.Primary !== undefined ? 'primary' : 'secondary',
      startingBlobId: Uint8Array.from(v1.starting_blob_id),
      sliverCount: count > 1_000_000n ? 1_000_000 : Number(count),
      epoch: v1.epoch,
    },
  };
}

/** The response body for stored slivers (BCS `SliverData` of `axis`, as the store keeps them). */
export function syncResponseToBcs(
  axis: SliverAxis,
  entries: readonly { blobId: Uint8Array; sliverData: Uint8Array }[],
): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0), ulebBytes(entries.length)];
  for (const e of entries)
    parts.push(e.blobId, Uint8Array.of(axis === 'primary' ? 0 : 1), e.sliverData);
  return concatBytes(parts);
}

/** @throws InvalidBcsError / InvalidSliverError on malformed bytes. */
export function syncResponseFromBcs(bytes: Uint8Array): { blobId: Uint8Array; sliver: Sliver }[] {
  const wire = parseBcs(SyncShardResponseBcs, bytes, 'SyncShardResponse').V1!;
  return wire.map(([blobId, sliver]) => ({
    blobId: Uint8Array.from(blobId),
    sliver: sliverFromParsed(sliver),
  }));
}
