/**
 * The attester's side of a round: a peer's proofs are checked against the round this node
 * recorded when it applied `ChallengeRoundOpened` and against the blob metadata it holds; if
 * every challenged symbol of every shard the prover holds is there, at the challenged index,
 * signed by the prover, with paths that reach the blob root its blob ID commits to, the node
 * signs the intent-4 attestation "prover passed round". A validly signed symbol whose paths do
 * not verify is evidence: it is handed to `keepEvidence` (kept and reported on chain).
 * There is no "failed" verdict: a node that cannot prove simply gets no attestation.
 */
import { verify, type PublicKeyPoint } from '../../crypto/bls.ts';
import { MalformedMessageError } from '../../crypto/message-codec.ts';
import {
  Axis,
  challengeAttestationMessage,
  parseSignedSymbol,
  Verdict,
  type SignedSymbolMessage,
} from '../../crypto/messages.ts';
import { blobIdFromU256, blobIdToString } from '../../encoding/blob-id.ts';
import { DIGEST_LEN, loadHashEngine, type HashEngine } from '../../encoding/hash.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import { encodingParams, symbolSizeFor } from '../../encoding/params.ts';
import { isCertified } from '../blob-record.ts';
import type { NodeContext } from '../service/context.ts';
import { verifyAllBySigner } from './batch-verify.ts';
import {
  ChallengeWaiverNotSeenError,
  ChallengeRoundNotSeenError,
  ChallengeRoundOverError,
  InvalidChallengeProofError,
} from './errors.ts';
import {
  signedSymbolBlobIdValid,
  signedSymbolPathsValid,
  signedSymbolPunishable,
  signedSymbolSliverHash,
} from './proof-check.ts';
import type { ChallengeRounds, RoundSnapshot } from './rounds.ts';
import { challengedSymbolsFor } from './selection.ts';
import { attestationToJson, challengeProofsFromBcs, type AttestationJson } from './wire.ts';

/** A round's committee with decoded keys. */
export interface RoundCommittee {
  epoch: number;
  nShards: number;
  members: { nodeId: string; shards: number[]; key: PublicKeyPoint }[];
}

/** A signed symbol that fails the chain's check: slashing evidence against `nodeId`. */
export interface InvalidSymbolEvidence {
  nodeId: string;
  /** The round whose answer carried it. */
  round: bigint;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface AttestDeps {
  ctx: NodeContext;
  rounds: ChallengeRounds;
  committee(epoch: number): Promise<RoundCommittee>;
  keepEvidence(evidence: InvalidSymbolEvidence): void;
}

/** Signature checks spent on possible evidence per request, at most. */
const MAX_EVIDENCE_CHECKS = 4;

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const keyOf = (blobId: Uint8Array, pairIndex: number, axis: number | string): string =>
  `${Buffer.from(blobId).toString('hex')}/${pairIndex}/${axis === 'primary' || axis === Axis.primary ? 0 : 1}`;

/** The round `round` as recorded, or the typed reason there is none. */
export function recordedRound(rounds: ChallengeRounds, round: bigint): RoundSnapshot {
  const snapshot = rounds.get(round);
  if (snapshot !== undefined) return snapshot;
  if (round > rounds.latestRound) throw new ChallengeRoundNotSeenError(round, rounds.latestRound);
  throw new ChallengeRoundOverError(round);
}

/**
 * Checks a prover's answer for `round` and returns this node's signed attestation.
 * @throws ChallengeRoundNotSeenError / ChallengeWaiverNotSeenError (503, retry: this node is
 *   behind the prover), whatever `deps.committee` throws (ChallengeCommitteeUnavailableError,
 *   503, from the service), ChallengeRoundOverError (410),
 *   InvalidChallengeProofError (400; `evidence` when a signed symbol was reported),
 *   InvalidBcsError (400) for a malformed body.
 */
export async function attestProofs(
  deps: AttestDeps,
  round: bigint,
  body: Uint8Array,
): Promise<AttestationJson> {
  const snapshot = recordedRound(deps.rounds, round);
  const proofs = challengeProofsFromBcs(body);
  if (proofs.round !== round || proofs.epoch !== snapshot.epoch)
    throw new InvalidChallengeProofError(
      `proofs are for round ${proofs.round} of epoch ${proofs.epoch}, not round ${round} of epoch ${snapshot.epoch}`,
    );
  const committee = await deps.committee(snapshot.epoch);
  const prover = committee.members.find((m) => m.nodeId === proofs.prover);
  if (prover === undefined)
    throw new InvalidChallengeProofError(
      `${proofs.prover} is not a member of epoch ${snapshot.epoch}'s committee`,
    );
  const n = committee.nShards;
  // Before any lookup: no more waivers than challenged blobs (each costs a store read).
  if (proofs.waived.length > snapshot.blobs.length)
    throw new InvalidChallengeProofError(
      `${proofs.waived.length} waived blobs, at most ${snapshot.blobs.length} challenged`,
    );
  // Blobs deleted or invalidated since the round opened are owed by no one (their data is gone).
  const challenged = new Set(snapshot.blobs.map(hexOf));
  const waived = new Set(proofs.waived.map(hexOf));
  const liveHere = (b: Uint8Array): boolean =>
    isCertified(deps.ctx.store.getBlob(b), snapshot.epoch);
  for (const b of proofs.waived) {
    if (!challenged.has(hexOf(b)))
      throw new InvalidChallengeProofError(`waives blob ${blobIdToString(b)}, not challenged`);
    if (liveHere(b)) throw new ChallengeWaiverNotSeenError(blobIdToString(b));
  }
  const owed = snapshot.blobs.filter((b) => !waived.has(hexOf(b)) && liveHere(b));
  const dropped = new Set(snapshot.blobs.filter((b) => !liveHere(b)).map(hexOf));
  const expected = new Map<string, number>();
  for (const item of challengedSymbolsFor(snapshot.seed, owed, prover.shards, n))
    expected.set(keyOf(item.blobId, item.pairIndex, item.axis), item.symbolIndex);

  // Before any hashing or pairing: an answer can hold no more symbols than were challenged.
  const owedAtMost = challengedSymbolsFor(snapshot.seed, snapshot.blobs, prover.shards, n).length;
  if (proofs.symbols.length > owedAtMost)
    throw new InvalidChallengeProofError(
      `${proofs.symbols.length} symbols, at most ${owedAtMost} challenged`,
    );
  const hash = await loadHashEngine();
  const seen = new Set<string>();
  let evidenceChecks = 0;
  const problems: string[] = [];
  let evidence = 0;
  for (const [i, signed] of proofs.symbols.entries()) {
    let m: SignedSymbolMessage;
    try {
      m = parseSignedSymbol(signed.message);
    } catch (err) {
      if (err instanceof MalformedMessageError) {
        problems.push(`symbol ${i}: ${err.message}`);
        continue;
      }
      throw err;
    }
    // A symbol of a blob dropped here since the round opened is owed no more: not checked.
    if (dropped.has(hexOf(blobIdFromU256(m.blobId)))) continue;
    const problem = checkSymbol(deps.ctx, hash, snapshot, n, m, expected, seen);
    const pathsValid = signedSymbolPathsValid(hash, m);
    const signatureValid = (): boolean => verify(signed.signature, signed.message, prover.key);
    // Each piece of evidence costs a pairing check: a few per request are enough to punish.
    const mayBeEvidence =
      !pathsValid && evidenceChecks < MAX_EVIDENCE_CHECKS && signedSymbolPunishable(hash, m);
    if (mayBeEvidence) evidenceChecks++;
    if (mayBeEvidence && signatureValid()) {
      deps.keepEvidence({
        nodeId: prover.nodeId,
        round,
        message: signed.message,
        signature: signed.signature,
      });
      evidence++;
      problems.push(`symbol ${i}: signed symbol whose Merkle paths do not reach its root`);
    } else if (problem !== undefined) {
      problems.push(`symbol ${i}: ${problem}`);
    } else if (!pathsValid) {
      problems.push(`symbol ${i}: Merkle paths do not reach the blob root`);
    } else if (!matchesHeldMetadata(deps.ctx, hash, m)) {
      problems.push(`symbol ${i}: sliver hash differs from the metadata held here`);
    }
  }
  if (problems.length === 0 && !verifyAllBySigner(proofs.symbols, prover.key))
    problems.push("signatures do not verify under the prover's key");
  if (evidence > 0)
    throw new InvalidChallengeProofError(
      `${evidence} invalid signed symbol(s) reported: ${problems[0]}`,
      true,
    );
  if (problems.length > 0) throw new InvalidChallengeProofError(problems.slice(0, 3).join('; '));
  const absent = [...expected.keys()].filter((k) => !seen.has(k));
  if (absent.length > 0)
    throw new InvalidChallengeProofError(
      `${absent.length} of ${expected.size} challenged symbols missing (first: ${absent[0]})`,
    );
  const message = challengeAttestationMessage({
    epoch: snapshot.epoch,
    round,
    nodeId: prover.nodeId,
    verdict: Verdict.passed,
  });
  return attestationToJson(message, deps.ctx.signer.sign(message));
}

/** Everything but paths and signature; undefined when the symbol is one expected from the prover. */
function checkSymbol(
  ctx: NodeContext,
  hash: HashEngine,
  round: RoundSnapshot,
  n: number,
  m: SignedSymbolMessage,
  expected: Map<string, number>,
  seen: Set<string>,
): string | undefined {
  if (m.epoch !== round.epoch || m.context !== round.round)
    return `signed for epoch ${m.epoch} context ${m.context}`;
  const blobId = blobIdFromU256(m.blobId);
  const key = keyOf(blobId, m.pairIndex, m.axis);
  const index = expected.get(key);
  if (index === undefined)
    return `not challenged from this prover: ${blobIdToString(blobId)} pair ${m.pairIndex}`;
  if (seen.has(key)) return 'duplicate symbol';
  seen.add(key);
  if (m.symbolIndex !== index) return `symbol index ${m.symbolIndex}, challenged ${index}`;
  const record = ctx.store.getBlob(blobId);
  if (
    record === undefined ||
    BigInt(record.size) !== m.size ||
    record.encodingType !== m.encodingType
  )
    return 'size or encoding type differ from the registered blob';
  if (!signedSymbolBlobIdValid(hash, m)) return 'root does not commit to the blob ID';
  if (m.symbol.length !== symbolSizeFor(encodingParams(n), record.size))
    return `symbol of ${m.symbol.length} bytes`;
  return undefined;
}

/**
 * Whether the sliver hash the symbol's path leads to equals the one in the metadata held here
 * (compact nodes hold only their own pairs' hashes, zeros elsewhere: nothing to compare).
 */
function matchesHeldMetadata(ctx: NodeContext, hash: HashEngine, m: SignedSymbolMessage): boolean {
  const held = ctx.metadataCache.get(ctx.store, blobIdFromU256(m.blobId))?.metadata.hashes[
    m.pairIndex
  ];
  const heldHash = held && (m.axis === Axis.primary ? held.primary : held.secondary);
  if (heldHash === undefined || bytesEqual(heldHash, ZERO)) return true;
  return bytesEqual(heldHash, signedSymbolSliverHash(hash, m));
}

const ZERO = new Uint8Array(DIGEST_LEN);
