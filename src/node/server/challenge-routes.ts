/**
 * Floe's challenge routes (PROTOCOL.md section 5, under /v1/challenge/...):
 *
 * `POST /v1/challenge/{round}/proofs` with a BCS `ChallengeProofs` body (src/node/challenge/
 * wire.ts) answers `{ success: { code: 200, data: { serializedMessage, signature } } }`: this
 * node's signed attestation that the prover passed the round. Failures: 400
 * INVALID_CHALLENGE_PROOF / INVALID_BCS / INVALID_ROUND, 410 CHALLENGE_ROUND_OVER, 503 (retry)
 * CHALLENGE_ROUND_NOT_SEEN / CHALLENGE_WAIVER_NOT_SEEN / CHALLENGE_COMMITTEE_UNAVAILABLE, or
 * CHALLENGES_DISABLED.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../../util/errors.ts';
import { ChallengesDisabledError } from '../challenge/errors.ts';
import type { NodeContext } from '../service/context.ts';
import { bodyBytes } from './params.ts';
import { sendSuccess } from './replies.ts';

/** A round number from the path: decimal u64. */
export function parseRoundParam(text: string | undefined): bigint {
  if (text === undefined || !/^\d{1,20}$/.test(text) || BigInt(text) >= 1n << 64n)
    throw new InvalidInputError(`not a challenge round: ${JSON.stringify(text?.slice(0, 24))}`, {
      code: 'INVALID_ROUND',
    });
  return BigInt(text);
}

export function registerChallengeRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post<{ Params: { round: string } }>('/v1/challenge/:round/proofs', async (req, reply) => {
    const round = parseRoundParam(req.params.round);
    const body = bodyBytes(req.body);
    if (ctx.challenges === undefined) throw new ChallengesDisabledError();
    return sendSuccess(reply, await ctx.challenges.attest(round, body));
  });
}
