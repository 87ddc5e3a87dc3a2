/**
 * `storage/storage_resource.move` and the pure parts of `storage/blob.move` for the embedded
 * chain: same checks, same order, same abort constants.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { blobIdFromBytes } from '../ids.ts';
import { MessageWriter } from '../../crypto/message-codec.ts';
import { check } from './aborts.ts';
import { u64 } from './pool.ts';
import type { StorageState } from './state.ts';

const M = 'storage_resource';

/** `split_by_epoch`: `storage` keeps [start, split), the result gets [split, end). */
export function splitByEpoch(storage: StorageState, splitEpoch: number): StorageState {
  check(splitEpoch > storage.startEpoch && splitEpoch < storage.endEpoch, M, 'EInvalidEpoch');
  const endEpoch = storage.endEpoch;
  storage.endEpoch = splitEpoch;
  return { startEpoch: splitEpoch, endEpoch, storageSize: storage.storageSize };
}

/** `split_by_size`: the result gets `splitSize` bytes. */
export function splitBySize(storage: StorageState, splitSize: bigint): StorageState {
  check(splitSize > 0n && splitSize < storage.storageSize, M, 'EInvalidSize');
  storage.storageSize -= splitSize;
  return { startEpoch: storage.startEpoch, endEpoch: storage.endEpoch, storageSize: splitSize };
}

export function fusePeriods(first: StorageState, second: StorageState): void {
  check(first.storageSize === second.storageSize, M, 'EIncompatiblePeriods');
  if (first.endEpoch === second.startEpoch) first.endEpoch = second.endEpoch;
  else {
    check(second.endEpoch === first.startEpoch, M, 'EIncompatiblePeriods');
    first.startEpoch = second.startEpoch;
  }
}

export function fuseAmount(first: StorageState, second: StorageState): void {
  check(
    first.startEpoch === second.startEpoch && first.endEpoch === second.endEpoch,
    M,
    'EIncompatibleAmounts',
  );
  first.storageSize = u64(first.storageSize + second.storageSize);
}

export function fuse(first: StorageState, second: StorageState): void {
  if (first.startEpoch === second.startEpoch && first.endEpoch === second.endEpoch)
    fuseAmount(first, second);
  else fusePeriods(first, second);
}

/** `blob::derive_blob_id`: u256 of blake2b256(encoding_type || u64le(size) || u256le(root)). */
export function deriveBlobId(encodingType: number, size: bigint, rootHash: bigint): bigint {
  const data = new MessageWriter().u8(encodingType).u64(size).u256(rootHash).toBytes();
  return blobIdFromBytes(blake2b(data, { dkLen: 32 }));
}

/** `blob::symbol_size`. */
export function symbolSize(size: bigint, nShards: number): bigint {
  const n = BigInt(nShards);
  const f = (n - 1n) / 3n;
  const k1 = n - 2n * f;
  const k2 = n - f;
  const len = size > 1n ? size : 1n;
  let s = (len + k1 * k2 - 1n) / (k1 * k2);
  if (s % 2n === 1n) s += 1n;
  return s;
}

/** `blob::encoded_size`: n * ((k1 + k2) * s + 64n + 32). */
export function encodedSize(size: bigint, nShards: number): bigint {
  const n = BigInt(nShards);
  const f = (n - 1n) / 3n;
  const k1 = n - 2n * f;
  const k2 = n - f;
  return u64(n * ((k1 + k2) * symbolSize(size, nShards) + 64n * n + 32n));
}
