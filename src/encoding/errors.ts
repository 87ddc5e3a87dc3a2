/**
 * Typed failures of the encoding core. Each has a stable `code`; callers branch on the class or
 * the code, never on the message.
 */
import { FloeError, InvalidInputError } from '../util/errors.ts';

/** A shard count outside 4..65535. */
export class InvalidShardCountError extends InvalidInputError {
  constructor(nShards: unknown) {
    super(`shard count must be an integer in 4..65535, got ${String(nShards)}`, {
      code: 'INVALID_SHARD_COUNT',
    });
  }
}

/** A blob larger than `k1 * k2 * 65534` bytes cannot be encoded with this shard count. */
export class BlobTooLargeError extends InvalidInputError {
  readonly size: number;
  readonly maxSize: number;
  constructor(size: number, maxSize: number, nShards: number) {
    super(`blob of ${size} bytes exceeds the maximum of ${maxSize} bytes for ${nShards} shards`, {
      code: 'INVALID_BLOB_TOO_LARGE',
    });
    this.size = size;
    this.maxSize = maxSize;
  }
}

/** A sliver (or symbol) with the wrong length, index or symbol size for the blob it claims. */
export class InvalidSliverError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'INVALID_SLIVER' });
  }
}

/** Metadata that is malformed or does not belong to the blob ID it came with. */
export class InvalidMetadataError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'INVALID_METADATA' });
  }
}

/** Fewer distinct valid slivers or symbols than the code needs (k1, k2, ...). */
export class NotEnoughSliversError extends FloeError {
  readonly needed: number;
  readonly got: number;
  constructor(what: string, needed: number, got: number) {
    super('NOT_ENOUGH_SLIVERS', `need ${needed} distinct ${what}, got ${got}`);
    this.needed = needed;
    this.got = got;
  }
}

/**
 * The decoded data does not match the commitments: the blob was encoded inconsistently (or the
 * metadata lies). Reads must answer "invalid" rather than return these bytes.
 */
export class InconsistentEncodingError extends FloeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INCONSISTENT_ENCODING', message, options);
  }
}

/** A Merkle proof, recovery symbol or inconsistency proof that does not verify. */
export class InvalidProofError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'INVALID_PROOF' });
  }
}

/** Bytes that do not parse as the expected BCS type (or have trailing bytes). */
export class InvalidBcsError extends InvalidInputError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`malformed BCS for ${what}`, { ...options, code: 'INVALID_BCS' });
  }
}

/** An encoder worker thread threw or died; the encoding it was part of is abandoned. */
export class EncoderWorkerError extends FloeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENCODER_WORKER_FAILED', message, options);
  }
}
