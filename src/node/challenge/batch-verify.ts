/**
 * One check for all the symbols a prover signed in a round: with a single signer key pk,
 * e(pk, sum H(m_i)) = e(g1, sum sig_i) holds when every signature is valid, for one pairing
 * check plus a hash-to-curve per message instead of a pairing check per message (the cost that
 * dominates attesting). Passing proves the key holder signed the set as a whole; it does not
 * prove each signature on its own (the signer could shift value between them), which is all an
 * attestation needs. Slashing evidence is a single message, so it is always checked alone
 * (`verify` in src/crypto/bls.ts), never through this.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { decodeSignature, InvalidBlsPointError, type PublicKeyPoint } from '../../crypto/bls.ts';

const scheme = bls12_381.longSignatures;

/**
 * Whether the signatures of `items` verify, together, under `key`. True for an empty list;
 * false for any malformed signature (never throws on bad input).
 */
export function verifyAllBySigner(
  items: readonly { message: Uint8Array; signature: Uint8Array }[],
  key: PublicKeyPoint,
): boolean {
  if (items.length === 0) return true;
  if (key.is0()) return false;
  let signatures;
  try {
    signatures = items.map((i) => decodeSignature(i.signature));
  } catch (err) {
    if (err instanceof InvalidBlsPointError || err instanceof RangeError) return false;
    throw err;
  }
  let hashed = scheme.hash(items[0].message);
  for (const item of items.slice(1)) hashed = hashed.add(scheme.hash(item.message));
  try {
    return scheme.verify(scheme.aggregateSignatures(signatures), hashed, key);
  } catch {
    // noble throws on degenerate points (infinity): not a valid signature set.
    return false;
  }
}
