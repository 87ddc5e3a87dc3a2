import { describe, expect, it } from 'vitest';
import {
  blobIdFromBytes,
  blobIdFromText,
  blobIdRotationOffset,
  blobIdToBytes,
  blobIdToText,
  compareIds,
  idFromBytes,
  idToBytes,
  normalizeId,
} from '../../../src/chain/ids.ts';
import {
  blobIdFromU256,
  blobIdToString,
  blobIdToU256,
  rotationOffset,
} from '../../../src/encoding/blob-id.ts';
import { deriveBlobId } from '../../../src/chain/embedded/storage-resource.ts';
import { blake2b } from '@noble/hashes/blake2.js';

describe('chain value conventions', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 5) & 0xff);

  it('blob IDs: u256 read little-endian from the 32 bytes, as the encoding core does', () => {
    const v = blobIdFromBytes(bytes);
    expect(v).toBe(blobIdToU256(bytes));
    expect(blobIdToBytes(v)).toEqual(bytes);
    expect(blobIdFromU256(v)).toEqual(bytes);
    expect(blobIdFromBytes(Uint8Array.of(1, ...new Uint8Array(31)))).toBe(1n);
    expect(blobIdToText(v)).toBe(blobIdToString(bytes));
    expect(blobIdFromText(blobIdToText(v))).toBe(v);
    expect(() => blobIdFromText('abc')).toThrow(RangeError);
    for (const n of [4, 7, 10, 1000])
      expect(blobIdRotationOffset(v, n)).toBe(rotationOffset(bytes, n));
  });

  it('derive_blob_id hashes encoding type, u64 LE size and the root bytes', () => {
    const root = blobIdFromBytes(bytes);
    const input = new Uint8Array([1, ...[0xe8, 0x03, 0, 0, 0, 0, 0, 0], ...bytes]);
    expect(deriveBlobId(1, 1000n, root)).toBe(blobIdFromBytes(blake2b(input, { dkLen: 32 })));
  });

  it('IDs: normalized 0x + 64 hex, compared as big-endian u256', () => {
    expect(normalizeId('0xAB')).toBe('0x' + '0'.repeat(62) + 'ab');
    expect(() => normalizeId('0x' + '1'.repeat(65))).toThrow(RangeError);
    expect(() => normalizeId('zz')).toThrow(RangeError);
    expect(idFromBytes(idToBytes('0x5'))).toBe(normalizeId('0x5'));
    expect(compareIds('0x2', '0x10')).toBe(-1);
    expect(compareIds('0x10', '0x10')).toBe(0);
  });
});
