/**
 * Fetching primary slivers for a read: nodes in random shard-weighted order, each sliver verified
 * against the metadata on receipt, until k1 verified slivers are in. Systematic slivers (index
 * < k1) are asked for first, in that same node order, because a blob decodes from them without
 * any arithmetic; the other slivers are the fallback when some of those do not come. A node that
 * fails to answer is not asked again during this read.
 */
import { InvalidSliverError } from '../../encoding/errors.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { pairIndexForShard, shardForPairIndex } from '../../encoding/pairs.ts';
import type { EncodingParams } from '../../encoding/params.ts';
import { sliverFromBcs, type Sliver } from '../../encoding/sliver.ts';
import { verifySliver } from '../../encoding/verify-sliver.ts';
import { FloeError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { weightedShuffle, type CommitteeView, type MemberView } from '../committee.ts';
import { AbortedError, NotEnoughSliversError } from '../errors.ts';
import type { StorageNodeClient } from '../node/node-client.ts';
import type { ProgressListener } from '../types.ts';
import type { Limiter } from '../util/concurrency.ts';

export interface FetchSliversInput {
  committee: CommitteeView;
  params: EncodingParams;
  metadata: BlobMetadata;
  blobId: Uint8Array;
  blobIdText: string;
  symbolSize: number;
}

export interface FetchSliversOptions {
  nodes: StorageNodeClient;
  limiter: Limiter;
  random: () => number;
  log: Logger;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

interface Candidate {
  index: number;
  member: MemberView;
}

/**
 * Returns k1 distinct verified primary slivers.
 * @throws NotEnoughSliversError if every candidate was tried; AbortedError if `signal` fires.
 */
export async function fetchPrimarySlivers(
  input: FetchSliversInput,
  opts: FetchSliversOptions,
  already: { slivers: readonly Sliver[]; failedNodes: ReadonlySet<number> } = {
    slivers: [],
    failedNodes: new Set(),
  },
): Promise<Sliver[]> {
  const { committee, params, blobId } = input;
  const k1 = params.k1;
  const have = new Set(already.slivers.map((s) => s.index));
  const order = weightedShuffle(committee.members, opts.random);
  const systematic: Candidate[] = [];
  const repair: Candidate[] = [];
  for (const member of order) {
    const owned = member.shards.map((shard) => pairIndexForShard(shard, blobId, committee.nShards));
    for (const index of owned.sort((a, b) => a - b)) {
      if (!have.has(index)) (index < k1 ? systematic : repair).push({ index, member });
    }
  }
  const queue = [...systematic, ...repair];
  const sliverBytes = params.k2 * input.symbolSize;
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const failedNodes = new Set<number>(already.failedNodes);
  const got: Sliver[] = [...already.slivers];
  let next = 0;
  let lastError: unknown;

  const worker = async (): Promise<void> => {
    while (got.length < k1 && next < queue.length) {
      const c = queue[next++];
      if (failedNodes.has(c.member.index)) continue;
      try {
        const sliver = await opts.limiter.run(() => fetchOne(c, input, opts, signal));
        if (got.length < k1) {
          got.push(sliver);
          opts.onProgress?.({
            phase: 'download',
            done: got.length * sliverBytes,
            total: k1 * sliverBytes,
          });
        }
      } catch (err) {
        if (signal.aborted) return;
        lastError = err;
        // A node that serves a bad sliver or is down is skipped for the rest of this read.
        if (!(err instanceof FloeError) || err.code !== 'NODE_NOT_FOUND')
          failedNodes.add(c.member.index);
        opts.log.debug(
          { node: c.member.name, sliver: c.index, err: (err as Error)?.message },
          'sliver fetch failed',
        );
      }
    }
  };
  // Ask for exactly as many as still missing; each failure pulls in the next candidate.
  const width = Math.max(0, Math.min(k1 - got.length, queue.length));
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    stop.abort(new Error('read finished'));
  }
  if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
  if (got.length < k1)
    throw new NotEnoughSliversError(input.blobIdText, k1, got.length, { cause: lastError });
  return got;
}

/**
 * Fetches the systematic primary slivers 0..rows-1 (the rows of the blob that hold data), each
 * from the one node whose shard stores it, verified against the metadata. Returns those that
 * arrived and the nodes that failed, so that a caller missing some can go on with
 * `fetchPrimarySlivers`.
 */
export async function fetchDataRows(
  input: FetchSliversInput,
  opts: FetchSliversOptions,
  rows: number,
  onRow?: (sliver: Sliver) => void,
): Promise<{ slivers: Sliver[]; failedNodes: Set<number> }> {
  const { committee, blobId } = input;
  const n = committee.nShards;
  const failedNodes = new Set<number>();
  const slivers: Sliver[] = [];
  const sliverBytes = input.params.k2 * input.symbolSize;
  await Promise.all(
    Array.from({ length: rows }, async (_, index) => {
      const member = committee.members[committee.shardOwner[shardForPairIndex(index, blobId, n)]];
      if (member === undefined || failedNodes.has(member.index)) return;
      try {
        const sliver = await opts.limiter.run(() =>
          fetchOne({ index, member }, input, opts, opts.signal),
        );
        slivers.push(sliver);
        onRow?.(sliver);
        opts.onProgress?.({
          phase: 'download',
          done: slivers.length * sliverBytes,
          total: rows * sliverBytes,
        });
      } catch (err) {
        if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
        if (!(err instanceof FloeError) || err.code !== 'NODE_NOT_FOUND')
          failedNodes.add(member.index);
        opts.log.debug(
          { node: member.name, sliver: index, err: (err as Error)?.message },
          'row fetch failed',
        );
      }
    }),
  );
  return { slivers, failedNodes };
}

async function fetchOne(
  c: Candidate,
  input: FetchSliversInput,
  opts: FetchSliversOptions,
  signal: AbortSignal | undefined,
): Promise<Sliver> {
  const bytes = await opts.nodes.getSliver(c.member.url, input.blobIdText, c.index, 'primary', {
    signal,
  });
  const sliver = sliverFromBcs(bytes, 'primary');
  if (sliver.index !== c.index) {
    throw new InvalidSliverError(
      `asked ${c.member.name} for primary sliver ${c.index}, got ${sliver.index}`,
    );
  }
  await verifySliver(input.metadata, sliver);
  return sliver;
}
