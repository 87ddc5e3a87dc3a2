/**
 * The upload step of a store: metadata and every sliver pair to the node that holds its shard,
 * all nodes in parallel under one request limiter, then each node's signed confirmation. It
 * returns as soon as confirmations of quorum weight are in plus a short grace for stragglers;
 * it never waits for every node. The grace timer only decides when to stop waiting: which
 * confirmations count is decided by their signatures alone.
 */
import { pairIndexForShard } from '../../encoding/pairs.ts';
import { sliverBatchToBcs } from '../../encoding/sliver-batch.ts';
import { sliverToBcs, type Sliver, type SliverPair } from '../../encoding/sliver.ts';
import type { Logger } from '../../util/log.ts';
import { quorumWeight, type CommitteeView, type MemberView } from '../committee.ts';
import { AbortedError, NotEnoughConfirmationsError } from '../errors.ts';
import type { StorageNodeClient } from '../node/node-client.ts';
import { NodeNotFoundError, NodeNotReadyError } from '../node/node-errors.ts';
import type { FloeError } from '../../util/errors.ts';
import type { ProgressListener } from '../types.ts';
import { ByteBudget, withRetry, type Limiter } from '../util/concurrency.ts';
import {
  buildCertificate,
  confirmationMatches,
  type BuiltCertificate,
  type CollectedConfirmation,
} from './certificate.ts';

/**
 * Sliver bytes per batched upload: large enough that a 1 MiB blob goes to each node in one
 * request, small enough that a few batches in flight stay far below the nodes' 16 MiB body
 * limit and that a 64 MiB blob still spreads over several requests per node.
 */
export const DEFAULT_BATCH_BYTES = 4 << 20;

/**
 * Sliver bytes a store has on the wire at once. Batches queue for it in the order their nodes
 * got the metadata, so the first nodes get all of their share (and can confirm) before the last
 * ones get theirs, rather than every node receiving and checking a little of its share at once:
 * with limited upload bandwidth (or nodes sharing CPUs, as on a local network) the quorum is in
 * sooner, and the client holds at most this much in request bodies.
 */
export const UPLOAD_BYTES_IN_FLIGHT = 32 << 20;

export interface UploadInput {
  committee: CommitteeView;
  blobId: Uint8Array;
  blobIdText: string;
  metadataBcs: Uint8Array;
  pairs: readonly SliverPair[];
  /** Object ID of the Blob for deletable blobs (selects the deletable confirmation), else null. */
  deletableObjectId: string | null;
  /** The exact intent-1 message every confirmation must carry. */
  expectedMessage: Uint8Array;
}

export interface UploadOptions {
  nodes: StorageNodeClient;
  limiter: Limiter;
  /**
   * How long to keep waiting for stragglers once quorum weight is in: the larger of `graceMs`
   * and `graceFactor` times the time it took to reach quorum (a slow network gets a longer tail).
   */
  graceMs: number;
  graceFactor: number;
  /** Injected clock (ms) for the relative grace. */
  now: () => number;
  /**
   * Receives the uploads still running when the certificate is ready: they go on in the
   * background (so that slow nodes get their slivers without having to recover them) and the
   * caller decides how long to keep them. Without it they are stopped at once.
   */
  onStragglers?: (remaining: Promise<void>, stop: () => void) => void;
  /**
   * Sliver bytes per batched upload request; keep it well under the nodes' body limit (16 MiB
   * by default). Default {@link DEFAULT_BATCH_BYTES}.
   */
  batchBytes?: number;
  /** Attempts per request for retryable failures (a node not yet synced, a dropped connection). */
  attempts: number;
  log: Logger;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * Uploads to every member and aggregates the confirmations.
 * @throws NotEnoughConfirmationsError when every node has answered or failed below quorum;
 *   AbortedError when `signal` fires.
 */
export function uploadAndCertify(
  input: UploadInput,
  opts: UploadOptions,
): Promise<BuiltCertificate> {
  const { committee } = input;
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const inFlight = new ByteBudget(UPLOAD_BYTES_IN_FLIGHT);
  const quorum = quorumWeight(committee.nShards);
  const collected: CollectedConfirmation[] = [];
  const totalBytes = input.pairs.reduce(
    (t, p) => t + p.primary.data.length + p.secondary.data.length,
    0,
  );
  let sentBytes = 0;
  const progress = (bytes: number) => {
    sentBytes += bytes;
    opts.onProgress?.({ phase: 'upload', done: sentBytes, total: totalBytes });
  };

  opts.onProgress?.({ phase: 'upload', done: 0, total: totalBytes });
  const started = opts.now();
  return new Promise<BuiltCertificate>((resolve, reject) => {
    let pending = committee.members.length;
    let weight = 0;
    let graceTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const tasks: Promise<unknown>[] = [];
    const settle = (fn: () => void, keepStragglers = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      opts.signal?.removeEventListener('abort', onCallerAbort);
      const halt = () => stop.abort(new Error('store finished'));
      if (keepStragglers && pending > 0 && opts.onStragglers) {
        opts.onStragglers(
          Promise.allSettled(tasks).then(() => undefined),
          halt,
        );
      } else halt();
      fn();
    };
    const onCallerAbort = () =>
      settle(() => reject(new AbortedError({ cause: opts.signal?.reason })));
    if (opts.signal?.aborted) return onCallerAbort();
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true });

    /** Tries to finish; `final` = no node can still answer. */
    const tryFinish = (final: boolean) => {
      if (settled) return;
      const cert = buildCertificate(committee, input.expectedMessage, collected);
      if (cert !== null) return settle(() => resolve(cert), true);
      if (final)
        settle(() => reject(new NotEnoughConfirmationsError(input.blobIdText, weight, quorum)));
      // Otherwise some signatures were bad: wait for the nodes still working.
    };

    for (const member of committee.members) {
      const task = storeOnNode(member, input, opts, signal, progress, inFlight)
        .then((confirmation) => {
          if (settled) return;
          if (!confirmationMatches(confirmation, input.expectedMessage)) {
            opts.log.warn(
              { node: member.name },
              'confirmation over an unexpected message; ignored',
            );
            return;
          }
          collected.push({ memberIndex: member.index, confirmation });
          weight += member.shards.length;
          if (weight >= quorum && graceTimer === undefined) {
            opts.onProgress?.({ phase: 'confirm', done: weight, total: committee.nShards });
            const grace = Math.max(opts.graceMs, opts.graceFactor * (opts.now() - started));
            graceTimer = setTimeout(() => tryFinish(false), grace);
          }
        })
        .catch((err: unknown) => {
          if (!settled)
            opts.log.warn(
              { node: member.name, err: (err as Error)?.message },
              'node did not confirm',
            );
        })
        .finally(() => {
          pending--;
          if (pending === 0) tryFinish(true);
        });
      tasks.push(task);
    }
  });
}

/**
 * Splits `items` into runs of at most `maxBytes` of sliver data (each run holds at least one).
 */
function batchesOf<T extends { sliver: Sliver }>(items: readonly T[], maxBytes: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && bytes + item.sliver.data.length > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.sliver.data.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Metadata, then the member's sliver pairs in batches (Floe's batched route, one request and
 * one disk commit per batch; one request per sliver for a node without it), then its
 * confirmation.
 */
async function storeOnNode(
  member: MemberView,
  input: UploadInput,
  opts: UploadOptions,
  signal: AbortSignal,
  progress: (bytes: number) => void,
  inFlight: ByteBudget,
) {
  const { nodes, limiter } = opts;
  const n = input.committee.nShards;
  // A node that has not yet seen the registration answers "not ready": retry with back-off.
  // "Not ready" (registration or metadata not seen yet) clears by itself: it gets a larger budget
  // than a node that does not answer at all.
  const retry = {
    attempts: opts.attempts,
    signal,
    baseDelayMs: 20,
    maxDelayMs: 1000,
    attemptsFor: (err: FloeError) =>
      err instanceof NodeNotReadyError ? opts.attempts * 5 : undefined,
  };
  const putMetadata = () =>
    withRetry(
      () => nodes.putMetadata(member.url, input.blobIdText, input.metadataBcs, { signal }),
      retry,
    );
  await limiter.run(putMetadata);
  // A node that took the metadata before it saw the registration may have dropped it since (its
  // pre-registration buffer is bounded): when it says so, send the metadata once more. The
  // caller already holds a limiter slot, so this must not wait for another (that deadlocks once
  // every slot is held by a sliver waiting on it).
  let resend: Promise<void> | undefined;
  const resendMetadata = () => (resend ??= putMetadata().finally(() => (resend = undefined)));
  // A sliver send that meets "metadata missing" sends the metadata again before its retry.
  const send = (put: () => Promise<void>) =>
    withRetry(async () => {
      try {
        await put();
      } catch (err) {
        if (err instanceof NodeNotReadyError && err.reason === 'MISSING_METADATA') {
          await resendMetadata();
        }
        throw err;
      }
    }, retry);
  const sendOne = (sliver: Sliver, pairIndex: number) =>
    send(() =>
      nodes.putSliver(member.url, input.blobIdText, pairIndex, sliver.axis, sliverToBcs(sliver), {
        signal,
      }),
    );
  const slivers = member.shards.flatMap((shard) => {
    const pair = input.pairs[pairIndexForShard(shard, input.blobId, n)];
    return [pair.primary, pair.secondary].map((sliver) => ({ sliver, pairIndex: pair.pairIndex }));
  });
  await Promise.all(
    batchesOf(slivers, opts.batchBytes ?? DEFAULT_BATCH_BYTES).map((batch) => {
      const bytes = batch.reduce((t, b) => t + b.sliver.data.length, 0);
      return inFlight.run(bytes, () =>
        limiter.run(async () => {
          try {
            const body = sliverBatchToBcs(batch.map((b) => b.sliver));
            await send(() => nodes.putSliverBatch(member.url, input.blobIdText, body, { signal }));
          } catch (err) {
            if (!(err instanceof NodeNotFoundError)) throw err;
            // A node without Floe's batch route (a Walrus node): one request per sliver. This task
            // already holds a limiter slot, so the singles go out one after another.
            opts.log.debug({ node: member.name }, 'no batched sliver route; sending one by one');
            for (const b of batch) await sendOne(b.sliver, b.pairIndex);
          }
          progress(bytes);
        }),
      );
    }),
  );
  return withRetry(
    () => nodes.getConfirmation(member.url, input.blobIdText, input.deletableObjectId, { signal }),
    retry,
  );
}
