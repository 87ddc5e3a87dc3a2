/**
 * The upload step of a store: metadata and every sliver pair to the node that holds its shard,
 * all nodes in parallel under one request limiter, then each node's signed confirmation. It
 * returns as soon as confirmations of quorum weight are in plus a short grace for stragglers;
 * it never waits for every node. The grace timer only decides when to stop waiting: which
 * confirmations count is decided by their signatures alone.
 */
import { pairIndexForShard } from '../../encoding/pairs.ts';
import { sliverToBcs, type SliverPair } from '../../encoding/sliver.ts';
import type { Logger } from '../../util/log.ts';
import { quorumWeight, type CommitteeView, type MemberView } from '../committee.ts';
import { AbortedError, NotEnoughConfirmationsError } from '../errors.ts';
import type { StorageNodeClient } from '../node/node-client.ts';
import { NodeNotReadyError } from '../node/node-errors.ts';
import type { FloeError } from '../../util/errors.ts';
import type { ProgressListener } from '../types.ts';
import { withRetry, type Limiter } from '../util/concurrency.ts';
import {
  buildCertificate,
  confirmationMatches,
  type BuiltCertificate,
  type CollectedConfirmation,
} from './certificate.ts';

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
      const task = storeOnNode(member, input, opts, signal, progress)
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

/** Metadata, then the member's sliver pairs, then its confirmation. */
async function storeOnNode(
  member: MemberView,
  input: UploadInput,
  opts: UploadOptions,
  signal: AbortSignal,
  progress: (bytes: number) => void,
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
  await Promise.all(
    member.shards.map(async (shard) => {
      const pair = input.pairs[pairIndexForShard(shard, input.blobId, n)];
      await Promise.all(
        (['primary', 'secondary'] as const).map((axis) =>
          limiter.run(async () => {
            const sliver = pair[axis];
            const body = sliverToBcs(sliver);
            await withRetry(async () => {
              try {
                await nodes.putSliver(member.url, input.blobIdText, pair.pairIndex, axis, body, {
                  signal,
                });
              } catch (err) {
                if (err instanceof NodeNotReadyError && err.reason === 'MISSING_METADATA') {
                  await resendMetadata();
                }
                throw err;
              }
            }, retry);
            progress(sliver.data.length);
          }),
        ),
      );
    }),
  );
  return withRetry(
    () => nodes.getConfirmation(member.url, input.blobIdText, input.deletableObjectId, { signal }),
    retry,
  );
}
