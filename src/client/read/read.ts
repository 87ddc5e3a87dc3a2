/**
 * The read flow (PROTOCOL.md section 3): the chain says whether the blob exists, is certified,
 * invalid or expired; metadata comes from any node and is checked against the blob ID; primary
 * slivers come from nodes in random shard-weighted order until k1 verified ones are in; then
 * decode with the default (re-hash systematic slivers) or strict (re-encode) check.
 */
import { blobIdFromString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { decodeBlob } from '../../encoding/decode.ts';
import { InconsistentEncodingError, InvalidMetadataError } from '../../encoding/errors.ts';
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
import {
  fetchDataRows,
  fetchPrimarySlivers,
  type ChallengeWaitOptions,
  type FetchSliversInput,
  type FetchSliversOptions,
} from './slivers.ts';
import { encodeBlob } from '../../encoding/encode.ts';
import type { Sliver } from '../../encoding/sliver.ts';
import type { Logger } from '../../util/log.ts';

export interface ReadOptions {
  /** Re-encode the result and compare blob IDs instead of re-hashing systematic slivers. */
  strict?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Waiting while nodes pause the blob for a challenge round (see slivers.ts for defaults). */
  challengeWait?: ChallengeWaitOptions;
}

/** What every read needs before fetching slivers. */
interface PreparedRead {
  blobId: Uint8Array;
  blobIdText: string;
  input: FetchSliversInput;
  fetchOpts: FetchSliversOptions;
  /** Rows of the message matrix that hold data: systematic slivers 0..rows-1. */
  rows: number;
  rowBytes: number;
  size: number;
  log: Logger;
}

/**
 * Checks the chain (exists, certified, not invalid, not expired), picks the committee and fetches
 * verified metadata.
 */
async function prepareRead(
  ctx: ClientContext,
  blobIdText: string,
  opts: ReadOptions,
): Promise<PreparedRead> {
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
  const rowBytes = params.k2 * symbolSize;
  return {
    blobId,
    blobIdText,
    input: { committee, params, metadata, blobId, blobIdText, symbolSize },
    fetchOpts: {
      nodes: ctx.nodes,
      limiter: ctx.limiter,
      random: ctx.random,
      log,
      signal,
      onProgress: opts.onProgress,
      ...(opts.challengeWait ? { challengeWait: opts.challengeWait } : {}),
    },
    rows: Math.ceil(metadata.unencodedLength / rowBytes),
    rowBytes,
    size: metadata.unencodedLength,
    log,
  };
}

/**
 * Reads and checks a blob. The systematic slivers that hold the blob's bytes are fetched first,
 * each verified against the metadata (which is what the default check asks of them); only when
 * some of them cannot be had does the read fall back to any k1 primary slivers and decode.
 * @throws InvalidInputError (INVALID_BLOB_ID) for a malformed ID; BlobNotFoundError if no
 *   certified Blob object carries it; BlobExpiredError if all have expired; BlobInvalidError if
 *   it was invalidated or fails the consistency check; NotEnoughSliversError /
 *   NoValidMetadataError when too few nodes answer; BlobChallengedError when nodes still pause
 *   the blob for a challenge round after `challengeWait`; AbortedError when `signal` fires.
 */
export async function readBlob(
  ctx: ClientContext,
  blobIdText: string,
  opts: ReadOptions = {},
): Promise<Uint8Array> {
  const read = await prepareRead(ctx, blobIdText, opts);
  const first = await fetchDataRows(read.input, read.fetchOpts, read.rows);
  let data: Uint8Array;
  if (first.slivers.length === read.rows) {
    data = joinRows(first.slivers, read.rowBytes, read.size);
    if (opts.strict) await strictCheck(ctx, read, data);
  } else {
    data = await decodeFallback(ctx, read, first, opts.strict ?? false);
  }
  opts.onProgress?.({ phase: 'decode', done: 1, total: 1 });
  return data;
}

/** A blob as a stream of verified chunks, in order, and its length (known before any byte). */
export interface BlobStream {
  size: number;
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * Like `readBlob` with the default check, but yields each data row as soon as it and every row
 * before it are verified, so the first bytes go out before the last sliver arrived. Chain and
 * metadata failures are thrown before it returns; a failure while streaming ends the iteration
 * with that error.
 */
export async function readBlobStream(
  ctx: ClientContext,
  blobIdText: string,
  opts: Omit<ReadOptions, 'strict'> = {},
): Promise<BlobStream> {
  const read = await prepareRead(ctx, blobIdText, opts);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const ready = new Map<number, Sliver>();
    let next = 0;
    let wake: (() => void) | undefined;
    const fetching = fetchDataRows(read.input, read.fetchOpts, read.rows, (sliver) => {
      ready.set(sliver.index, sliver);
      wake?.();
    });
    let first: Awaited<typeof fetching> | undefined;
    void fetching.then(
      (r) => ((first = r), wake?.()),
      () => wake?.(),
    );
    const rowChunk = (sliver: Sliver, row: number) =>
      sliver.data.subarray(0, Math.min(read.rowBytes, read.size - row * read.rowBytes));
    while (next < read.rows) {
      const sliver = ready.get(next);
      if (sliver) {
        ready.delete(next);
        yield rowChunk(sliver, next++);
        continue;
      }
      if (first !== undefined) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      // Surfaces a failure (abort) of the row fetches.
      if (first === undefined) await Promise.race([fetching, Promise.resolve()]);
    }
    if (next < read.rows) {
      const done = await fetching;
      const data = await decodeFallback(ctx, read, done, false);
      yield data.subarray(next * read.rowBytes);
    }
  }
  return { size: read.size, chunks: chunks() };
}

/** Decodes from any k1 verified primary slivers, starting from those already fetched. */
async function decodeFallback(
  ctx: ClientContext,
  read: PreparedRead,
  already: { slivers: Sliver[]; failedNodes: Set<number> },
  strict: boolean,
): Promise<Uint8Array> {
  const slivers = await fetchPrimarySlivers(read.input, read.fetchOpts, already);
  throwIfAborted(read.fetchOpts.signal);
  read.fetchOpts.onProgress?.({ phase: 'decode', done: 0, total: 1 });
  try {
    return await decodeBlob(read.input.metadata, slivers, {
      check: strict ? 'strict' : 'default',
      encode: { pool: ctx.encoderPool, log: read.log },
    });
  } catch (err) {
    if (err instanceof InconsistentEncodingError) {
      throw new BlobInvalidError(
        read.blobIdText,
        `blob ${read.blobIdText} is inconsistently encoded: ${err.message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** The blob from its data rows (systematic slivers 0..rows-1), cut to its length. */
function joinRows(slivers: readonly Sliver[], rowBytes: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (const s of slivers) {
    const at = s.index * rowBytes;
    out.set(s.data.subarray(0, Math.min(rowBytes, size - at)), at);
  }
  return out;
}

/** Strict check: re-encoding the bytes must give the blob ID. */
async function strictCheck(
  ctx: ClientContext,
  read: PreparedRead,
  data: Uint8Array,
): Promise<void> {
  read.fetchOpts.onProgress?.({ phase: 'decode', done: 0, total: 1 });
  const again = await encodeBlob(data, read.input.params.nShards, {
    pool: ctx.encoderPool,
    log: read.log,
  });
  if (!bytesEqual(again.blobId, read.blobId)) {
    throw new BlobInvalidError(
      read.blobIdText,
      `blob ${read.blobIdText} is inconsistently encoded: its bytes re-encode to ${again.blobIdText}`,
    );
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
        throw new InvalidMetadataError('the node sent metadata of another blob');
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
