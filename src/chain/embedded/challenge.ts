/**
 * `challenge/challenge.move` for the embedded chain: rounds opened with a random seed, challenge
 * certificates (on time or late), closing at quorum and finalizing the previous round (absences,
 * forfeited rewards, slashing after repeated absence).
 */
import type { Certificate } from '../../crypto/certificate.ts';
import { isQuorum } from '../../crypto/committee-keys.ts';
import type { ObjectId } from '../ids.ts';
import { abort, check } from './aborts.ts';
import { verifyQuorum } from './bls-aggregate.ts';
import { owned, type Env } from './env.ts';
import { parseChallengeAttestation } from './move-messages.ts';
import { slashNode } from './slashing.ts';
import type { CommitteeState, RoundState } from './state.ts';
import { poolOf } from './system.ts';

const M = 'challenge';
const SEED_LENGTH = 32;
const VERDICT_PASSED = 1;
const REASON_ABSENCE = 2;
const ZERO_ADDRESS = '0x' + '0'.repeat(64);

/** `open_challenge_round_with`, drawing the seed from the transaction's generator. */
export function openChallengeRound(env: Env): { round: bigint } {
  const s = env.s;
  check(s.epochState.kind === 'Done', M, 'EEpochChangeInProgress');
  check(s.committee.members.length > 0, M, 'ENoCommittee');
  check(s.currentRound === null || s.currentRound.closed, M, 'ERoundOpen');
  const now = env.ctx.timestampMs;
  check(
    s.nextRound === 1n || now >= s.lastRoundOpenMs + s.params.challengeIntervalMs,
    M,
    'ETooEarly',
  );
  const seed = env.ctx.random().bytes(SEED_LENGTH);
  const round = s.nextRound;
  s.nextRound = round + 1n;
  s.lastRoundOpenMs = now;
  const epoch = s.epoch;
  s.previousRound = s.currentRound;
  s.currentRound = { epoch, round, seed, certified: [], certifiedWeight: 0, closed: false };
  env.ctx.emit('ChallengeRoundOpened', { epoch, round, seed: seed.slice() });
  return { round };
}

export function submitChallengeCertificate(
  env: Env,
  capId: ObjectId,
  round: bigint,
  cert: Certificate,
): void {
  const s = env.s;
  const cap = owned(env, s.caps, 'StorageNodeCap', capId);
  const committee = s.committee;
  const nodeId = cap.nodeId;
  const index = committee.members.indexOf(nodeId);
  check(index >= 0, M, 'ENotCommitteeMember');
  verifyQuorum(env.keys, committee, cert.signature, cert.signersBitmap, cert.message);
  const att = parseChallengeAttestation(cert.message);
  check(
    att.epoch === committee.epoch &&
      att.round === round &&
      att.nodeId === nodeId &&
      att.verdict === VERDICT_PASSED,
    M,
    'EAttestationMismatch',
  );
  const weight = committee.shards[index].length;
  const epoch = committee.epoch;
  const current = s.currentRound;
  if (current !== null && current.round === round) {
    check(!current.certified.includes(nodeId), M, 'EAlreadyCertified');
    const late = current.closed;
    const total = record(current, nodeId, weight);
    env.ctx.emit('ChallengeCertified', { epoch, round, nodeId, weight, late });
    if (!late && isQuorum(total, committee.nShards)) {
      current.closed = true;
      env.ctx.emit('ChallengeRoundClosed', { epoch, round, certifiedWeight: total });
      const finished = s.previousRound;
      if (finished !== null) {
        s.previousRound = null;
        finalize(env, finished, committee);
      }
    }
  } else {
    const previous = s.previousRound;
    check(previous !== null && previous.round === round, M, 'EUnknownRound');
    check(!previous.certified.includes(nodeId), M, 'EAlreadyCertified');
    record(previous, nodeId, weight);
    env.ctx.emit('ChallengeCertified', { epoch, round, nodeId, weight, late: true });
  }
}

function record(r: RoundState, nodeId: ObjectId, weight: number): number {
  r.certified.push(nodeId);
  r.certifiedWeight += weight;
  if (r.certifiedWeight > 0xffff) abort('vm', 'ArithmeticError');
  return r.certifiedWeight;
}

function finalize(env: Env, finished: RoundState, committee: CommitteeState): void {
  const s = env.s;
  const params = s.params;
  for (const nodeId of committee.members) {
    const p = poolOf(s, nodeId);
    if (finished.certified.includes(nodeId)) {
      p.absences = 0;
      continue;
    }
    const absences = p.absences + 1;
    p.forfeit = true;
    env.ctx.emit('NodeAbsent', { epoch: finished.epoch, round: finished.round, nodeId, absences });
    if (absences >= params.maxAbsences) {
      p.absences = 0;
      slashNode(env, nodeId, params.absenceSlashBps, REASON_ABSENCE, ZERO_ADDRESS, 0);
    } else {
      p.absences = absences;
    }
  }
}
