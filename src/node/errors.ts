/**
 * Typed failures of the storage node. Each has a stable `code` (which the REST API sends as
 * `error.code` and as Walrus's `details[0].reason`) and the HTTP status Walrus uses for the same
 * condition. Errors from the encoding core (`InvalidInputError` subclasses) map to 400.
 */
import { FloeError, InvalidInputError, RetryableError } from '../util/errors.ts';

/** An error that knows its HTTP status. */
export interface HttpError {
  readonly httpStatus: number;
}

/** The blob ID has no live registration on chain (yet): the client may retry after registering. */
export class BlobNotRegisteredError extends RetryableError implements HttpError {
  readonly httpStatus = 409;
  constructor(blobId: string) {
    super(
      'NOT_REGISTERED',
      `blob ${blobId} is not registered (or its registration was not seen yet)`,
    );
  }
}

/** Every registration of the blob ID has expired. */
export class BlobExpiredError extends FloeError implements HttpError {
  readonly httpStatus = 410;
  constructor(blobId: string) {
    super('BLOB_EXPIRED', `blob ${blobId} has expired`);
  }
}

/** The blob was marked invalid on chain; its data is gone and nothing new is accepted. */
export class BlobInvalidError extends FloeError implements HttpError {
  readonly httpStatus = 409;
  constructor(blobId: string) {
    super('BLOB_INVALID', `blob ${blobId} was marked invalid`);
  }
}

/** Slivers need the blob's metadata first. */
export class MissingMetadataError extends RetryableError implements HttpError {
  readonly httpStatus = 409;
  constructor(blobId: string) {
    super('MISSING_METADATA', `metadata of blob ${blobId} is not stored yet`);
  }
}

/** The sliver pair belongs to a shard this node does not hold in the current epoch. */
export class ShardNotAssignedError extends FloeError implements HttpError {
  readonly httpStatus = 421;
  constructor(pairIndex: number, shard: number, epoch: number) {
    super(
      'SHARD_NOT_ASSIGNED',
      `sliver pair ${pairIndex} is stored by shard ${shard}, not held by this node in epoch ${epoch}`,
    );
  }
}

/** Index outside 0..n-1. */
export class IndexOutOfRangeError extends InvalidInputError implements HttpError {
  readonly httpStatus = 400;
  constructor(what: string, index: number, n: number) {
    super(`${what} ${index} out of range 0..${n - 1}`, { code: 'INDEX_OUT_OF_RANGE' });
  }
}

/** The sliver is not the one its URL names (index or axis). */
export class SliverMismatchError extends InvalidInputError implements HttpError {
  readonly httpStatus = 400;
  constructor(message: string) {
    super(message, { code: 'INVALID_SLIVER' });
  }
}

/** Nothing stored under that name (metadata, sliver). */
export class NotStoredError extends FloeError implements HttpError {
  readonly httpStatus = 404;
  constructor(what: string) {
    super('NOT_FOUND', `${what} is not stored at this node`);
  }
}

/** A confirmation was asked for before every shard of this node holds its sliver pair. */
export class NotFullyStoredError extends RetryableError implements HttpError {
  readonly httpStatus = 404;
  constructor(blobId: string, missing: number) {
    super(
      'NOT_FULLY_STORED',
      `blob ${blobId}: ${missing} sliver(s) of this node's shards are not stored yet`,
    );
  }
}

/** The node has not learned its committee yet (chain not followed far enough). */
export class NodeNotSyncedError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor(what: string) {
    super('NOT_SYNCED', `node is not synced with the chain yet: ${what}`);
  }
}

/** The pre-registration buffer is full. */
export class BufferFullError extends RetryableError implements HttpError {
  readonly httpStatus = 429;
  constructor() {
    super('BUFFER_FULL', 'pre-registration buffer is full; retry once the blob is registered');
  }
}

/**
 * The blob is challenged by an open round (PROTOCOL.md section 7): sliver and recovery reads
 * pause until quorum weight of nodes certified, so no node can borrow what it should hold.
 */
export class ChallengeInProgressError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor(blobId: string, round: bigint) {
    super(
      'CHALLENGE_IN_PROGRESS',
      `blob ${blobId} is challenged in round ${round}; reads resume once the round closes`,
    );
  }
}

/** The HTTP status for any error the node may throw: its own, a Floe input error, or 500. */
export function httpStatusOf(err: unknown): number {
  const status = (err as Partial<HttpError> | null)?.httpStatus;
  if (typeof status === 'number') return status;
  if (err instanceof InvalidInputError) return 400;
  if (err instanceof RetryableError) return 503;
  return 500;
}
