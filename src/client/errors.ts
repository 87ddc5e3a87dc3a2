/**
 * Typed failures of the Floe client. Callers branch on the class (or `code`), never on the text;
 * retry decisions read `retryable`.
 */
import { FloeError, RetryableError } from '../util/errors.ts';

/** No node and no chain record knows this blob (never registered, deleted, or not certified). */
export class BlobNotFoundError extends FloeError {
  readonly blobId: string;
  constructor(blobId: string, message?: string, options?: { cause?: unknown }) {
    super('BLOB_NOT_FOUND', message ?? `blob ${blobId} not found`, options);
    this.blobId = blobId;
  }
}

/** The blob was marked invalid (inconsistent encoding), or its bytes fail the consistency check. */
export class BlobInvalidError extends FloeError {
  readonly blobId: string;
  constructor(blobId: string, message?: string, options?: { cause?: unknown }) {
    super('INVALID_BLOB', message ?? `blob ${blobId} is invalid`, options);
    this.blobId = blobId;
  }
}

/** The blob's storage ended before the current epoch. */
export class BlobExpiredError extends FloeError {
  readonly blobId: string;
  readonly endEpoch: number;
  constructor(blobId: string, endEpoch: number, currentEpoch: number) {
    super(
      'BLOB_EXPIRED',
      `blob ${blobId} expired at epoch ${endEpoch} (current epoch ${currentEpoch})`,
    );
    this.blobId = blobId;
    this.endEpoch = endEpoch;
  }
}

/**
 * Fewer verified slivers came back than the code needs. Retryable: nodes that were down or slow
 * may answer later.
 */
export class NotEnoughSliversError extends RetryableError {
  readonly needed: number;
  readonly got: number;
  constructor(blobId: string, needed: number, got: number, options?: { cause?: unknown }) {
    super(
      'NOT_ENOUGH_SLIVERS',
      `blob ${blobId}: need ${needed} verified primary slivers, got ${got}`,
      options,
    );
    this.needed = needed;
    this.got = got;
  }
}

/**
 * Every node that holds enough of the blob pauses its reads because an open storage challenge
 * round challenges it (PROTOCOL.md section 7), and the read's wait budget ran out before the
 * round closed. Retryable: reads resume once quorum weight of nodes certified the round.
 */
export class BlobChallengedError extends RetryableError {
  readonly blobId: string;
  /** How many times the read waited and asked again. */
  readonly waits: number;
  constructor(blobId: string, waits: number, options?: { cause?: unknown }) {
    super(
      'BLOB_CHALLENGED',
      `blob ${blobId}: a storage challenge round is in progress and the nodes pause its reads ` +
        `until it closes (waited ${waits} times); retry later`,
      options,
    );
    this.blobId = blobId;
    this.waits = waits;
  }
}

/** Signed confirmations of quorum weight could not be collected for a store. */
export class NotEnoughConfirmationsError extends RetryableError {
  readonly weight: number;
  readonly needed: number;
  constructor(blobId: string, weight: number, needed: number, options?: { cause?: unknown }) {
    super(
      'NOT_ENOUGH_CONFIRMATIONS',
      `blob ${blobId}: confirmations of weight ${weight} collected, quorum needs ${needed}`,
      options,
    );
    this.weight = weight;
    this.needed = needed;
  }
}

/** Metadata from every reachable node failed to verify or was missing. */
export class NoValidMetadataError extends RetryableError {
  constructor(blobId: string, options?: { cause?: unknown }) {
    super(
      'NO_VALID_METADATA',
      `blob ${blobId}: no node returned metadata that matches the blob id`,
      options,
    );
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends FloeError {
  constructor(options?: { cause?: unknown }) {
    super('ABORTED', 'the operation was aborted', options);
  }
}

/** Throws `AbortedError` if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
}
