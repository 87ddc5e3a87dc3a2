/**
 * Public encoding API (PROTOCOL.md sections 1-2). Other parts of Floe import from these files
 * directly (there is no barrel):
 *
 *   encode.ts        encodeBlob(data, n, opts?) -> Promise<EncodedBlob> (blob ID, metadata, pairs)
 *                    computeBlobId(data, n, opts?) -> Promise<BlobCommitment>
 *   decode.ts        decodeBlob(metadata, primarySlivers, opts?), decodeBlobFromSecondary(...)
 *   verify-sliver.ts verifySliver, checkSliversAgainstMetadata, computeSliverHashes
 *   recovery.ts      prepareRecoverySource, verifyRecoverySymbol, recoverSliver
 *   inconsistency.ts verifyInconsistencyProof (proofs come from recoverSliver)
 *   compact-metadata.ts compactMetadataFor, verifyCompactMetadata, verifySliverCompact, ...
 *   metadata.ts      BlobMetadata, blobRoot, blobIdFromMetadata, verifyMetadata, BCS forms
 *   blob-id.ts       blobIdToString / blobIdFromString / blobIdToU256 / blobIdFromU256
 *   pairs.ts         pairIndexForShard / shardForPairIndex
 *   params.ts        encodingParams(n), symbolSizeFor, sliverSizes
 *   sliver.ts, recovery-wire.ts, bcs.ts  wire formats;  errors.ts  typed errors
 *   parallel/pool.ts createEncoderPool (worker threads for large blobs)
 *   rs.ts, hash.ts   the engine switch points (RS over GF(2^16), Blake2b-256)
 */
import type { Logger } from '../util/log.ts';
import { silentLogger } from '../util/log.ts';
import { blobIdToString } from './blob-id.ts';
import {
  allocateBuffers,
  blockCount,
  blockRowsFor,
  columnsPerRange,
  expandPrimaryColumns,
  expandRowBlock,
  gatherColumns,
  primaryRow,
  rootsOfColumns,
  wholeRowsOf,
  type EncodeBuffers,
  type EncodeLayout,
} from './encode-steps.ts';
import { scratch } from './expand.ts';
import { DIGEST_LEN, loadHashEngine } from './hash.ts';
import { blobIdFromRoot, blobRoot, type BlobMetadata } from './metadata.ts';
import { ENCODING_TYPE_RS2, encodingParams, symbolSizeFor, type EncodingParams } from './params.ts';
import { loadRsEngine } from './rs.ts';
import type { SliverPair } from './sliver.ts';
import type { EncoderPool } from './parallel/pool.ts';

/** From this many shards a pool encodes any blob: the n x n symbols dominate, not its size. */
const PARALLEL_SHARDS = 500;

export interface EncodeOptions {
  /** Worker pool for large blobs; without one (or for small blobs) encoding runs on this thread. */
  pool?: EncoderPool;
  /**
   * Blobs below this many bytes encode on this thread even with a pool, unless the shard count
   * alone makes the work large (n >= 500: hashing the n x n symbols costs the same whatever the
   * blob's size, ~0.3 s on one thread at n = 1000). Default 1 MiB.
   */
  parallelThreshold?: number;
  log?: Logger;
}

export interface BlobCommitment {
  blobId: Uint8Array;
  /** URL-safe base64 form of `blobId`. */
  blobIdText: string;
  /** Merkle root over the sliver-pair hashes. */
  rootHash: Uint8Array;
  metadata: BlobMetadata;
  params: EncodingParams;
  symbolSize: number;
}

export interface EncodedBlob extends BlobCommitment {
  /** Sliver pair p at index p (primary sliver p, secondary sliver n-1-p). */
  pairs: SliverPair[];
}

/**
 * Encodes `data` for `nShards` shards exactly as Walrus RS2 does.
 * Sliver data are views, not copies: primary slivers 0..k1-1 that `data` holds whole are views
 * into `data` itself (so they change if `data` is modified later), the other primary slivers
 * and the secondary slivers are views into large buffers; copy a sliver to keep it alive without
 * the rest.
 * @throws InvalidShardCountError, BlobTooLargeError, TypeError on bad input.
 */
export async function encodeBlob(
  data: Uint8Array,
  nShards: number,
  opts: EncodeOptions = {},
): Promise<EncodedBlob> {
  const { commitment, layout, bufs } = await encodeInto(data, nShards, opts, true);
  return { ...commitment, pairs: pairsFromBuffers(layout, bufs) };
}

/**
 * The blob ID and metadata of `data` (the same work as encoding, since every sliver hash covers
 * its fully expanded sliver, but the secondary slivers are not kept: less memory).
 * @throws InvalidShardCountError, BlobTooLargeError, TypeError on bad input.
 */
export async function computeBlobId(
  data: Uint8Array,
  nShards: number,
  opts: EncodeOptions = {},
): Promise<BlobCommitment> {
  return (await encodeInto(data, nShards, opts, false)).commitment;
}

async function encodeInto(
  data: Uint8Array,
  nShards: number,
  opts: EncodeOptions,
  keepSecondary: boolean,
): Promise<{ commitment: BlobCommitment; layout: EncodeLayout; bufs: EncodeBuffers }> {
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  const params = encodingParams(nShards);
  const symbolSize = symbolSizeFor(params, data.length);
  const layout: EncodeLayout = {
    nShards,
    k1: params.k1,
    k2: params.k2,
    symbolSize,
    blockRows: blockRowsFor(nShards, symbolSize),
    wholeRows: wholeRowsOf(params.k1, params.k2, symbolSize, data.length),
  };
  const log = (opts.log ?? silentLogger).child({ nShards, size: data.length });
  const started = performance.now();
  const parallel =
    opts.pool !== undefined &&
    (data.length >= (opts.parallelThreshold ?? 1 << 20) ||
      (opts.parallelThreshold === undefined && nShards >= PARALLEL_SHARDS));
  const bufs = allocateBuffers(layout, data, parallel, keepSecondary);
  if (parallel) await opts.pool!.encode(layout, bufs);
  else await encodeOnThisThread(layout, bufs);
  const metadata = metadataFromBuffers(params, data.length, bufs);
  const hash = await loadHashEngine();
  const rootHash = blobRoot(hash, metadata);
  const blobId = blobIdFromRoot(hash, ENCODING_TYPE_RS2, data.length, rootHash);
  log.debug({ ms: Math.round(performance.now() - started), parallel }, 'encoded blob');
  return {
    commitment: {
      blobId,
      blobIdText: blobIdToString(blobId),
      rootHash,
      metadata,
      params,
      symbolSize,
    },
    layout,
    bufs,
  };
}

/** Runs all encoding steps on this thread. */
export async function encodeOnThisThread(layout: EncodeLayout, bufs: EncodeBuffers): Promise<void> {
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  const { k1, k2, symbolSize: s } = layout;
  const step = columnsPerRange(layout);
  for (let c0 = 0; c0 < k2; c0 += step) {
    const c1 = Math.min(k2, c0 + step);
    const originals = scratch(0, k1 * (c1 - c0) * s);
    gatherColumns(layout, bufs, c0, c1, originals);
    expandPrimaryColumns(rs, layout, originals, c0, c1, bufs.parity);
  }
  for (let b = 0; b < blockCount(layout); b++) expandRowBlock(rs, hash, layout, bufs, b);
  rootsOfColumns(hash, layout, bufs, 0, layout.nShards);
}

function metadataFromBuffers(
  params: EncodingParams,
  length: number,
  bufs: EncodeBuffers,
): BlobMetadata {
  const n = params.nShards;
  const hashes = Array.from({ length: n }, (_, p) => ({
    primary: bufs.primaryHashes.slice(p * DIGEST_LEN, (p + 1) * DIGEST_LEN),
    secondary: bufs.secondaryHashes.slice((n - 1 - p) * DIGEST_LEN, (n - p) * DIGEST_LEN),
  }));
  return { encodingType: ENCODING_TYPE_RS2, unencodedLength: length, hashes };
}

function pairsFromBuffers(layout: EncodeLayout, bufs: EncodeBuffers): SliverPair[] {
  const { nShards: n, k1, symbolSize: s } = layout;
  return Array.from({ length: n }, (_, p) => {
    const j = n - 1 - p;
    return {
      pairIndex: p,
      primary: {
        axis: 'primary',
        index: p,
        symbolSize: s,
        data: primaryRow(layout, bufs, p),
      },
      secondary: {
        axis: 'secondary',
        index: j,
        symbolSize: s,
        data: bufs.secondary.subarray(j * k1 * s, (j + 1) * k1 * s),
      },
    };
  });
}
