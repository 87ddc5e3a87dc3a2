/**
 * A committee's BLS keys, decoded once, with their stored sum (what `bls_aggregate.move` keeps),
 * and certificate checking against them: aggregate key = sum of all keys minus the non-signers'
 * keys; weight = total shards minus the non-signers' shards.
 */
import {
  aggregatePublicKeys,
  decodePublicKey,
  subtractPublicKeys,
  verify,
  type PublicKeyPoint,
} from './bls.ts';
import { bitmapHas, bitmapIsValid, type Certificate } from './certificate.ts';

/** Quorum: 3w >= 2n+1. */
export function isQuorum(weight: number, nShards: number): boolean {
  return 3 * weight >= 2 * nShards + 1;
}

/** Validity ("one honest member"): 3w >= n+1. */
export function isValidity(weight: number, nShards: number): boolean {
  return 3 * weight >= nShards + 1;
}

export class CommitteeKeys {
  readonly keys: readonly PublicKeyPoint[];
  readonly weights: readonly number[];
  readonly totalKey: PublicKeyPoint;
  readonly totalWeight: number;

  /**
   * @param publicKeys 48-byte keys in committee (bitmap) order.
   * @param weights shards per member, same order.
   * @throws InvalidBlsPointError on a malformed key; RangeError if the lists differ in length or are empty.
   */
  constructor(publicKeys: readonly (Uint8Array | PublicKeyPoint)[], weights: readonly number[]) {
    if (publicKeys.length !== weights.length)
      throw new RangeError('publicKeys and weights differ in length');
    if (publicKeys.length === 0) throw new RangeError('a committee needs members');
    this.keys = publicKeys.map((k) => (k instanceof Uint8Array ? decodePublicKey(k) : k));
    this.weights = [...weights];
    this.totalKey = aggregatePublicKeys(this.keys);
    this.totalWeight = weights.reduce((a, b) => a + b, 0);
  }

  get size(): number {
    return this.keys.length;
  }

  /**
   * The signers' aggregate key and weight for `bitmap`, or `null` if the bitmap is malformed
   * (too long, or bits past the last member).
   */
  signersOf(bitmap: Uint8Array): { key: PublicKeyPoint; weight: number; signers: number } | null {
    if (!bitmapIsValid(bitmap, this.size)) return null;
    let key = this.totalKey;
    let weight = this.totalWeight;
    let signers = this.size;
    for (let i = 0; i < this.size; i++) {
      if (bitmapHas(bitmap, i)) continue;
      key = subtractPublicKeys(key, this.keys[i]);
      weight -= this.weights[i];
      signers--;
    }
    return { key, weight, signers };
  }

  /**
   * Whether the certificate's signature verifies under its signers' aggregate key; returns the
   * signers' weight, or `null` when the bitmap is malformed or the signature does not verify.
   * The caller checks the weight rule and the message's header.
   */
  verifyCertificate(cert: Certificate): number | null {
    const s = this.signersOf(cert.signersBitmap);
    if (s === null || s.signers === 0) return null;
    return verify(cert.signature, cert.message, s.key) ? s.weight : null;
  }
}
