/**
 * The read flow (PROTOCOL.md section 3): the chain says whether the blob exists, is certified,
 * invalid or expired; metadata comes from any node and is checked against the blob ID; primary
 * slivers come from nodes in random shard-weighted order until k1 verified ones are in; then
 * decode with the default (re-hash systematic slivers) or strict (re-encode) check.
 */
import { blobIdFromString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { decodeBlob } from '../../encoding/decode.ts';
import { InconsistentEncodingError } from '../../encoding/errors.ts';
import { loadHashEngine } from '../../encoding/hash.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import {
  metadataWithIdFromBcs,
  verifyMetadata,
  type BlobMetadata,
} from '../../encoding/metadata.ts';
import { encodingParams, symbolSizeFor } from '../../encoding/params.ts';
import type { ClientContext } from '../context.ts';
import { weightedShuffle, type CommitteeView } from '../committee.ts';
import {
  AbortedError,
  BlobExpiredError,
  BlobInvalidError,
  BlobNotFoundError,
  NoValidMetadataError,
  throwIfAborted,
} from '../errors.ts';
import type { ProgressListener } from '../types.ts';
import { fetchPrimarySlivers } from './slivers.ts';

export interface ReadOptions {
  /** Re-encode the result and compare blob IDs instead of re-hashing systematic slivers. */
  strict?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * Reads and checks a blob.
 * @throws InvalidInputError (INVALID_BLOB_ID) for a malformed ID; BlobNotFoundError if no
 *   certified Blob object carries it; BlobExpiredError if all have expired; BlobInvalidError if
 *   it was invalidated or fails the consistency check; NotEnoughSliversError /
 *   NoValidMetadataError when too few nodes answer; AbortedError when `signal` fires.
 */
export async function readBlob(
  ctx: ClientContext,
  blobIdText: string,
  opts: ReadOptions = {},
): Promise<Uint8Array> {
  const blobId = blobIdFromString(blobIdText);
  const signal = opts.signal;
  throwIfAborted(signal);
  const u256 = blobIdToU256(blobId);
  const [state, invalid, objects] = await Promise.all([
    ctx.chain.getSystemState(),
    ctx.chain.isBlobIdInvalid(u256),
    ctx.chain.getBlobsByBlobId(u256),
  ]);
  if (invalid)
    throw new BlobInvalidError(blobIdText, `blob ${blobIdText} was marked invalid on chain`);
  const certified = objects.filter((b) => b.certifiedEpoch !== null);
  if (certified.length === 0) throw new BlobNotFoundError(blobIdText);
  const endEpoch = Math.max(...certified.map((b) => b.storage.endEpoch));
  if (endEpoch <= state.epoch) throw new BlobExpiredError(blobIdText, endEpoch, state.epoch);

  // While an epoch change is syncing, the previous committee still serves older blobs.
  const epoch =
    state.epochState.kind === 'Syncing' && state.epoch > 1 ? state.epoch - 1 : state.epoch;
  const committee = await ctx.committee(epoch);
  const log = ctx.log.child({ blobId: blobIdText, epoch });

  opts.onProgress?.({ phase: 'metadata', done: 0, total: 1 });
  const metadata = await fetchMetadata(ctx, committee, blobId, blobIdText, signal);
  opts.onProgress?.({ phase: 'metadata', done: 1, total: 1 });
  const params = encodingParams(metadata.hashes.length);
  const symbolSize = symbolSizeFor(params, metadata.unencodedLength);
  const slivers = await fetchPrimarySlivers(
    { committee, params, metadata, blobId, blobIdText, symbolSize },
    {
      nodes: ctx.nodes,
      limiter: ctx.limiter,
      random: ctx.random,
      log,
      signal,
      onProgress: opts.onProgress,
    },
  );
  throwIfAborted(signal);
  opts.onProgress?.({ phase: 'decode', done: 0, total: 1 });
  try {
    const data = await decodeBlob(metadata, slivers, {
      check: opts.strict ? 'strict' : 'default',
      encode: { pool: ctx.encoderPool, log },
    });
    opts.onProgress?.({ phase: 'decode', done: 1, total: 1 });
    return data;
  } catch (err) {
    if (err instanceof InconsistentEncodingError) {
      throw new BlobInvalidError(
        blobIdText,
        `blob ${blobIdText} is inconsistently encoded: ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * Metadata from the first node (random shard-weighted order) whose answer verifies against the
 * blob ID; a node that answers badly or not at all just moves the read on to the next one.
 * @throws NoValidMetadataError if none does.
 */
export async function fetchMetadata(
  ctx: ClientContext,
  committee: CommitteeView,
  blobId: Uint8Array,
  blobIdText: string,
  signal?: AbortSignal,
): Promise<BlobMetadata> {
  const hash = await loadHashEngine();
  let lastError: unknown;
  for (const member of weightedShuffle(committee.members, ctx.random)) {
    throwIfAborted(signal);
    try {
      const bytes = await ctx.nodes.getMetadata(member.url, blobIdText, { signal });
      const parsed = metadataWithIdFromBcs(bytes);
      if (!bytesEqual(parsed.blobId, blobId))
        throw new Error(`node sent metadata for another blob`);
      verifyMetadata(hash, blobId, parsed.metadata);
      return parsed.metadata;
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      lastError = err;
      ctx.log.debug(
        { node: member.name, err: (err as Error)?.message },
        'metadata from node rejected',
      );
    }
  }
  throw new NoValidMetadataError(blobIdText, { cause: lastError });
}
