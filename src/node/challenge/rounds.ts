/**
 * The node's record of the challenge rounds the chain still accepts certificates for: the
 * current round and the previous one (late certificates), each with the blobs it challenges,
 * as fixed when `ChallengeRoundOpened` was applied. Persisted with the event that changed it, so
 * a restarted node proves and attests exactly the same sets.
 *
 * Round lifecycle, as the chain emits it: opened -> (quorum certified) closed -> finalized when
 * the next round closes; an epoch change drops both rounds unfinalized.
 */
import type { StoreTx } from '../store/node-store.ts';
import { blobKey } from '../service/context.ts';

/** One round as the node saw it open. */
export interface RoundSnapshot {
  epoch: number;
  round: bigint;
  seed: Uint8Array;
  /** Challenged blob IDs, in the order drawn. */
  blobs: Uint8Array[];
  /** Quorum weight certified: reads of its blobs resume. */
  closed: boolean;
  /** Nodes whose certificate for this round the chain accepted. */
  certified: string[];
}

export interface RoundsState {
  current: RoundSnapshot | undefined;
  previous: RoundSnapshot | undefined;
}

export const CHALLENGE_STATE_KEY = 'challenge-rounds';

interface StoredRound {
  epoch: number;
  round: string;
  seed: string;
  blobs: string[];
  closed: boolean;
  certified: string[];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

function toStored(r: RoundSnapshot | undefined): StoredRound | null {
  if (r === undefined) return null;
  return {
    epoch: r.epoch,
    round: r.round.toString(),
    seed: hex(r.seed),
    blobs: r.blobs.map(hex),
    closed: r.closed,
    certified: r.certified,
  };
}

function fromStored(r: StoredRound | null | undefined): RoundSnapshot | undefined {
  if (r === null || r === undefined) return undefined;
  return {
    epoch: r.epoch,
    round: BigInt(r.round),
    seed: unhex(r.seed),
    blobs: r.blobs.map(unhex),
    closed: r.closed,
    certified: [...r.certified],
  };
}

/** The state after the chain opened `opened` (the current round becomes the previous one). */
export function afterOpened(state: RoundsState, opened: RoundSnapshot): RoundsState {
  return { current: opened, previous: state.current };
}

/** The state after `ChallengeRoundClosed` for `round`: it closes, the previous one is finalized. */
export function afterClosed(state: RoundsState, round: bigint): RoundsState {
  if (state.current?.round !== round) return state;
  return { current: { ...state.current, closed: true }, previous: undefined };
}

/** The state after `ChallengeCertified` of `nodeId` for `round`. */
export function afterCertified(state: RoundsState, round: bigint, nodeId: string): RoundsState {
  const mark = (r: RoundSnapshot | undefined): RoundSnapshot | undefined =>
    r?.round === round && !r.certified.includes(nodeId)
      ? { ...r, certified: [...r.certified, nodeId] }
      : r;
  return { current: mark(state.current), previous: mark(state.previous) };
}

/** Holds the rounds in memory, answers the read pause, and persists through event transactions. */
export class ChallengeRounds {
  private state: RoundsState;
  private paused = new Set<string>();

  constructor(initial: RoundsState = { current: undefined, previous: undefined }) {
    this.state = initial;
    this.refreshPause();
  }

  /** The rounds persisted in the store (none before the first round). */
  static restore(getState: <T>(key: string) => T | undefined): ChallengeRounds {
    const saved = getState<{ current: StoredRound | null; previous: StoredRound | null }>(
      CHALLENGE_STATE_KEY,
    );
    return new ChallengeRounds({
      current: fromStored(saved?.current),
      previous: fromStored(saved?.previous),
    });
  }

  get snapshot(): RoundsState {
    return this.state;
  }

  /** The round `round` if the chain may still accept certificates for it. */
  get(round: bigint): RoundSnapshot | undefined {
    const { current, previous } = this.state;
    if (current?.round === round) return current;
    if (previous?.round === round) return previous;
    return undefined;
  }

  /** The newest round this node has seen open (0n before any). */
  get latestRound(): bigint {
    return this.state.current?.round ?? 0n;
  }

  /** Whether reads of `blobId` are paused: it is challenged by a round not yet closed. */
  isPaused(blobId: Uint8Array): boolean {
    return this.paused.size > 0 && this.paused.has(blobKey(blobId));
  }

  /** Writes `next` inside an event transaction; call {@link set} with it after the commit. */
  static persist(tx: StoreTx, next: RoundsState): void {
    tx.putState(CHALLENGE_STATE_KEY, {
      current: toStored(next.current),
      previous: toStored(next.previous),
    });
  }

  set(next: RoundsState): void {
    this.state = next;
    this.refreshPause();
  }

  private refreshPause(): void {
    const current = this.state.current;
    this.paused =
      current === undefined || current.closed ? new Set() : new Set(current.blobs.map(blobKey));
  }
}
