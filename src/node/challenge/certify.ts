/**
 * The prover's loop for one round: build the answer from its own store, send it to every peer of
 * the round's committee, keep each attestation that is the expected message signed by that
 * member, and once the signers (itself included) hold quorum weight, aggregate and post the
 * certificate with `submit_challenge_certificate`. Network failures and "round not seen yet"
 * are retried with back-off; the loop ends when the chain has the certificate, when the round is
 * over (finalized or dropped) as this node's own chain view says (never on a peer's word), or
 * when the node stops. No timer judges anyone: a certificate that lands late is still accepted
 * until the next round closes.
 */
import { verify } from '../../crypto/bls.ts';
import { assembleCertificate } from '../../crypto/certificate.ts';
import { isQuorum } from '../../crypto/committee-keys.ts';
import { challengeAttestationMessage, Verdict } from '../../crypto/messages.ts';
import { MoveAbortError } from '../../chain/errors.ts';
import type { ChainClient } from '../../chain/types.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import type { Logger } from '../../util/log.ts';
import type { NodeContext } from '../service/context.ts';
import type { SetTimer } from '../timer.ts';
import type { RoundCommittee } from './attest.ts';
import { backoffDelay, pause, type BackoffOptions } from './backoff.ts';
import { buildAnswer } from './prove.ts';
import type { RoundSnapshot } from './rounds.ts';
import { attestationFromJson, challengeProofsToBcs } from './wire.ts';

export type CertifyChain = Pick<ChainClient, 'submitChallengeCertificate'>;

export interface ProverDeps {
  ctx: NodeContext;
  chain: CertifyChain;
  /** The operator's `StorageNodeCap` (the chain's sender owns it). */
  capId: string;
  committee(epoch: number): Promise<RoundCommittee>;
  /** HTTP base URLs of the round committee's members (by node ID). */
  peerUrls(epoch: number): Promise<Map<string, string>>;
  /** Whether the chain still wants this node's certificate for `round`. */
  stillWanted(round: bigint): boolean;
  fetch: typeof fetch;
  log: Logger;
  setTimer: SetTimer;
  backoff: BackoffOptions;
  /**
   * First per-request timeout for a peer (default 30 s). A timeout is retried like any network
   * failure, with the timeout doubled each time (up to an hour): a peer that needs longer to
   * check the answer still gets to attest.
   */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_REQUEST_TIMEOUT_MS = 3_600_000;

export type ProveOutcome = 'certified' | 'over' | 'not-member' | 'stopped';

/** Runs until the round no longer needs this node (see the module comment). */
export async function proveRound(
  deps: ProverDeps,
  round: RoundSnapshot,
  signal: AbortSignal,
): Promise<ProveOutcome> {
  const log = deps.log.child({ epoch: round.epoch, round: round.round.toString() });
  const message = challengeAttestationMessage({
    epoch: round.epoch,
    round: round.round,
    nodeId: deps.ctx.nodeId,
    verdict: Verdict.passed,
  });
  const signatures = new Map<number, Uint8Array>();
  // Built once: expanding every challenged sliver again on each retry would only burn CPU (the
  // store's answer does not improve; a blob dropped since is skipped by peers that saw it go).
  let body: Uint8Array | undefined;
  for (let attempt = 0; ; attempt++) {
    if (
      attempt > 0 &&
      !(await pause(deps.setTimer, backoffDelay(deps.backoff, attempt - 1), signal))
    )
      return 'stopped';
    if (signal.aborted) return 'stopped';
    if (!deps.stillWanted(round.round)) return 'over';
    let committee: RoundCommittee;
    let urls: Map<string, string>;
    try {
      committee = await deps.committee(round.epoch);
      urls = await deps.peerUrls(round.epoch);
    } catch (err) {
      log.warn({ err }, 'committee not available; retrying');
      continue;
    }
    const selfIndex = committee.members.findIndex((m) => m.nodeId === deps.ctx.nodeId);
    if (selfIndex < 0) return 'not-member';
    if (body === undefined) {
      const answer = await buildAnswer(
        deps.ctx,
        round,
        committee.members[selfIndex].shards,
        committee.nShards,
      );
      // A node catching up on old events may build for a round the chain is long done with.
      if (!deps.stillWanted(round.round)) return 'over';
      if (answer.kind === 'missing') {
        log.warn(
          { missing: answer.missing.length, first: answer.missing[0] },
          'cannot answer the challenge from the local store; will try again',
        );
        continue;
      }
      signatures.set(selfIndex, deps.ctx.signer.sign(message));
      body = challengeProofsToBcs({
        prover: deps.ctx.nodeId,
        epoch: round.epoch,
        round: round.round,
        symbols: answer.symbols,
        waived: answer.waived,
      });
    }
    const outcome = await collect(
      deps,
      { round, committee, urls, body, message, signatures },
      signal,
    );
    if (outcome === 'stopped') return outcome;
    if (outcome === 'short') {
      log.warn({ signers: signatures.size }, 'no quorum of attestations yet; will ask again');
      continue;
    }
    const submitted = await submit(deps, round, committee, message, signatures, signal, log);
    if (submitted !== 'retry') return submitted;
  }
}

interface Collection {
  round: RoundSnapshot;
  committee: RoundCommittee;
  urls: Map<string, string>;
  body: Uint8Array;
  message: Uint8Array;
  signatures: Map<number, Uint8Array>;
}

function weightOf(committee: RoundCommittee, signatures: Map<number, Uint8Array>): number {
  let w = 0;
  for (const i of signatures.keys()) w += committee.members[i].shards.length;
  return w;
}

/** Asks every member that has not attested yet; resolves at quorum or when all gave up. */
async function collect(
  deps: ProverDeps,
  c: Collection,
  signal: AbortSignal,
): Promise<'quorum' | 'short' | 'stopped'> {
  const n = c.committee.nShards;
  if (isQuorum(weightOf(c.committee, c.signatures), n)) return 'quorum';
  const done = new AbortController();
  const both = AbortSignal.any([signal, done.signal]);
  const ask = async (index: number): Promise<void> => {
    const member = c.committee.members[index];
    const url = c.urls.get(member.nodeId);
    if (url === undefined) return;
    const log = deps.log.child({ peer: member.nodeId, round: c.round.round.toString() });
    let timeoutMs = deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    for (let attempt = 0; !both.aborted && deps.stillWanted(c.round.round); attempt++) {
      if (
        attempt > 0 &&
        !(await pause(deps.setTimer, backoffDelay(deps.backoff, attempt - 1), both))
      )
        return;
      const timeout = AbortSignal.timeout(timeoutMs);
      let res: Response;
      let json: unknown;
      try {
        res = await deps.fetch(`${url}/v1/challenge/${c.round.round}/proofs`, {
          method: 'POST',
          body: c.body,
          headers: { 'content-type': 'application/octet-stream' },
          signal: AbortSignal.any([both, timeout]),
        });
        json = await res.json().catch((err: unknown) => {
          if (timeout.aborted || both.aborted) throw err;
          return null; // not JSON: judged by the status below
        });
      } catch (err) {
        if (both.aborted) return;
        // A peer still checking a large answer is slow, not failed: it gets twice as long.
        if (timeout.aborted) timeoutMs = Math.min(timeoutMs * 2, MAX_REQUEST_TIMEOUT_MS);
        log.debug({ err, timeoutMs }, 'peer unreachable or slow; retrying');
        continue;
      }
      if (res.status === 200) {
        const att = attestationFromJson(json);
        if (
          att &&
          bytesEqual(att.message, c.message) &&
          verify(att.signature, c.message, member.key)
        ) {
          c.signatures.set(index, att.signature);
          if (isQuorum(weightOf(c.committee, c.signatures), n)) done.abort();
        } else log.warn('peer answered with a wrong attestation');
        return;
      }
      if (res.status === 410) {
        // That peer is done with the round. Only this node's own view of the chain
        // (`stillWanted`) ends it: otherwise one lying peer could make an honest node absent.
        log.debug('peer no longer takes answers for this round');
        return;
      }
      if (res.status >= 500 || res.status === 429) continue;
      log.warn({ status: res.status, error: json }, 'peer rejected the challenge answer');
      return;
    }
  };
  const asks = c.committee.members
    .map((m, i) => i)
    .filter((i) => !c.signatures.has(i) && c.committee.members[i].nodeId !== deps.ctx.nodeId)
    .map(ask);
  await Promise.allSettled(asks);
  if (signal.aborted) return 'stopped';
  return isQuorum(weightOf(c.committee, c.signatures), n) ? 'quorum' : 'short';
}

/**
 * Posts the certificate. A Move abort is the chain's verdict (already certified, round over,
 * not a member) and ends the round; anything else (network, gas, a transaction refused for now)
 * is 'retry': giving up on it would leave an honest node absent.
 */
async function submit(
  deps: ProverDeps,
  round: RoundSnapshot,
  committee: RoundCommittee,
  message: Uint8Array,
  signatures: Map<number, Uint8Array>,
  signal: AbortSignal,
  log: Logger,
): Promise<ProveOutcome | 'retry'> {
  if (signal.aborted) return 'stopped';
  try {
    await deps.chain.submitChallengeCertificate({
      capId: deps.capId,
      round: round.round,
      certificate: assembleCertificate(message, signatures, committee.members.length),
    });
    log.info({ weight: weightOf(committee, signatures) }, 'challenge certificate posted');
    return 'certified';
  } catch (err) {
    if (err instanceof MoveAbortError) {
      if (err.constantName === 'EAlreadyCertified') return 'certified';
      log.warn({ err }, 'challenge certificate not accepted');
      return 'over';
    }
    log.warn({ err }, 'could not post the challenge certificate; retrying');
    return 'retry';
  }
}
