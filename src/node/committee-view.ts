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
}

export const COMMITTEE_STATE_KEY = 'committee';
export const CURSOR_STATE_KEY = 'cursor';

/** Builds the view for `nodeId` from the chain's committee description. */
export function committeeViewFor(
  nodeId: string,
  committee: { epoch: number; nShards: number; members: { nodeId: string; shards: number[]; publicKey?: Uint8Array }[] },
): CommitteeView {
  const members = committee.members.map((m) => ({
    nodeId: m.nodeId,
    shards: [...m.shards].sort((a, b) => a - b),
    ...(m.publicKey ? { publicKeyHex: Buffer.from(m.publicKey).toString('hex') } : {}),
  }));
  const own = members.find((m) => m.nodeId === nodeId);
  return { epoch: committee.epoch, nShards: committee.nShards, members, ownShards: own ? own.shards : [] };
}

/** Holds the current view; readers get a consistent snapshot. */
export class CommitteeState {
  private view: CommitteeView | undefined;
  private ownSet = new Set<number>();

  constructor(initial?: CommitteeView) {
    if (initial) this.set(initial);
  }

  set(view: CommitteeView): void {
    this.view = view;
    this.ownSet = new Set(view.ownShards);
  }

  get current(): CommitteeView | undefined {
    return this.view;
  }

  /** @throws NodeNotSyncedError when no committee has been seen yet. */
  require(): CommitteeView {
    if (this.view === undefined || this.view.nShards === 0) throw new NodeNotSyncedError('no committee known');
    return this.view;
  }

  holds(shard: number): boolean {
    return this.ownSet.has(shard);
  }
}
