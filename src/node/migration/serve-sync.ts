/**
 * The previous owner's side of a shard transfer (`POST /v1/migrate/sync_shard`): the request
 * must be signed by the committee member that holds the shard in the current epoch (its key in
 * `Authorization`), for the current epoch; the answer is a page of certified blobs' slivers of
 * one axis from the shard, in blob-ID order.
 */
import { verify } from '../../crypto/bls.ts';
import { InvalidInputError, FloeError } from '../../util/errors.ts';
import { isCertified } from '../blob-record.ts';
import { ShardNotAssignedError, type HttpError } from '../errors.ts';
import type { NodeContext } from '../service/context.ts';
import { parseSignedRequest, syncResponseToBcs } from './sync-wire.ts';

/** At most this many slivers per page, whatever the request asks. */
export const MAX_SYNC_PAGE = 1000;

/** The requester is not the current owner of the shard, or its signature does not verify. */
export class SyncUnauthorizedError extends FloeError implements HttpError {
  readonly httpStatus = 401;
  constructor(why: string) {
    super('SYNC_UNAUTHORIZED', `shard sync refused: ${why}`);
  }
}

/**
 * Answers one signed sync request.
 * @throws InvalidBcsError / InvalidInputError (400), SyncUnauthorizedError (401),
 *   ShardNotAssignedError (421: this node never held the shard or already dropped it).
 */
export function serveSyncShard(
  ctx: NodeContext,
  authorization: string | undefined,
  body: Uint8Array,
): Uint8Array {
  const { message, signature, request } = parseSignedRequest(body);
  const committee = ctx.committee.require();
  if (request.epoch !== committee.epoch) {
    throw new InvalidInputError(
      `sync request for epoch ${request.epoch}, this node is in epoch ${committee.epoch}`,
      {
        code: 'INVALID_SYNC_EPOCH',
      },
    );
  }
  const keyHex =
    authorization === undefined ? '' : Buffer.from(authorization.trim(), 'base64').toString('hex');
  const requester = committee.members.find(
    (m) => m.publicKeyHex !== undefined && m.publicKeyHex === keyHex,
  );
  if (requester === undefined) throw new SyncUnauthorizedError('the key is not a committee member');
  if (!requester.shards.includes(request.shardIndex)) {
    throw new SyncUnauthorizedError(
      `the requester does not hold shard ${request.shardIndex} in epoch ${committee.epoch}`,
    );
  }
  if (!verify(signature, message, new Uint8Array(Buffer.from(keyHex, 'hex'))))
    throw new SyncUnauthorizedError('bad signature');
  if (!ctx.committee.serves(request.shardIndex))
    throw new ShardNotAssignedError(-1, request.shardIndex, committee.epoch);

  const limit = Math.min(request.sliverCount, MAX_SYNC_PAGE);
  const entries: { blobId: Uint8Array; sliverData: Uint8Array }[] = [];
  let start = request.startingBlobId;
  // Skip slivers of blobs that are not (or no longer) certified, without returning short pages.
  for (;;) {
    const page = ctx.store.sliversFrom(
      request.shardIndex,
      request.axis,
      start,
      limit - entries.length,
    );
    for (const s of page) {
      if (isCertified(ctx.store.getBlob(s.blobId), committee.epoch))
        entries.push({ blobId: s.blobId, sliverData: s.bytes });
    }
    if (page.length === 0 || entries.length >= limit) break;
    const next = nextBlobId(page[page.length - 1].blobId);
    if (next === undefined) break;
    start = next;
  }
  ctx.log.debug(
    {
      shard: request.shardIndex,
      axis: request.axis,
      slivers: entries.length,
      epoch: committee.epoch,
      to: requester.nodeId,
    },
    'served shard sync page',
  );
  return syncResponseToBcs(request.axis, entries);
}

/** The smallest blob ID greater than `id` in byte order, or undefined after the last one. */
export function nextBlobId(id: Uint8Array): Uint8Array | undefined {
  const out = Uint8Array.from(id);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] < 255) {
      out[i]++;
      return out;
    }
    out[i] = 0;
  }
  return undefined;
}
