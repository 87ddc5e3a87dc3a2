/**
 * Value conventions shared by every chain implementation (move/DESIGN.md, "Byte conventions").
 *
 * - Object IDs, node IDs and addresses are `0x` + 64 lowercase hex digits (Sui's normalized form).
 * - Blob IDs and Merkle roots are `bigint` (Move `u256`). Off chain they are 32 bytes; the u256 is
 *   those bytes read little-endian (BCS), so `bcs::to_bytes(&blob_id) == blob_id_bytes`.
 *   Use {@link blobIdFromBytes} / {@link blobIdToBytes}; never read them big-endian except for the
 *   pair-to-shard rotation, which {@link blobIdRotationOffset} does.
 * - u64 values are `bigint`; u8/u16/u32 are `number`.
 */
import {
  blobIdFromU256,
  blobIdToString,
  blobIdToU256,
  rotationOffset,
} from '../encoding/blob-id.ts';

/** A Sui object ID or address: `0x` followed by 64 lowercase hex digits. */
export type ObjectId = string;
/** A Sui account address, same form as {@link ObjectId}. */
export type Address = string;

const U256_MAX = (1n << 256n) - 1n;

/**
 * Normalizes an ID or address to `0x` + 64 lowercase hex digits (left-padded, like Sui).
 * @throws TypeError if `id` is not a string; RangeError if it is not hex of at most 32 bytes.
 */
export function normalizeId(id: string, name = 'id'): ObjectId {
  if (typeof id !== 'string') throw new TypeError(`${name} must be a string`);
  const hex = id.startsWith('0x') || id.startsWith('0X') ? id.slice(2) : id;
  if (hex.length === 0 || hex.length > 64 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new RangeError(`${name} must be hex of at most 32 bytes, got ${JSON.stringify(id)}`);
  }
  return '0x' + hex.toLowerCase().padStart(64, '0');
}

/** The 32 bytes of an ID (big-endian, as BCS `address` encodes it). */
export function idToBytes(id: ObjectId): Uint8Array {
  const norm = normalizeId(id);
  return Uint8Array.from(Buffer.from(norm.slice(2), 'hex'));
}

/** The ID whose BCS bytes are `bytes` (32 bytes). */
export function idFromBytes(bytes: Uint8Array): ObjectId {
  checkBytes32(bytes, 'bytes');
  return '0x' + Buffer.from(bytes).toString('hex');
}

/** An ID as a big-endian u256, the order committees are sorted in. */
export function idToBigInt(id: ObjectId): bigint {
  return BigInt(normalizeId(id));
}

/** Compares two IDs as big-endian u256 (committee order). */
export function compareIds(a: ObjectId, b: ObjectId): number {
  const x = idToBigInt(a);
  const y = idToBigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The on-chain u256 of a 32-byte blob ID or root (little-endian read, like `peel_u256`).
 * @throws RangeError if `bytes` is not 32 bytes long.
 */
export function blobIdFromBytes(bytes: Uint8Array): bigint {
  checkBytes32(bytes, 'bytes');
  return blobIdToU256(bytes);
}

/**
 * The 32 off-chain bytes of an on-chain u256 blob ID or root (little-endian write).
 * @throws RangeError if `value` is not a u256.
 */
export function blobIdToBytes(value: bigint): Uint8Array {
  checkU256(value, 'value');
  return blobIdFromU256(value);
}

/**
 * The pair-to-shard rotation offset: the blob ID bytes read as a big-endian integer, mod n
 * (PROTOCOL.md section 1; Walrus `SliverPairIndex::to_shard_index`).
 */
export function blobIdRotationOffset(blobId: bigint, nShards: number): number {
  return rotationOffset(blobIdToBytes(blobId), nShards);
}

/** Text form of a blob ID: URL-safe base64 of its 32 bytes, without padding. */
export function blobIdToText(blobId: bigint): string {
  return blobIdToString(blobIdToBytes(blobId));
}

/**
 * Parses the text form of a blob ID.
 * @throws RangeError if it does not decode to 32 bytes.
 */
export function blobIdFromText(text: string): bigint {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 32 || bytes.toString('base64url') !== text) {
    throw new RangeError(`not a blob ID: ${JSON.stringify(text)}`);
  }
  return blobIdFromBytes(bytes);
}

/** @throws RangeError unless `value` is a bigint in 0..2^256-1. */
export function checkU256(value: unknown, name: string): asserts value is bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint`);
  if (value < 0n || value > U256_MAX) throw new RangeError(`${name} must be a u256`);
}

function checkBytes32(bytes: unknown, name: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (bytes.length !== 32) throw new RangeError(`${name} must be 32 bytes, got ${bytes.length}`);
}
