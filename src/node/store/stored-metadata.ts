/**
 * How metadata sits in the store: full BCS `BlobMetadata` as received (its first byte is the V1
 * tag 0x00), or a marker byte 0xC0 followed by the encoding core's compact form.
 */
import { metadataFromBcs, type BlobMetadata } from '../../encoding/metadata.ts';
import {
  compactMetadataFromBcs,
  compactMetadataToBcs,
  type CompactMetadata,
} from '../../encoding/compact-metadata.ts';
import { sparseMetadata } from './compact-metadata.ts';

const COMPACT_MARKER = 0xc0;

/** Parsed stored metadata: `metadata` has real hashes only for kept pairs when `full` is false. */
export interface StoredMetadata {
  full: boolean;
  metadata: BlobMetadata;
}

export function encodeCompactForStore(c: CompactMetadata): Uint8Array {
  const body = compactMetadataToBcs(c);
  const out = new Uint8Array(body.length + 1);
  out[0] = COMPACT_MARKER;
  out.set(body, 1);
  return out;
}

/** @throws InvalidBcsError / InvalidMetadataError if the stored bytes are corrupt. */
export function decodeStoredMetadata(bytes: Uint8Array): StoredMetadata {
  if (bytes[0] === COMPACT_MARKER)
    return { full: false, metadata: sparseMetadata(compactMetadataFromBcs(bytes.subarray(1))) };
  return { full: true, metadata: metadataFromBcs(bytes) };
}
