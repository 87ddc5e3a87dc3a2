import { BlobEncoder } from '@mysten/walrus-wasm';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
export function sampleBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A seeded PRNG in [0, 1) for choosing slivers to drop. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** A random subset of `count` distinct numbers from 0..n-1. */
export function randomSubset(n: number, count: number, rand: () => number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

export interface ReferenceEncoding {
  blobId: Uint8Array;
  /** BCS SliverData of pair p's primary and secondary slivers. */
  primary: Uint8Array[];
  secondary: Uint8Array[];
  hashes: { primary: Uint8Array; secondary: Uint8Array }[];
}

/** Runs the official encoder with buffers sized from our own encoding. */
export function referenceEncode(data: Uint8Array, ours: EncodedBlob): ReferenceEncoding {
  const n = ours.params.nShards;
  const enc = new BlobEncoder(n);
  try {
    const primary = ours.pairs.map((p) => new Uint8Array(sliverToBcs(p.primary).length));
    const secondary = ours.pairs.map((p) => new Uint8Array(sliverToBcs(p.secondary).length));
    const result = enc.encode(data, primary, secondary);
    const v1 = result[0].metadata.V1;
    return {
      blobId: Uint8Array.from(result[0].blob_id),
      primary,
      secondary,
      hashes: v1.hashes.map(
        (h: { primary_hash: { Digest: number[] }; secondary_hash: { Digest: number[] } }) => ({
          primary: Uint8Array.from(h.primary_hash.Digest),
          secondary: Uint8Array.from(h.secondary_hash.Digest),
        }),
      ),
    };
  } finally {
    enc.free();
  }
}

/** The official encoder's blob ID only. */
export function referenceBlobId(data: Uint8Array, n: number): Uint8Array {
  const enc = new BlobEncoder(n);
  try {
    return Uint8Array.from(enc.compute_metadata(data)[0]);
  } finally {
    enc.free();
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
