/**
 * Public decoding API (PROTOCOL.md section 3, read path).
 *
 *   decodeBlob(metadata, primarySlivers, opts?)            -> Promise<Uint8Array>  (any k1 primary)
 *   decodeBlobFromSecondary(metadata, secondarySlivers, opts?) -> Promise<Uint8Array> (any k2 secondary)
 *
 * Checks (`opts.check`): 'default' re-hashes the k1 systematic primary slivers of the result
 * against the metadata; 'strict' re-encodes the result and compares blob IDs; 'none' trusts the
 * input slivers (verify them on receipt with verify-sliver.ts).
 */
import { bytesEqual } from './merkle.ts';
import { blobIdToString } from './blob-id.ts';
import { InconsistentEncodingError, NotEnoughSliversError } from './errors.ts';
import { encodeBlob, type EncodeOptions } from './encode.ts';
import { sliverHashes, transposeSymbols } from './expand.ts';
import { DIGEST_LEN, loadHashEngine } from './hash.ts';
import {
  blobIdFromMetadata,
  checkMetadataShape,
  verifyMetadata,
  type BlobMetadata,
} from './metadata.ts';
import { encodingParams, symbolSizeFor, type EncodingParams } from './params.ts';
import { loadRsEngine } from './rs.ts';
import { checkSliver, type Sliver, type SliverAxis } from './sliver.ts';
import { expectedSliverHash } from './verify-sliver.ts';

export type ConsistencyCheck = 'default' | 'strict' | 'none';

export interface DecodeOptions {
  /** Default 'default'. */
  check?: ConsistencyCheck;
  /** When given, the metadata is first checked against this blob ID. */
  blobId?: Uint8Array;
  /** Used by the strict check's re-encoding. */
  encode?: EncodeOptions;
}

/**
 * Decodes a blob from at least k1 distinct primary slivers (extra ones are ignored).
 * @throws InvalidMetadataError if `opts.blobId` is given and does not match the metadata.
 * @throws InvalidSliverError if a sliver has the wrong axis, index, symbol size or length.
 * @throws NotEnoughSliversError with fewer than k1 distinct sliver indices.
 * @throws InconsistentEncodingError if the chosen check fails.
 */
export async function decodeBlob(
  metadata: BlobMetadata,
  slivers: readonly Sliver[],
  opts: DecodeOptions = {},
): Promise<Uint8Array> {
  return decodeAxis(metadata, slivers, 'primary', opts);
}

/** Like `decodeBlob`, from at least k2 distinct secondary slivers. */
export async function decodeBlobFromSecondary(
  metadata: BlobMetadata,
  slivers: readonly Sliver[],
  opts: DecodeOptions = {},
): Promise<Uint8Array> {
  return decodeAxis(metadata, slivers, 'secondary', opts);
}

async function decodeAxis(
  metadata: BlobMetadata,
  slivers: readonly Sliver[],
  axis: SliverAxis,
  opts: DecodeOptions,
): Promise<Uint8Array> {
  checkMetadataShape(metadata);
  const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
  if (opts.blobId !== undefined) verifyMetadata(hash, opts.blobId, metadata);
  const params = encodingParams(metadata.hashes.length);
  const s = symbolSizeFor(params, metadata.unencodedLength);
  const { nShards: n, k1, k2 } = params;
  const k = axis === 'primary' ? k1 : k2;
  const cols = axis === 'primary' ? k2 : k1;
  const chosen = pickDistinct(params, s, slivers, axis, k);
  const shardLen = cols * s;
  const originals = new Uint8Array(k * shardLen);
  if (chosen.every((sliver, i) => sliver.index === i)) {
    // All systematic (pickDistinct sorts by index): the slivers are the originals, no arithmetic.
    chosen.forEach((sliver, i) => originals.set(sliver.data, i * shardLen));
  } else {
    const shards = new Uint8Array(k * shardLen);
    chosen.forEach((sliver, i) => shards.set(sliver.data, i * shardLen));
    rs.decode(
      k,
      n - k,
      s,
      cols,
      shards,
      chosen.map((c) => c.index),
      originals,
    );
  }
  let matrix = originals;
  if (axis === 'secondary') {
    // Originals are the k2 columns of the message; the blob is its rows.
    matrix = new Uint8Array(k1 * k2 * s);
    transposeSymbols(originals, k2, k1, s, matrix);
  }
  const blob = matrix.subarray(0, metadata.unencodedLength);
  await runCheck(opts.check ?? 'default', params, s, metadata, matrix, blob, opts);
  return blob;
}

function pickDistinct(
  params: EncodingParams,
  s: number,
  slivers: readonly Sliver[],
  axis: SliverAxis,
  k: number,
): Sliver[] {
  if (!Array.isArray(slivers)) throw new TypeError('slivers must be an array');
  const byIndex = new Map<number, Sliver>();
  for (const sliver of slivers) {
    checkSliver(params, s, sliver, axis);
    if (!byIndex.has(sliver.index)) byIndex.set(sliver.index, sliver);
  }
  if (byIndex.size < k) throw new NotEnoughSliversError(`${axis} slivers`, k, byIndex.size);
  // Systematic slivers first: they need no arithmetic.
  return [...byIndex.values()].sort((a, b) => a.index - b.index).slice(0, k);
}

async function runCheck(
  check: ConsistencyCheck,
  params: EncodingParams,
  s: number,
  metadata: BlobMetadata,
  matrix: Uint8Array,
  blob: Uint8Array,
  opts: DecodeOptions,
): Promise<void> {
  if (check === 'none') return;
  if (check === 'default') {
    // The k1 rows of the message matrix are the systematic primary slivers, already contiguous.
    const [rs, hash] = await Promise.all([loadRsEngine(), loadHashEngine()]);
    const roots = sliverHashes(rs, hash, params.k2, params.nShards, s, matrix, params.k1);
    const hashes = Array.from({ length: params.k1 }, (_, i) =>
      roots.subarray(i * DIGEST_LEN, (i + 1) * DIGEST_LEN),
    );
    const bad = hashes.findIndex(
      (h, i) => !bytesEqual(h, expectedSliverHash(metadata, 'primary', i)),
    );
    if (bad >= 0)
      throw new InconsistentEncodingError(
        `decoded primary sliver ${bad} does not match the metadata`,
      );
    return;
  }
  if (check === 'strict') {
    const hash = await loadHashEngine();
    const expected = opts.blobId ?? blobIdFromMetadata(hash, metadata);
    const again = await encodeBlob(blob, params.nShards, opts.encode);
    if (!bytesEqual(again.blobId, expected)) {
      throw new InconsistentEncodingError(
        `re-encoding the decoded blob gives ${again.blobIdText}, expected ${blobIdToString(expected)}`,
      );
    }
    return;
  }
  throw new RangeError(`unknown consistency check ${String(check)}`);
}
