/**
 * Typed failures of the challenge routes. A prover retries only the retryable ones (the peer has
 * not applied the round yet) and stops asking a peer that rejected its proofs or is done with
 * the round (its own view of the chain decides when the round is over).
 */
import { FloeError, InvalidInputError, RetryableError } from '../../util/errors.ts';
import type { HttpError } from '../errors.ts';

/** The round is newer than the last one this node applied: ask again later. */
export class ChallengeRoundNotSeenError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor(round: bigint, latest: bigint) {
    super(
      'CHALLENGE_ROUND_NOT_SEEN',
      `challenge round ${round} not seen yet (latest applied: ${latest})`,
    );
  }
}

/**
 * The prover waives a challenged blob (deleted or invalidated on chain since the round opened)
 * that this node still holds as live: it has not applied that event yet. Ask again later.
 */
export class ChallengeWaiverNotSeenError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor(blobId: string) {
    super(
      'CHALLENGE_WAIVER_NOT_SEEN',
      `blob ${blobId} is waived by the prover but still live here (event not applied yet)`,
    );
  }
}

/** The round was finalized or dropped: no certificate for it can land any more. */
export class ChallengeRoundOverError extends FloeError implements HttpError {
  readonly httpStatus = 410;
  constructor(round: bigint) {
    super('CHALLENGE_ROUND_OVER', `challenge round ${round} is finalized or was dropped`);
  }
}

/**
 * The proofs do not show the prover holds its challenged symbols: a symbol is missing, foreign,
 * unsigned, or its Merkle paths do not reach the blob root. `evidence` is set when a validly
 * signed symbol's paths failed (it was kept and reported on chain).
 */
export class InvalidChallengeProofError extends InvalidInputError implements HttpError {
  readonly httpStatus = 400;
  constructor(
    message: string,
    readonly evidence = false,
  ) {
    super(message, { code: 'INVALID_CHALLENGE_PROOF' });
  }
}

/** The chain does not (yet) give the committee of the round's epoch: ask again later. */
export class ChallengeCommitteeUnavailableError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor(epoch: number, options?: { cause?: unknown }) {
    super(
      'CHALLENGE_COMMITTEE_UNAVAILABLE',
      `the committee of epoch ${epoch} is not available from the chain`,
      options,
    );
  }
}

/** This node does not take part in challenges (no chain, or not started with them). */
export class ChallengesDisabledError extends RetryableError implements HttpError {
  readonly httpStatus = 503;
  constructor() {
    super('CHALLENGES_DISABLED', 'this node does not answer challenges');
  }
}
