/**
 * Follows chain events from the node's persisted cursor and applies each one (apply-event.ts).
 * A failed application is reported and the same event comes again on the next poll, so nothing
 * is skipped; the cursor only moves inside the transaction that applied the event.
 */
import type { Logger } from '../../util/log.ts';
import { CURSOR_STATE_KEY } from '../committee-view.ts';
import type { NodeChain, NodeContext } from '../service/context.ts';
import { applyEvent, type ApplyDeps } from './apply-event.ts';

export interface FollowerOptions {
  pollIntervalMs: number;
  log: Logger;
}

export interface Follower {
  /** Resolves once no further event will be applied. */
  stop(): Promise<void>;
  /** The cursor of the last applied event (null before the first). */
  cursor(): string | null;
}

/** Starts following; the returned handle stops it. */
export function startFollower(ctx: NodeContext, chain: NodeChain, opts: FollowerOptions): Follower {
  let nShards: number | undefined;
  const deps: ApplyDeps = {
    nShards: async () => (nShards ??= (await chain.getSystemState()).params.nShards),
    committeeKeys: async (epoch) => {
      const committee = await chain.getCommittee(epoch);
      return committee ? new Map(committee.members.map((m) => [m.nodeId, m.publicKey])) : undefined;
    },
  };
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;
  const start = ctx.store.getState<string>(CURSOR_STATE_KEY) ?? null;
  opts.log.info({ cursor: start }, 'following chain events');
  const unwatch = chain.watchEvents({
    cursor: start,
    pollIntervalMs: opts.pollIntervalMs,
    onEvent: (env) => {
      if (stopped) throw new Error('follower stopped');
      const run = applyEvent(ctx, deps, env);
      inFlight = run.catch(() => undefined);
      return run;
    },
    onError: (err) => {
      if (!stopped) opts.log.warn({ err }, 'chain event follower error; will retry');
    },
  });
  return {
    async stop() {
      stopped = true;
      unwatch();
      await inFlight;
    },
    cursor: () => ctx.store.getState<string>(CURSOR_STATE_KEY) ?? null,
  };
}
