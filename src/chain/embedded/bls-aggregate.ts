/**
 * `staking/bls_aggregate.move` for the embedded chain, check for check: committee not empty
 * (ENotEnoughWeight), keys match (EKeysMismatch), bitmap length and extra bits
 * (EInvalidBitmap), weight = n - non-signers' shards > 0 (ENotEnoughWeight), signature under
 * total key minus non-signers' keys (EInvalidSignature), then the threshold (ENotEnoughWeight).
 * Decoded keys are cached by key bytes and committee sums by epoch (decoding costs ~1 ms).
 */
import {
  aggregatePublicKeys,
  decodePublicKey,
  subtractPublicKeys,
  verify,
  type PublicKeyPoint,
} from '../../crypto/bls.ts';
import { bitmapHas } from '../../crypto/certificate.ts';
import { isQuorum, isValidity } from '../../crypto/committee-keys.ts';
import { abort, check } from './aborts.ts';
import type { CommitteeState } from './state.ts';

const M = 'bls_aggregate';

export class KeyCache {
  private readonly points = new Map<string, PublicKeyPoint>();
  private readonly totals = new Map<string, PublicKeyPoint>();

  /** A decoded key; a malformed key is the framework's `group_ops::EInvalidInput`. */
  point(key: Uint8Array): PublicKeyPoint {
    const hex = Buffer.from(key).toString('hex');
    let p = this.points.get(hex);
    if (p === undefined) {
      try {
        p = decodePublicKey(key);
      } catch {
        abort('group_ops', 'EInvalidInput');
      }
      this.points.set(hex, p);
    }
    return p;
  }

  /** `new_keys`: every key 48 bytes (EInvalidPublicKey) and a point of G1. */
  checkKeys(keys: readonly Uint8Array[]): void {
    for (const k of keys) {
      check(k.length === 48, M, 'EInvalidPublicKey');
      this.point(k);
    }
  }

  total(committee: CommitteeState): PublicKeyPoint {
    const tag = `${committee.epoch}:${committee.members.join(',')}`;
    let t = this.totals.get(tag);
    if (t === undefined) {
      t = aggregatePublicKeys(committee.keys.map((k) => this.point(k)));
      this.totals.set(tag, t);
    }
    return t;
  }
}

function verifyWeight(
  cache: KeyCache,
  committee: CommitteeState,
  signature: Uint8Array,
  bitmap: Uint8Array,
  message: Uint8Array,
): number {
  const members = committee.members.length;
  check(members > 0, M, 'ENotEnoughWeight');
  check(committee.keys.length === members, M, 'EKeysMismatch');
  check(bitmap.length <= Math.floor((members + 7) / 8), M, 'EInvalidBitmap');
  for (let bit = members; bit < bitmap.length * 8; bit++)
    check(!bitmapHas(bitmap, bit), M, 'EInvalidBitmap');
  let missingWeight = 0;
  const missing: PublicKeyPoint[] = [];
  for (let i = 0; i < members; i++) {
    if (!bitmapHas(bitmap, i)) {
      missingWeight += committee.shards[i].length;
      missing.push(cache.point(committee.keys[i]));
    }
  }
  const weight = committee.nShards - missingWeight;
  check(weight > 0, M, 'ENotEnoughWeight');
  const total = cache.total(committee);
  const aggregate =
    missing.length === 0 ? total : subtractPublicKeys(total, aggregatePublicKeys(missing));
  check(!aggregate.is0() && verify(signature, message, aggregate), M, 'EInvalidSignature');
  return weight;
}

/** `verify_quorum`: the signers' weight, which must reach quorum. */
export function verifyQuorum(
  cache: KeyCache,
  committee: CommitteeState,
  signature: Uint8Array,
  bitmap: Uint8Array,
  message: Uint8Array,
): number {
  const weight = verifyWeight(cache, committee, signature, bitmap, message);
  check(isQuorum(weight, committee.nShards), M, 'ENotEnoughWeight');
  return weight;
}

/** `verify_validity`: the signers' weight, which must reach f+1. */
export function verifyValidity(
  cache: KeyCache,
  committee: CommitteeState,
  signature: Uint8Array,
  bitmap: Uint8Array,
  message: Uint8Array,
): number {
  const weight = verifyWeight(cache, committee, signature, bitmap, message);
  check(isValidity(weight, committee.nShards), M, 'ENotEnoughWeight');
  return weight;
}
