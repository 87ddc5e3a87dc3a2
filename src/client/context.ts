/**
 * What every client flow shares: the chain, the node HTTP client, one request limiter across all
 * nodes, the injected logger / randomness, and a per-epoch cache of committee views.
 */
import type { ChainClient } from '../chain/types.ts';
import type { EncoderPool } from '../encoding/parallel/pool.ts';
import type { Logger } from '../util/log.ts';
import { loadCommittee, type CommitteeView } from './committee.ts';
import type { StorageNodeClient } from './node/node-client.ts';
import type { Limiter } from './util/concurrency.ts';
import type { BackgroundUploads } from './store/background.ts';

export interface ClientContext {
  chain: ChainClient;
  nodes: StorageNodeClient;
  limiter: Limiter;
  log: Logger;
  /** Uniform in [0, 1): shuffles read order. */
  random: () => number;
  /** Grace for straggling confirmations once quorum weight is in, ms. */
  graceMs: number;
  /** Grace as a fraction of the time to quorum, when that is longer than `graceMs`. */
  graceFactor: number;
  /** Monotonic clock in ms (grace timing only). */
  now: () => number;
  /** Attempts per node request for retryable failures. */
  attempts: number;
  encoderPool?: EncoderPool;
  /** Uploads to straggling nodes that continue after a store returned. */
  background: BackgroundUploads;
  /** The committee of `epoch` (cached; committees never change within an epoch). */
  committee(epoch: number): Promise<CommitteeView>;
}

/** A committee loader that keeps the last few epochs' views. */
export function committeeCache(
  chain: ChainClient,
  keep = 4,
): (epoch: number) => Promise<CommitteeView> {
  const views = new Map<number, Promise<CommitteeView>>();
  return (epoch) => {
    let view = views.get(epoch);
    if (view === undefined) {
      view = loadCommittee(chain, epoch);
      // A failed load (chain briefly unreachable) must not be cached.
      view.catch(() => views.delete(epoch));
      views.set(epoch, view);
      while (views.size > keep) views.delete(views.keys().next().value as number);
    }
    return view;
  };
}
