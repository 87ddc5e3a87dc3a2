/**
 * Challenge rounds as anyone sees them (PROTOCOL.md section 7): open one when it is due (the
 * call is permissionless; the chain refuses it while the last round is open, before
 * `challenge_interval_ms` passed since it opened, during an epoch change, or without a
 * committee), and report a round's state. Used by `floe challenge open|status`.
 */
import { notDueReasonOf, type NotDueReason } from '../chain/challenge-aborts.ts';
import type { ChainClient, ChallengeRound } from '../chain/types.ts';
import { isQuorum } from '../crypto/committee-keys.ts';
import { FloeError, RetryableError } from '../util/errors.ts';

export type { NotDueReason };

/** The chain refused `open_challenge_round`: no round is due yet. Retryable later. */
export class ChallengeRoundNotDueError extends RetryableError {
  readonly reason: NotDueReason;
  /** For `too-early`: when a round may open (ms since the Unix epoch, chain time). */
  readonly nextRoundFromMs: bigint | undefined;
  /** For `round-open`: the round still open. */
  readonly openRound: bigint | undefined;
  constructor(
    init: { reason: NotDueReason; nextRoundFromMs?: bigint; openRound?: bigint },
    options?: { cause?: unknown },
  ) {
    super('CHALLENGE_ROUND_NOT_DUE', notDueMessage(init), options);
    this.reason = init.reason;
    this.nextRoundFromMs = init.nextRoundFromMs;
    this.openRound = init.openRound;
  }
}

function notDueMessage(init: {
  reason: NotDueReason;
  nextRoundFromMs?: bigint;
  openRound?: bigint;
}): string {
  switch (init.reason) {
    case 'too-early':
      return `too early: next round from ${
        init.nextRoundFromMs === undefined
          ? 'later'
          : new Date(Number(init.nextRoundFromMs)).toISOString()
      }`;
    case 'round-open':
      return `round ${init.openRound ?? '?'} is still open (it closes once quorum weight of nodes certified)`;
    case 'epoch-change':
      return 'an epoch change is in progress; rounds open again once it is done';
    case 'no-committee':
      return 'there is no committee yet';
  }
}

/** No such round on chain (none opened yet, or an old one the chain no longer keeps). */
export class ChallengeRoundNotFoundError extends FloeError {
  constructor(round: bigint | null) {
    super(
      'CHALLENGE_ROUND_NOT_FOUND',
      round === null
        ? 'no challenge round has been opened yet'
        : `challenge round ${round} is not on chain (the chain keeps the current and previous round)`,
    );
  }
}

/** What `floe challenge status` shows of a round. */
export interface ChallengeRoundReport {
  round: bigint;
  epoch: number;
  /** The round's 32-byte seed, hex. */
  seed: string;
  /** Certified nodes (on time or late), with their names where the chain has them. */
  certified: { nodeId: string; name: string | null }[];
  certifiedWeight: number;
  nShards: number;
  /** Whether `certifiedWeight` reached quorum (3w >= 2n+1). */
  quorum: boolean;
  closed: boolean;
  /** Whether this is the latest round. */
  latest: boolean;
  /** For the latest round: when the next one may open (ms since the Unix epoch, chain time). */
  nextRoundFromMs: bigint | null;
}

type RoundChain = Pick<
  ChainClient,
  'getSystemState' | 'getChallengeRound' | 'getNode' | 'openChallengeRound'
>;

/**
 * The state of round `round`, or of the latest round when omitted.
 * @throws ChallengeRoundNotFoundError when there is no such round on chain.
 */
export async function challengeRoundStatus(
  chain: Omit<RoundChain, 'openChallengeRound'>,
  round?: bigint,
): Promise<ChallengeRoundReport> {
  if (round !== undefined && (typeof round !== 'bigint' || round < 1n))
    throw new RangeError(`round must be a positive bigint, got ${round}`);
  const state = await chain.getSystemState();
  const number = round ?? state.latestRound;
  if (number === null) throw new ChallengeRoundNotFoundError(null);
  const r = await chain.getChallengeRound(number);
  if (r === null) throw new ChallengeRoundNotFoundError(number);
  return report(chain, r, state.params.nShards, {
    latest: state.latestRound === number,
    nextRoundFromMs: state.lastRoundOpenedMs + state.params.challengeIntervalMs,
  });
}

/**
 * Opens a round and returns it.
 * @throws ChallengeRoundNotDueError when the chain refuses for one of its "not now" reasons;
 *   other chain errors as they come.
 */
export async function openChallengeRound(chain: RoundChain): Promise<ChallengeRoundReport> {
  let opened: bigint;
  try {
    opened = (await chain.openChallengeRound()).round;
  } catch (err) {
    const reason = notDueReasonOf(err);
    if (reason === undefined) throw err;
    const state = await chain.getSystemState();
    throw new ChallengeRoundNotDueError(
      {
        reason,
        nextRoundFromMs: state.lastRoundOpenedMs + state.params.challengeIntervalMs,
        ...(state.latestRound === null ? {} : { openRound: state.latestRound }),
      },
      { cause: err },
    );
  }
  return challengeRoundStatus(chain, opened);
}

async function report(
  chain: Pick<ChainClient, 'getNode'>,
  r: ChallengeRound,
  nShards: number,
  at: { latest: boolean; nextRoundFromMs: bigint },
): Promise<ChallengeRoundReport> {
  const certified = await Promise.all(
    r.certified.map(async (nodeId) => ({
      nodeId,
      name: (await chain.getNode(nodeId))?.name ?? null,
    })),
  );
  return {
    round: r.round,
    epoch: r.epoch,
    seed: Buffer.from(r.seed).toString('hex'),
    certified,
    certifiedWeight: r.certifiedWeight,
    nShards,
    quorum: isQuorum(r.certifiedWeight, nShards),
    closed: r.closed,
    latest: at.latest,
    nextRoundFromMs: at.latest ? at.nextRoundFromMs : null,
  };
}
