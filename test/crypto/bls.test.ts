import { describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import {
  aggregatePublicKeys,
  aggregateSignatures,
  decodePublicKey,
  generateKeyPair,
  publicKeyOf,
  sign,
  verify,
} from '../../src/crypto/bls.ts';
import { CommitteeKeys, isQuorum, isValidity } from '../../src/crypto/committee-keys.ts';
import { assembleCertificate, bitmapFromIndices } from '../../src/crypto/certificate.ts';
import { seededBytes } from './seeded.ts';

describe('BLS min_pk', () => {
  const rnd = seededBytes(1);
  const pairs = Array.from({ length: 4 }, () => generateKeyPair(rnd));
  const msg = new TextEncoder().encode('floe');

  it('signs and verifies with 48-byte keys and 96-byte signatures', () => {
    const { secretKey, publicKey } = pairs[0];
    expect(publicKey.length).toBe(48);
    expect(publicKeyOf(secretKey)).toEqual(publicKey);
    const sig = sign(secretKey, msg);
    expect(sig.length).toBe(96);
    expect(verify(sig, msg, publicKey)).toBe(true);
    expect(verify(sig, new TextEncoder().encode('floe!'), publicKey)).toBe(false);
    expect(verify(sig, msg, pairs[1].publicKey)).toBe(false);
  });

  it('uses the NUL DST that Sui verifies (same signature as noble longSignatures directly)', () => {
    const ls = bls12_381.longSignatures;
    const direct = ls.sign(
      ls.hash(msg, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'),
      pairs[0].secretKey,
    );
    expect(sign(pairs[0].secretKey, msg)).toEqual(direct.toBytes(true));
  });

  it('rejects malformed signatures and keys as invalid rather than throwing', () => {
    const sig = sign(pairs[0].secretKey, msg);
    const bad = sig.slice();
    bad[5] ^= 0xff;
    expect(verify(bad, msg, pairs[0].publicKey)).toBe(false);
    expect(verify(sig.subarray(0, 95), msg, pairs[0].publicKey)).toBe(false);
    const badKey = pairs[0].publicKey.slice();
    badKey[10] ^= 0x55;
    expect(verify(sig, msg, badKey)).toBe(false);
    // The identity key (0xc0 then zeros) is refused.
    const identity = new Uint8Array(48);
    identity[0] = 0xc0;
    expect(verify(sig, msg, identity)).toBe(false);
    expect(() => decodePublicKey(identity)).toThrow(/identity/);
  });

  it('aggregates signatures and keys over a common message', () => {
    const sigs = pairs.map((p) => sign(p.secretKey, msg));
    const agg = aggregateSignatures(sigs);
    const key = aggregatePublicKeys(pairs.map((p) => p.publicKey));
    expect(verify(agg, msg, key)).toBe(true);
    expect(verify(aggregateSignatures(sigs.slice(1)), msg, key)).toBe(false);
  });

  it('checks certificates against a committee: key sum minus non-signers, shard weight', () => {
    const weights = [3, 3, 2, 2];
    const committee = new CommitteeKeys(
      pairs.map((p) => p.publicKey),
      weights,
    );
    const sigs = new Map([0, 1, 3].map((i) => [i, sign(pairs[i].secretKey, msg)] as const));
    const cert = assembleCertificate(msg, sigs, 4);
    expect(cert.signersBitmap).toEqual(Uint8Array.of(0b1011));
    expect(committee.verifyCertificate(cert)).toBe(8);
    expect(isQuorum(8, 10)).toBe(true);
    expect(isQuorum(6, 10)).toBe(false);
    expect(isValidity(4, 10)).toBe(true);
    expect(isValidity(3, 10)).toBe(false);
    // A bitmap that claims a member who did not sign fails the pairing.
    expect(
      committee.verifyCertificate({ ...cert, signersBitmap: Uint8Array.of(0b1111) }),
    ).toBeNull();
    // Extra bits past the last member, or an over-long bitmap, are malformed.
    expect(
      committee.verifyCertificate({ ...cert, signersBitmap: Uint8Array.of(0b1_1011) }),
    ).toBeNull();
    expect(
      committee.verifyCertificate({ ...cert, signersBitmap: Uint8Array.of(0b1011, 0) }),
    ).toBeNull();
    expect(committee.verifyCertificate({ ...cert, signersBitmap: new Uint8Array(1) })).toBeNull();
    expect(bitmapFromIndices([0, 9], 10)).toEqual(Uint8Array.of(1, 2));
  });

  it('zeroes the seed it was given', () => {
    let seen: Uint8Array | undefined;
    generateKeyPair((n) => (seen = seededBytes(7)(n)));
    expect(seen!.every((b) => b === 0)).toBe(true);
  });
});
