/**
 * The storage node's part in asynchronous storage challenges (PROTOCOL.md section 7), wired to
 * the node through `ctx.challenges`:
 *
 * - chain events (`onEvent`, called by the event applier): `ChallengeRoundOpened` fixes the
 *   round's challenged blobs from the seed and the blobs certified at that point, persisted with
 *   the event; `ChallengeCertified` / `ChallengeRoundClosed` / `EpochChangeStart` move the
 *   rounds on (rounds.ts);
 * - reads (`pausedBy`): sliver and recovery reads of a challenged blob pause until its round
 *   closes;
 * - proving (certify.ts, one loop per round, started after the round's event is committed);
 * - attesting (`attest`, the `POST /v1/challenge/{round}/proofs` handler, attest.ts), with the
 *   evidence it finds reported on chain (evidence.ts).
 */
import { decodePublicKey } from '../../crypto/bls.ts';
import type { ChainEvent } from '../../chain/events.ts';
import type { ChainClient } from '../../chain/types.ts';
import type { Logger } from '../../util/log.ts';
import { isCertified } from '../blob-record.ts';
import type { NodeContext } from '../service/context.ts';
import type { StoreTx } from '../store/node-store.ts';
import { unrefTimer, type SetTimer } from '../timer.ts';
import { attestProofs, type RoundCommittee } from './attest.ts';
import { AttestationCache } from './attestation-cache.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { proveRound } from './certify.ts';
import { ChallengeCommitteeUnavailableError, InvalidChallengeProofError } from './errors.ts';
import { EvidenceReporter } from './evidence.ts';
import {
  afterCertified,
  afterClosed,
  afterOpened,
  ChallengeRounds,
  type RoundSnapshot,
  type RoundsState,
} from './rounds.ts';
import { selectChallengedBlobs } from './selection.ts';
import type { AttestationJson } from './wire.ts';

/** What the rest of the node calls (see `NodeContext.challenges`). */
export interface ChallengeHooks {
  /** The open round that challenges `blobId` (reads of it pause), if any. */
  pausedBy(blobId: Uint8Array): bigint | undefined;
  /** The work for one chain event: `persist` inside the event's transaction, `after` once committed. */
  onEvent(event: ChainEvent): ChallengeStep | undefined;
  /** Checks a peer's proofs for `round` and signs its attestation (see attest.ts for failures). */
  attest(round: bigint, body: Uint8Array): Promise<AttestationJson>;
}

export interface ChallengeStep {
  persist(tx: StoreTx): void;
  after(): void;
}

export type ChallengeChain = Pick<
  ChainClient,
  'getCommittee' | 'submitChallengeCertificate' | 'reportInvalidSymbol'
>;

export interface ChallengeServiceOptions {
  ctx: NodeContext;
  chain: ChallengeChain;
  /** The operator's cap; without it the node attests others but does not prove itself. */
  capId: string | undefined;
  /** HTTP base URLs of the committee members of `epoch`, by node ID. */
  peerUrls(epoch: number): Promise<Map<string, string>>;
  fetch: typeof fetch;
  log: Logger;
  setTimer?: SetTimer;
  backoff?: BackoffOptions;
}

export class ChallengeService implements ChallengeHooks {
  private readonly rounds: ChallengeRounds;
  private readonly evidence: EvidenceReporter;
  private readonly committees = new Map<number, Promise<RoundCommittee>>();
  private readonly provers = new Map<bigint, Promise<void>>();
  /** Attestations signed while their round is live, by answer (attestation-cache.ts). */
  private readonly attested = new AttestationCache();
  private readonly stopping = new AbortController();
  private readonly setTimer: SetTimer;

  constructor(private readonly opts: ChallengeServiceOptions) {
    this.rounds = ChallengeRounds.restore((key) => opts.ctx.store.getState(key));
    this.setTimer = opts.setTimer ?? unrefTimer;
    this.evidence = new EvidenceReporter({
      store: opts.ctx.store,
      chain: opts.chain,
      log: opts.log.child({ component: 'challenge-evidence' }),
      setTimer: this.setTimer,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    });
  }

  /** Reports kept evidence and resumes proving for rounds that still want this node. */
  start(): void {
    this.evidence.resume();
    const { current, previous } = this.rounds.snapshot;
    for (const round of [previous, current]) if (round) this.startProver(round);
  }

  /** Stops proving and reporting; resolves once no loop runs. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.provers.values()]);
    await this.evidence.close();
  }

  pausedBy(blobId: Uint8Array): bigint | undefined {
    return this.rounds.isPaused(blobId) ? this.rounds.snapshot.current?.round : undefined;
  }

  onEvent(event: ChainEvent): ChallengeStep | undefined {
    const state = this.rounds.snapshot;
    switch (event.type) {
      case 'ChallengeRoundOpened': {
        const { epoch, round, seed } = event.data;
        const opened: RoundSnapshot = {
          epoch,
          round,
          seed: seed.slice(),
          // The protocol's blob count (DESIGN.md): every node must draw the same set.
          blobs: selectChallengedBlobs(seed, this.eligibleBlobs(epoch)),
          closed: false,
          certified: [],
        };
        this.opts.log.info(
          { epoch, round: round.toString(), blobs: opened.blobs.length },
          'challenge round opened',
        );
        return this.step(afterOpened(state, opened), () => this.startProver(opened));
      }
      case 'ChallengeRoundClosed':
        return this.step(afterClosed(state, event.data.round));
      case 'ChallengeCertified':
        return this.step(afterCertified(state, event.data.round, event.data.nodeId));
      case 'EpochChangeStart':
        for (const epoch of this.committees.keys())
          if (epoch < event.data.epoch - 1) this.committees.delete(epoch);
        // The chain drops the rounds of the finished epoch unfinalized.
        if (state.current === undefined && state.previous === undefined) return undefined;
        return this.step({ current: undefined, previous: undefined });
      default:
        return undefined;
    }
  }

  async attest(round: bigint, body: Uint8Array): Promise<AttestationJson> {
    const counter = this.opts.ctx.metrics.challengeAttestations;
    try {
      const json = await this.attestChecked(round, body);
      counter.inc({ outcome: 'signed' });
      return json;
    } catch (err) {
      if (err instanceof InvalidChallengeProofError)
        counter.inc({ outcome: err.evidence ? 'evidence' : 'rejected' });
      throw err;
    }
  }

  private async attestChecked(round: bigint, body: Uint8Array): Promise<AttestationJson> {
    const done = this.attested.get(round, body);
    if (done !== undefined) return done;
    const json = await attestProofs(
      {
        ctx: this.opts.ctx,
        rounds: this.rounds,
        committee: (epoch) => this.committee(epoch),
        keepEvidence: (e) => this.evidence.keep(e),
      },
      round,
      body,
    );
    // Rounds move on while the check runs: keep only what the live rounds can still be asked.
    if (this.isLive(round)) this.attested.set(round, body, json);
    return json;
  }

  /** Whether `round` is the current or the previous round (the ones peers may still answer). */
  private isLive(round: bigint): boolean {
    return this.rounds.get(round) !== undefined;
  }

  private step(next: RoundsState, then?: () => void): ChallengeStep {
    return {
      persist: (tx) => ChallengeRounds.persist(tx, next),
      after: () => {
        this.rounds.set(next);
        this.attested.retain((round) => this.isLive(round));
        then?.();
      },
    };
  }

  /** Blob IDs certified and unexpired at `epoch`, as this node's records say. */
  private eligibleBlobs(epoch: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const { blobId, record } of this.opts.ctx.store.blobRecords())
      if (isCertified(record, epoch)) out.push(blobId);
    return out;
  }

  /**
   * The committee of `epoch` with decoded keys (asked once per epoch while it succeeds).
   * @throws ChallengeCommitteeUnavailableError (503, retryable) when the chain has none or
   *   cannot be asked.
   */
  private committee(epoch: number): Promise<RoundCommittee> {
    let hit = this.committees.get(epoch);
    if (hit === undefined) {
      hit = this.opts.chain.getCommittee(epoch).then(
        (c) => {
          if (c === null) throw new ChallengeCommitteeUnavailableError(epoch);
          return {
            epoch,
            nShards: c.nShards,
            members: c.members.map((m) => ({
              nodeId: m.nodeId,
              shards: m.shards,
              key: decodePublicKey(m.publicKey),
            })),
          };
        },
        (err: unknown) => {
          throw new ChallengeCommitteeUnavailableError(epoch, { cause: err });
        },
      );
      hit.catch(() => this.committees.delete(epoch));
      this.committees.set(epoch, hit);
    }
    return hit;
  }

  private wanted(round: bigint): boolean {
    const r = this.rounds.get(round);
    return r !== undefined && !r.certified.includes(this.opts.ctx.nodeId);
  }

  private startProver(round: RoundSnapshot): void {
    const capId = this.opts.capId;
    if (capId === undefined || this.provers.has(round.round) || this.stopping.signal.aborted)
      return;
    if (!this.wanted(round.round)) return;
    const log = this.opts.log.child({ component: 'challenge' });
    const run = proveRound(
      {
        ctx: this.opts.ctx,
        chain: this.opts.chain,
        capId,
        committee: (epoch) => this.committee(epoch),
        peerUrls: this.opts.peerUrls,
        stillWanted: (r) => this.wanted(r),
        fetch: this.opts.fetch,
        log,
        setTimer: this.setTimer,
        backoff: this.opts.backoff ?? DEFAULT_BACKOFF,
      },
      round,
      this.stopping.signal,
    )
      .then((outcome) => {
        this.opts.ctx.metrics.challengeRounds.inc({ outcome });
        log.info({ round: round.round.toString(), outcome }, 'challenge round done');
      })
      .catch((err: unknown) =>
        log.error({ err, round: round.round.toString() }, 'challenge prover failed'),
      )
      .finally(() => this.provers.delete(round.round));
    this.provers.set(round.round, run);
  }
}
