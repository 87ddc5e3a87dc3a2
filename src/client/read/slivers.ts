/**
 * Fetching primary slivers for a read: nodes in random shard-weighted order, slivers verified
 * against the metadata on receipt, until k1 verified slivers are in. Each node is asked for all
 * the slivers wanted from it in one batched request (Floe's route; one request per sliver for a
 * node without it), and a batch is verified in one pass. Systematic slivers (index
 * < k1) are asked for first, in that same node order, because a blob decodes from them without
 * any arithmetic; the other slivers are the fallback when some of those do not come. A node that
 * fails to answer is not asked again during this read. A node that pauses the blob's reads for an
 * open challenge round (PROTOCOL.md section 7) has not failed: when too few slivers came because
 * of such pauses, the read waits (back-off) and asks those nodes again (`ChallengeWaitOptions`).
 */
import { InvalidSliverError } from '../../encoding/errors.ts';
import type { BlobMetadata } from '../../encoding/metadata.ts';
import { pairIndexForShard, shardForPairIndex } from '../../encoding/pairs.ts';
import type { EncodingParams } from '../../encoding/params.ts';
import { formatPairList, sliverBatchFromBcs } from '../../encoding/sliver-batch.ts';
import { sliverFromBcs, type Sliver } from '../../encoding/sliver.ts';
import { checkSliversAgainstMetadata, verifySliver } from '../../encoding/verify-sliver.ts';
import { FloeError } from '../../util/errors.ts';
import type { Logger } from '../../util/log.ts';
import { weightedShuffle, type CommitteeView, type MemberView } from '../committee.ts';
import { AbortedError, BlobChallengedError, NotEnoughSliversError } from '../errors.ts';
import type { StorageNodeClient } from '../node/node-client.ts';
import { NodeChallengeInProgressError, NodeNotFoundError } from '../node/node-errors.ts';
import type { ProgressListener } from '../types.ts';
import { sleep as abortableSleep, type Limiter } from '../util/concurrency.ts';

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
  challengeWait?: ChallengeWaitOptions;
}

/**
 * How a read waits while nodes pause the blob for an open challenge round. The timer only decides
 * when to ask again; the nodes decide when the blob is served. Defaults: 40 waits, 500 ms
 * doubling to 15 s (with jitter), about nine minutes in all; the read's AbortSignal ends it early.
 */
export interface ChallengeWaitOptions {
  /** Waits before giving up with `BlobChallengedError`; 0 fails at the first pause. */
  attempts?: number;
  initialMs?: number;
  maxMs?: number;
  /** Injected sleep; rejects with AbortedError when `signal` fires. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_CHALLENGE_WAIT = { attempts: 40, initialMs: 500, maxMs: 15_000 } as const;

interface Candidate {
  index: number;
  member: MemberView;
}

/**
 * Sliver bytes per batched read request: a node's share of a 1 MiB blob comes in one request,
 * and a 64 MiB blob's rows spread over several requests per node (so that they decode and
 * stream while later ones are on the way).
 */
export const READ_BATCH_BYTES = 4 << 20;

/** What one node returned for a list of primary slivers. */
interface NodeAnswer {
  slivers: Sliver[];
  /** The node sent something that does not verify (skip it for the rest of the read). */
  bad: boolean;
  /** The node pauses this blob's reads for an open challenge round (ask again later). */
  paused?: boolean;
}

/**
 * Returns k1 distinct verified primary slivers. Candidates are taken in order (systematic first,
 * nodes in random shard-weighted order), exactly as many as are still missing, and asked for in
 * one batch per node; when some do not come, the next candidates fill the gap. When candidates
 * ran out because nodes paused the blob for a challenge round, and those nodes hold enough of
 * the missing slivers, waits and asks them again.
 * @throws NotEnoughSliversError if every candidate was tried (and paused nodes could not make up
 *   the rest); BlobChallengedError if paused nodes still pause it after the wait budget;
 *   AbortedError if `signal` fires.
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
  const failedNodes = new Set<number>(already.failedNodes);
  const got: Sliver[] = [...already.slivers];
  let next = 0;
  // Nodes that paused the blob for a challenge round: asked again after a wait.
  const paused = new Set<number>();
  const wait = challengeWaitOf(opts.challengeWait);
  let waits = 0;
  const candidates = queue.length;
  // Waits (true) when the paused nodes alone hold enough of the missing slivers; otherwise
  // waiting cannot help this read (the other nodes failed) and it ends with what it has.
  const waitForPaused = async (): Promise<boolean> => {
    if (paused.size === 0 || opts.signal?.aborted) return false;
    const have = new Set(got.map((s) => s.index));
    const again = queue
      .slice(0, candidates)
      .filter((c) => paused.has(c.member.index) && !have.has(c.index));
    if (got.length + again.length < k1) return false;
    if (waits >= wait.attempts) throw new BlobChallengedError(input.blobIdText, waits);
    opts.onProgress?.({ phase: 'challenge-wait', done: waits + 1, total: wait.attempts });
    opts.log.debug({ paused: paused.size, waits }, 'nodes pause the blob for a challenge round');
    const backoff = Math.min(wait.maxMs, wait.initialMs * 2 ** Math.min(waits++, 30));
    await wait.sleep(Math.round(backoff * (0.75 + 0.5 * opts.random())), opts.signal);
    for (const index of paused) failedNodes.delete(index);
    paused.clear();
    queue.push(...again);
    return true;
  };
  while (got.length < k1 && (next < queue.length || (await waitForPaused()))) {
    // Take as many candidates as slivers are missing, skipping nodes that failed.
    const round = new Map<number, { member: MemberView; indices: number[] }>();
    let picked = 0;
    while (picked < k1 - got.length && next < queue.length) {
      const c = queue[next++];
      if (failedNodes.has(c.member.index)) continue;
      const entry = round.get(c.member.index) ?? { member: c.member, indices: [] };
      entry.indices.push(c.index);
      round.set(c.member.index, entry);
      picked++;
    }
    await Promise.all(
      [...round.values()].flatMap(({ member, indices }) =>
        chunked(indices, sliverBytes).map(async (chunk) => {
          const answer = await askNode(member, chunk, input, opts);
          if (answer.bad) failedNodes.add(member.index);
          if (answer.paused) paused.add(member.index);
          for (const sliver of answer.slivers) {
            if (got.length >= k1) break;
            got.push(sliver);
          }
          opts.onProgress?.({
            phase: 'download',
            done: got.length * sliverBytes,
            total: k1 * sliverBytes,
          });
        }),
      ),
    );
  }
  if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
  if (got.length < k1) throw new NotEnoughSliversError(input.blobIdText, k1, got.length);
  return got;
}

/** The wait options with defaults, checked. */
function challengeWaitOf(o: ChallengeWaitOptions | undefined): Required<ChallengeWaitOptions> {
  const w = { ...DEFAULT_CHALLENGE_WAIT, sleep: abortableSleep, ...o };
  if (!Number.isInteger(w.attempts) || w.attempts < 0)
    throw new RangeError(
      `challengeWait.attempts must be a non-negative integer, got ${w.attempts}`,
    );
  if (!(w.initialMs > 0) || !(w.maxMs >= w.initialMs))
    throw new RangeError(
      'challengeWait.initialMs must be positive and at most challengeWait.maxMs',
    );
  return w;
}

/**
 * Fetches the systematic primary slivers 0..rows-1 (the rows of the blob that hold data), from
 * the nodes whose shards store them, in batches per node, verified against the metadata. Returns
 * those that arrived and the nodes that failed, so that a caller missing some can go on with
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
  const byMember = new Map<number, { member: MemberView; indices: number[] }>();
  for (let index = 0; index < rows; index++) {
    const member = committee.members[committee.shardOwner[shardForPairIndex(index, blobId, n)]];
    if (member === undefined) continue;
    const entry = byMember.get(member.index) ?? { member, indices: [] };
    entry.indices.push(index);
    byMember.set(member.index, entry);
  }
  // Lower rows first across nodes, so that a stream can start with row 0.
  const requests = [...byMember.values()]
    .flatMap(({ member, indices }) =>
      chunked(indices, sliverBytes).map((chunk) => ({ member, chunk })),
    )
    .sort((a, b) => a.chunk[0] - b.chunk[0]);
  await Promise.all(
    requests.map(async ({ member, chunk }) => {
      if (failedNodes.has(member.index)) return;
      const answer = await askNode(member, chunk, input, opts);
      // A node pausing the blob for a challenge round is asked again by the fallback.
      if (answer.bad && !answer.paused) failedNodes.add(member.index);
      for (const sliver of answer.slivers) {
        slivers.push(sliver);
        onRow?.(sliver);
      }
      opts.onProgress?.({
        phase: 'download',
        done: slivers.length * sliverBytes,
        total: rows * sliverBytes,
      });
    }),
  );
  if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
  return { slivers, failedNodes };
}

/** `indices` in runs of at most READ_BATCH_BYTES worth of slivers (at least one each). */
function chunked(indices: readonly number[], sliverBytes: number): number[][] {
  const per = Math.max(1, Math.floor(READ_BATCH_BYTES / Math.max(1, sliverBytes)));
  const out: number[][] = [];
  for (let i = 0; i < indices.length; i += per) out.push(indices.slice(i, i + per));
  return out;
}

/**
 * Asks `member` for the primary slivers `indices` in one batched request (one request per
 * sliver from a node without Floe's batch route) and keeps those that verify. Never throws but
 * for an abort: a node that fails to answer, or answers with slivers that were not asked for or
 * do not verify, is reported as bad.
 */
async function askNode(
  member: MemberView,
  indices: readonly number[],
  input: FetchSliversInput,
  opts: FetchSliversOptions,
): Promise<NodeAnswer> {
  const signal = opts.signal;
  try {
    const bytes = await opts.limiter.run(() =>
      opts.nodes.getSliverBatch(member.url, input.blobIdText, 'primary', formatPairList(indices), {
        signal,
      }),
    );
    const asked = new Set(indices);
    const parsed = sliverBatchFromBcs(bytes, indices.length).map((b) => b.sliver);
    for (const sliver of parsed) {
      if (sliver.axis !== 'primary' || !asked.delete(sliver.index)) {
        throw new InvalidSliverError(
          `asked ${member.name} for primary slivers ${formatPairList(indices)}, got ${sliver.axis} ${sliver.index}`,
        );
      }
    }
    const ok = await checkSliversAgainstMetadata(input.metadata, parsed);
    const slivers = parsed.filter((_, i) => ok[i]);
    if (slivers.length < parsed.length) {
      opts.log.debug(
        { node: member.name, bad: parsed.length - slivers.length },
        'slivers failed verification',
      );
    }
    return { slivers, bad: slivers.length < parsed.length };
  } catch (err) {
    if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
    if (err instanceof NodeNotFoundError) return askOneByOne(member, indices, input, opts);
    if (err instanceof NodeChallengeInProgressError)
      return { slivers: [], bad: true, paused: true };
    opts.log.debug(
      { node: member.name, slivers: formatPairList(indices), err: (err as Error)?.message },
      'sliver batch fetch failed',
    );
    return { slivers: [], bad: true };
  }
}

/** The single-sliver fallback of {@link askNode} (Walrus's route), one request after another. */
async function askOneByOne(
  member: MemberView,
  indices: readonly number[],
  input: FetchSliversInput,
  opts: FetchSliversOptions,
): Promise<NodeAnswer> {
  const slivers: Sliver[] = [];
  for (const index of indices) {
    try {
      slivers.push(
        await opts.limiter.run(() => fetchOne({ index, member }, input, opts, opts.signal)),
      );
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortedError({ cause: opts.signal.reason });
      // A node that simply lacks a sliver may still have the others.
      if (err instanceof FloeError && err.code === 'NODE_NOT_FOUND') continue;
      if (err instanceof NodeChallengeInProgressError) return { slivers, bad: true, paused: true };
      opts.log.debug(
        { node: member.name, sliver: index, err: (err as Error)?.message },
        'sliver fetch failed',
      );
      return { slivers, bad: true };
    }
  }
  return { slivers, bad: false };
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
