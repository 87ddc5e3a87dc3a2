/**
 * The challenge answer a prover sends each peer: `POST /v1/challenge/{round}/proofs` with BCS
 *
 *   ChallengeProofs { prover: address (32), epoch: u32, round: u64,
 *                     symbols: vector<SignedSymbol { message: vector<u8>, signature: vector<u8> }>,
 *                     waived: vector<blob_id (32)> }
 *
 * `waived` lists challenged blobs the prover no longer holds because the chain deleted or
 * invalidated them after the round opened (their data went with them). Every `message` is an
 * intent-5 signed symbol (move/DESIGN.md "Signed messages", context = the round) signed by the
 * prover's BLS key, so a bad one can go to the chain as it is. The reply is
 * `{ success: { code: 200, data: { serializedMessage, signature } } }` (base64) with the peer's
 * signature over the intent-4 attestation "prover passed round".
 */
import { bcs } from '@mysten/bcs';
import { idFromBytes, idToBytes, type ObjectId } from '../../chain/ids.ts';
import { parseBcs } from '../../encoding/bcs.ts';

const ChallengeProofsBcs = bcs.struct('ChallengeProofs', {
  prover: bcs.bytes(32),
  epoch: bcs.u32(),
  round: bcs.u64(),
  symbols: bcs.vector(
    bcs.struct('SignedSymbol', { message: bcs.byteVector(), signature: bcs.byteVector() }),
  ),
  waived: bcs.vector(bcs.bytes(32)),
});

export interface SignedSymbolBytes {
  message: Uint8Array;
  signature: Uint8Array;
}

export interface ChallengeProofs {
  prover: ObjectId;
  epoch: number;
  round: bigint;
  symbols: SignedSymbolBytes[];
  /** Challenged blob IDs dropped since the round opened (deleted or invalid on chain). */
  waived: Uint8Array[];
}

/** The BCS body of `POST /v1/challenge/{round}/proofs`. */
export function challengeProofsToBcs(p: ChallengeProofs): Uint8Array {
  return ChallengeProofsBcs.serialize({
    prover: idToBytes(p.prover),
    epoch: p.epoch,
    round: p.round,
    symbols: p.symbols,
    waived: p.waived,
  }).toBytes();
}

/** @throws InvalidBcsError on malformed bytes (a 400 at the route). */
export function challengeProofsFromBcs(bytes: Uint8Array): ChallengeProofs {
  const w = parseBcs(ChallengeProofsBcs, bytes, 'ChallengeProofs');
  return {
    prover: idFromBytes(Uint8Array.from(w.prover)),
    epoch: w.epoch,
    round: BigInt(w.round),
    symbols: w.symbols.map((s) => ({
      message: Uint8Array.from(s.message),
      signature: Uint8Array.from(s.signature),
    })),
    waived: w.waived.map((b) => Uint8Array.from(b)),
  };
}

/** The JSON `data` of a successful answer. */
export interface AttestationJson {
  serializedMessage: string;
  signature: string;
}

export function attestationToJson(message: Uint8Array, signature: Uint8Array): AttestationJson {
  return {
    serializedMessage: Buffer.from(message).toString('base64'),
    signature: Buffer.from(signature).toString('base64'),
  };
}

/** The attestation in a peer's JSON answer, or undefined when the shape is wrong. */
export function attestationFromJson(
  json: unknown,
): { message: Uint8Array; signature: Uint8Array } | undefined {
  const data = (json as { success?: { data?: Partial<AttestationJson> } } | null)?.success?.data;
  if (typeof data?.serializedMessage !== 'string' || typeof data.signature !== 'string')
    return undefined;
  return {
    message: new Uint8Array(Buffer.from(data.serializedMessage, 'base64')),
    signature: new Uint8Array(Buffer.from(data.signature, 'base64')),
  };
}
