import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, sign } from '../../../src/crypto/bls.ts';
import {
  blobCertificateMessage,
  invalidBlobIdMessage,
  proofOfPossessionMessage,
} from '../../../src/crypto/messages.ts';
import { MoveAbortError, TransactionRejectedError } from '../../../src/chain/errors.ts';
import { stringify } from '../../../src/chain/embedded/codec.ts';
import { abortCodeOf } from '../../../src/chain/embedded/abort-table.ts';
import type { Committee } from '../../../src/chain/types.ts';
import { certify, epochOne, registerTestBlob, type TestNet } from './fixture.ts';
import { seededBytes } from '../../crypto/seeded.ts';

/** Runs `f`, expects the Move abort `module::name`, and checks that state and events did not move. */
async function expectAbort(
  net: TestNet,
  module: string,
  name: string,
  f: () => Promise<unknown>,
): Promise<void> {
  const before = stringify(net.chain.current);
  const events = net.chain.allEvents.length;
  const err = await f().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MoveAbortError);
  const abort = err as MoveAbortError;
  expect({ module: abort.module, name: abort.constantName }).toEqual({ module, name });
  expect(abort.abortCode).toBe(abortCodeOf(module, name));
  expect(stringify(net.chain.current)).toBe(before);
  expect(net.chain.allEvents.length).toBe(events);
}

describe('embedded chain rejects bad input with the Move abort and no state change', () => {
  let net: TestNet;
  let committee: Committee;
  let blob: Awaited<ReturnType<typeof registerTestBlob>>;
  let message: Uint8Array;

  beforeAll(async () => {
    net = await epochOne();
    committee = (await net.admin.getCommittee())!;
    blob = await registerTestBlob(net.user);
    message = blobCertificateMessage({
      epoch: 1,
      blobId: blob.blobId,
      persistence: { kind: 'Permanent' },
    });
  });

  it('a certificate with a forged signature', async () => {
    const good = certify(committee, net.nodes, net.nodes, message);
    const other = blobCertificateMessage({
      epoch: 1,
      blobId: blob.blobId + 1n,
      persistence: { kind: 'Permanent' },
    });
    const forged = {
      ...good,
      signature: certify(committee, net.nodes, net.nodes, other).signature,
    };
    await expectAbort(net, 'bls_aggregate', 'EInvalidSignature', () =>
      net.user.certifyBlob({ blobObjectId: blob.blobObjectId, certificate: forged }),
    );
    // Claiming a signer who did not sign is the same forgery.
    const three = certify(committee, net.nodes, net.nodes.slice(0, 3), message);
    const all = { ...three, signersBitmap: Uint8Array.of(0b1111) };
    await expectAbort(net, 'bls_aggregate', 'EInvalidSignature', () =>
      net.user.certifyBlob({ blobObjectId: blob.blobObjectId, certificate: all }),
    );
  });

  it('a bitmap with extra bits or extra bytes', async () => {
    const good = certify(committee, net.nodes, net.nodes, message);
    for (const bitmap of [Uint8Array.of(0b1_1111), Uint8Array.of(0b1111, 0)]) {
      await expectAbort(net, 'bls_aggregate', 'EInvalidBitmap', () =>
        net.user.certifyBlob({
          blobObjectId: blob.blobObjectId,
          certificate: { ...good, signersBitmap: bitmap },
        }),
      );
    }
  });

  it('signers below quorum weight', async () => {
    const weak = certify(committee, net.nodes, [net.nodes[3]], message);
    await expectAbort(net, 'bls_aggregate', 'ENotEnoughWeight', () =>
      net.user.certifyBlob({ blobObjectId: blob.blobObjectId, certificate: weak }),
    );
  });

  it('a certificate for the wrong epoch (validly signed)', async () => {
    const wrong = blobCertificateMessage({
      epoch: 2,
      blobId: blob.blobId,
      persistence: { kind: 'Permanent' },
    });
    await expectAbort(net, 'messages', 'EWrongEpoch', () =>
      net.user.certifyBlob({
        blobObjectId: blob.blobObjectId,
        certificate: certify(committee, net.nodes, net.nodes, wrong),
      }),
    );
  });

  it('a certificate for another blob, or another persistence', async () => {
    const other = blobCertificateMessage({
      epoch: 1,
      blobId: blob.blobId ^ 1n,
      persistence: { kind: 'Permanent' },
    });
    await expectAbort(net, 'blob_ops', 'EBlobIdMismatch', () =>
      net.user.certifyBlob({
        blobObjectId: blob.blobObjectId,
        certificate: certify(committee, net.nodes, net.nodes, other),
      }),
    );
    const deletable = blobCertificateMessage({
      epoch: 1,
      blobId: blob.blobId,
      persistence: { kind: 'Deletable', objectId: blob.blobObjectId },
    });
    await expectAbort(net, 'blob_ops', 'EPersistenceMismatch', () =>
      net.user.certifyBlob({
        blobObjectId: blob.blobObjectId,
        certificate: certify(committee, net.nodes, net.nodes, deletable),
      }),
    );
  });

  it('a replayed certificate', async () => {
    const cert = certify(committee, net.nodes, net.nodes.slice(0, 3), message);
    await net.user.certifyBlob({ blobObjectId: blob.blobObjectId, certificate: cert });
    await expectAbort(net, 'blob_ops', 'EAlreadyCertified', () =>
      net.user.certifyBlob({ blobObjectId: blob.blobObjectId, certificate: cert }),
    );
  });

  it('a blob id that does not match its fields', async () => {
    await expectAbort(net, 'blob_ops', 'EInvalidBlobId', () =>
      net.user.reserveAndRegisterBlob({
        blobId: blob.blobId,
        rootHash: blob.rootHash + 1n,
        size: blob.size,
        encodingType: 1,
        deletable: false,
        storageSize: 1n << 20n,
        epochsAhead: 2,
      }),
    );
    await expectAbort(net, 'blob_ops', 'EInvalidEncodingType', () =>
      net.user.reserveAndRegisterBlob({
        blobId: blob.blobId,
        rootHash: blob.rootHash,
        size: blob.size,
        encodingType: 2,
        deletable: false,
        storageSize: 1n << 20n,
        epochsAhead: 2,
      }),
    );
  });

  it('a forged proof of possession', async () => {
    const keys = generateKeyPair(seededBytes(77));
    const other = generateKeyPair(seededBytes(78));
    const sender = net.user.sender;
    const pop = sign(
      other.secretKey,
      proofOfPossessionMessage({ epoch: 1, sender, publicKey: keys.publicKey }),
    );
    await expectAbort(net, 'storage_node', 'EInvalidProofOfPossession', () =>
      net.user.registerNode({
        name: 'x',
        networkAddress: 'x',
        publicKey: keys.publicKey,
        proofOfPossession: pop,
        capacity: 1n,
        commissionBps: 0,
      }),
    );
    // A PoP made for another sender does not transfer either.
    const stolen = sign(
      keys.secretKey,
      proofOfPossessionMessage({
        epoch: 1,
        sender: net.nodes[0].operator,
        publicKey: keys.publicKey,
      }),
    );
    await expectAbort(net, 'storage_node', 'EInvalidProofOfPossession', () =>
      net.user.registerNode({
        name: 'x',
        networkAddress: 'x',
        publicKey: keys.publicKey,
        proofOfPossession: stolen,
        capacity: 1n,
        commissionBps: 0,
      }),
    );
  });

  it('an invalid-blob attestation used twice', async () => {
    const inv = invalidBlobIdMessage({ epoch: 1, blobId: 12345n });
    const cert = certify(committee, net.nodes, net.nodes.slice(1, 3), inv);
    const r = await net.user.invalidateBlobId({ certificate: cert });
    expect(r.blobId).toBe(12345n);
    expect(await net.user.isBlobIdInvalid(12345n)).toBe(true);
    await expectAbort(net, 'blob_ops', 'EAlreadyInvalidated', () =>
      net.user.invalidateBlobId({ certificate: cert }),
    );
  });

  it('arguments of the wrong Move type never reach the state machine', async () => {
    const before = stringify(net.chain.current);
    const bad: [string, object][] = [
      ['stake', { nodeId: net.nodes[0].nodeId, amount: 5 }],
      ['stake', { nodeId: 'not-hex', amount: 5n }],
      ['epochSyncDone', { capId: net.nodes[0].capId, epoch: 2 ** 32 }],
      ['certifyBlob', { blobObjectId: blob.blobObjectId, certificate: { signature: 'x' } }],
      ['reserveSpace', { storageSize: 1n << 64n, epochsAhead: 1 }],
      ['registerNode', { name: 'n' }],
    ];
    for (const [method, args] of bad) {
      expect(() => net.chain.execute(net.user.sender, method, args), method).toThrow(
        TransactionRejectedError,
      );
    }
    expect(stringify(net.chain.current)).toBe(before);
    // Short IDs are normalized as Sui does: `0x` + 64 hex digits.
    const cap = net.nodes[0].capId;
    const short = '0x' + cap.slice(2).replace(/^0+/, '');
    await expect(net.nodes[0].client.collectCommission({ capId: short })).resolves.toMatchObject({
      amount: 0n,
    });
  });

  it('an epoch change before the epoch is over', async () => {
    await expectAbort(net, 'epoch', 'EEpochNotOver', () => net.admin.initiateEpochChange());
  });
});
