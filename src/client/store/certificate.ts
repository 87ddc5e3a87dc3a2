/**
 * Turning nodes' storage confirmations into one certificate the chain accepts: only confirmations
 * over exactly the expected message count; signatures are aggregated and checked once against the
 * sum of the signers' keys, and only if that fails is each checked alone to drop the bad ones
 * (one pairing instead of one per node in the common case).
 */
import { bitmapFromIndices, type Certificate } from '../../crypto/certificate.ts';
import {
  aggregatePublicKeys,
  aggregateSignatures,
  decodeSignature,
  verify,
} from '../../crypto/bls.ts';
import type { CommitteeView } from '../committee.ts';
import { quorumWeight } from '../committee.ts';
import type { SignedConfirmation } from '../node/node-client.ts';
import { bytesEqual } from '../../encoding/merkle.ts';

export interface CollectedConfirmation {
  memberIndex: number;
  confirmation: SignedConfirmation;
}

export interface BuiltCertificate {
  certificate: Certificate;
  signers: number[];
  weight: number;
}

/** Whether a node's confirmation is over the message we expect (checked before counting it). */
export function confirmationMatches(
  confirmation: SignedConfirmation,
  expectedMessage: Uint8Array,
): boolean {
  if (!bytesEqual(confirmation.serializedMessage, expectedMessage)) return false;
  try {
    decodeSignature(confirmation.signature);
    return true;
  } catch {
    // A malformed signature point cannot count toward a quorum.
    return false;
  }
}

/**
 * Aggregates `collected` into a certificate for `message`.
 * Returns `null` if the valid signers do not reach quorum weight.
 */
export function buildCertificate(
  committee: CommitteeView,
  message: Uint8Array,
  collected: readonly CollectedConfirmation[],
): BuiltCertificate | null {
  let valid = [...collected].sort((a, b) => a.memberIndex - b.memberIndex);
  const quorum = quorumWeight(committee.nShards);
  const weightOf = (list: readonly CollectedConfirmation[]) =>
    list.reduce((w, c) => w + committee.members[c.memberIndex].shards.length, 0);
  if (weightOf(valid) < quorum) return null;
  let signature = aggregateSignatures(valid.map((c) => c.confirmation.signature));
  const key = aggregatePublicKeys(valid.map((c) => committee.members[c.memberIndex].keyPoint));
  if (!verify(signature, message, key)) {
    valid = valid.filter((c) =>
      verify(c.confirmation.signature, message, committee.members[c.memberIndex].keyPoint),
    );
    if (weightOf(valid) < quorum) return null;
    signature = aggregateSignatures(valid.map((c) => c.confirmation.signature));
  }
  const signers = valid.map((c) => c.memberIndex);
  return {
    certificate: {
      signature,
      signersBitmap: bitmapFromIndices(signers, committee.members.length),
      message,
    },
    signers,
    weight: weightOf(valid),
  };
}
