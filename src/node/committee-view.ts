/**
 * The node's view of the current committee, learned from `CommitteeSelected` / `EpochChangeStart`
 * and persisted with the event cursor so a restarted node knows its shards before it catches up.
 */
import { NodeNotSyncedError } from './errors.ts';

export interface CommitteeMemberView {
  nodeId: string;
  shards: number[];
  /** 48-byte compressed G1 key (hex) when known. */
  publicKeyHex?: string;
}

export interface CommitteeView {
  epoch: number;
  nShards: number;
  /** Members in bitmap order (sorted by node ID). */
  members: CommitteeMemberView[];
  /** The shards this node holds in `epoch` (empty when it is not a member). */
  ownShards: number[];
  /**
   * Shards this node held before `epoch` and no longer holds: still served to readers (and as
   * recovery helpers) while the epoch change runs, dropped at `EpochChangeDone`.
   */
  retiringShards: number[];
}

export const COMMITTEE_STATE_KEY = 'committee';
export const CURSOR_STATE_KEY = 'cursor';

/** Builds the view for `nodeId` from the chain's committee description. */
export function committeeViewFor(
  nodeId: string,
  committee: {
    epoch: number;
    nShards: number;
    members: { nodeId: string; shards: number[]; publicKey?: Uint8Array }[];
  },
  previous?: CommitteeView,
): CommitteeView {
  const members = committee.members.map((m) => ({
    nodeId: m.nodeId,
    shards: [...m.shards].sort((a, b) => a - b),
    ...(m.publicKey ? { publicKeyHex: Buffer.from(m.publicKey).toString('hex') } : {}),
  }));
  const own = members.find((m) => m.nodeId === nodeId);
  const ownShards = own ? own.shards : [];
  const before = new Set([...(previous?.ownShards ?? []), ...(previous?.retiringShards ?? [])]);
  for (const shard of ownShards) before.delete(shard);
  return {
    epoch: committee.epoch,
    nShards: committee.nShards,
    members,
    ownShards,
    retiringShards: [...before].sort((a, b) => a - b),
  };
}

/** Holds the current view; readers get a consistent snapshot. */
export class CommitteeState {
  private view: CommitteeView | undefined;
  private ownSet = new Set<number>();
  private servedSet = new Set<number>();

  constructor(initial?: CommitteeView) {
    if (initial) this.set(initial);
  }

  set(view: CommitteeView): void {
    this.view = { ...view, retiringShards: view.retiringShards ?? [] };
    this.ownSet = new Set(view.ownShards);
    this.servedSet = new Set([...view.ownShards, ...this.view.retiringShards]);
  }

  get current(): CommitteeView | undefined {
    return this.view;
  }

  /** @throws NodeNotSyncedError when no committee has been seen yet. */
  require(): CommitteeView {
    if (this.view === undefined || this.view.nShards === 0)
      throw new NodeNotSyncedError('no committee known');
    return this.view;
  }

  /** Whether the node holds `shard` in the current epoch (accepts uploads for it). */
  holds(shard: number): boolean {
    return this.ownSet.has(shard);
  }

  /** Whether the node serves reads from `shard`: held now, or retiring until the change is done. */
  serves(shard: number): boolean {
    return this.servedSet.has(shard);
  }
}
