import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePublicKey, generateKeyPair, sign } from '../../src/crypto/bls.ts';
import { CommitteeKeys, isQuorum } from '../../src/crypto/committee-keys.ts';
import { blobCertificateMessage } from '../../src/crypto/messages.ts';
import type { CommitteeView, MemberView } from '../../src/client/committee.ts';
import { buildCertificate, confirmationMatches } from '../../src/client/store/certificate.ts';

const rand = (n: number) => new Uint8Array(randomBytes(n));

/** A committee of `weights.length` members with real BLS keys; shards dealt out in order. */
function committee(weights: number[]) {
  const keys = weights.map(() => generateKeyPair(rand));
  let next = 0;
  const members: MemberView[] = weights.map((w, index) => ({
    index,
    nodeId: '0x' + String(index).padStart(64, '0'),
    name: `node-${index}`,
    url: `http://127.0.0.1:${9000 + index}`,
    shards: Array.from({ length: w }, () => next++),
    publicKey: keys[index].publicKey,
    keyPoint: decodePublicKey(keys[index].publicKey),
  }));
  const shardOwner = new Int32Array(next);
  members.forEach((m) => m.shards.forEach((s) => (shardOwner[s] = m.index)));
  const view: CommitteeView = { epoch: 1, nShards: next, members, shardOwner };
  return {
    view,
    keys,
    chainKeys: new CommitteeKeys(
      members.map((m) => m.publicKey),
      weights,
    ),
  };
}

const message = blobCertificateMessage({
  epoch: 1,
  blobId: 12345n,
  persistence: { kind: 'Permanent' },
});

describe('buildCertificate', () => {
  it('aggregates quorum confirmations into a certificate the committee check accepts', () => {
    const { view, keys, chainKeys } = committee([3, 3, 3, 3, 3]);
    const collected = [0, 2, 3, 4].map((i) => ({
      memberIndex: i,
      confirmation: { serializedMessage: message, signature: sign(keys[i].secretKey, message) },
    }));
    const built = buildCertificate(view, message, collected);
    expect(built).not.toBeNull();
    expect(built!.signers).toEqual([0, 2, 3, 4]);
    expect(built!.weight).toBe(12);
    const weight = chainKeys.verifyCertificate(built!.certificate);
    expect(weight).toBe(12);
    expect(isQuorum(weight!, view.nShards)).toBe(true);
  });

  it('drops a bad signature and still certifies when the rest reach quorum', () => {
    const { view, keys, chainKeys } = committee([2, 2, 2, 2, 2]);
    const collected = [0, 1, 2, 3, 4].map((i) => ({
      memberIndex: i,
      // Member 1 signs with member 0's key: a valid point, but not its signature.
      confirmation: {
        serializedMessage: message,
        signature: sign(keys[i === 1 ? 0 : i].secretKey, message),
      },
    }));
    const built = buildCertificate(view, message, collected);
    expect(built!.signers).toEqual([0, 2, 3, 4]);
    expect(chainKeys.verifyCertificate(built!.certificate)).toBe(8);
  });

  it('returns null below quorum weight', () => {
    const { view, keys } = committee([5, 5, 5]);
    const collected = [0].map((i) => ({
      memberIndex: i,
      confirmation: { serializedMessage: message, signature: sign(keys[i].secretKey, message) },
    }));
    expect(buildCertificate(view, message, collected)).toBeNull();
  });

  it('rejects confirmations over another message or with a malformed signature', () => {
    const { keys } = committee([1, 1, 1, 1]);
    const other = blobCertificateMessage({
      epoch: 2,
      blobId: 12345n,
      persistence: { kind: 'Permanent' },
    });
    const sig = sign(keys[0].secretKey, message);
    expect(confirmationMatches({ serializedMessage: message, signature: sig }, message)).toBe(true);
    expect(confirmationMatches({ serializedMessage: other, signature: sig }, message)).toBe(false);
    expect(
      confirmationMatches({ serializedMessage: message, signature: new Uint8Array(96) }, message),
    ).toBe(false);
  });
});
