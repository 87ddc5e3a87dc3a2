/**
 * Blob ID forms. The 32 raw bytes are the Blake2b-256 digest of the BCS blob-ID computation
 * (see metadata.ts); on chain the ID is the u256 those bytes encode little-endian (BCS), as text it
 * is URL-safe base64 without padding, and for shard rotation it is read big-endian.
 */
import { InvalidInputError } from '../util/errors.ts';

export const BLOB_ID_LEN = 32;

/** URL-safe base64 (no padding) of the 32 raw bytes, as Walrus prints blob IDs. */
export function blobIdToString(blobId: Uint8Array): string {
  checkBlobId(blobId);
  return Buffer.from(blobId.buffer, blobId.byteOffset, blobId.byteLength).toString('base64url');
}

/**
 * Parses the text form.
 * @throws InvalidInputError (code INVALID_BLOB_ID) unless it is 43 URL-safe base64 characters of 32 bytes.
 */
export function blobIdFromString(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('blob ID text must be a string');
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) {
    throw new InvalidInputError(`not a blob ID: ${JSON.stringify(text.slice(0, 64))}`, {
      code: 'INVALID_BLOB_ID',
    });
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  // 43 characters carry 258 bits; the last two must be zero for a canonical 32-byte encoding.
  if (bytes.length !== BLOB_ID_LEN || blobIdToString(bytes) !== text) {
    throw new InvalidInputError(`not a canonical blob ID: ${text}`, { code: 'INVALID_BLOB_ID' });
  }
  return bytes;
}

/** The on-chain u256 (the raw bytes read little-endian, as BCS encodes a u256). */
export function blobIdToU256(blobId: Uint8Array): bigint {
  checkBlobId(blobId);
  let value = 0n;
  for (let i = BLOB_ID_LEN - 1; i >= 0; i--) value = (value << 8n) | BigInt(blobId[i]);
  return value;
}

/** Inverse of `blobIdToU256`. @throws RangeError if `value` does not fit in 256 bits. */
export function blobIdFromU256(value: bigint): Uint8Array {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 256n) {
    throw new RangeError('blob ID u256 must be a bigint in [0, 2^256)');
  }
  const out = new Uint8Array(BLOB_ID_LEN);
  let v = value;
  for (let i = 0; i < BLOB_ID_LEN; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The pair-to-shard rotation offset: the raw bytes read big-endian, modulo n. */
export function rotationOffset(blobId: Uint8Array, nShards: number): number {
  checkBlobId(blobId);
  let acc = 0;
  for (const byte of blobId) acc = (acc * 256 + byte) % nShards;
  return acc;
}

/** @throws TypeError/RangeError unless `blobId` is 32 bytes. */
export function checkBlobId(blobId: Uint8Array): void {
  if (!(blobId instanceof Uint8Array)) throw new TypeError('blobId must be a Uint8Array');
  if (blobId.length !== BLOB_ID_LEN)
    throw new RangeError(`blobId must be 32 bytes, got ${blobId.length}`);
}
