import { describe, expect, it } from 'vitest';
import { blobCertificateMessage } from '../../../src/crypto/messages.ts';
import { ObjectNotFoundError, TransactionRejectedError } from '../../../src/chain/errors.ts';
import { storageCost } from '../../../src/chain/embedded/system.ts';
import { PARAMS, certify, epochOne, registerTestBlob } from './fixture.ts';

describe('storage resources and blob lifecycle on the embedded chain', () => {
  it('reserves, splits and fuses storage; registers from a resource; extends, deletes and burns blobs', async () => {
    const net = await epochOne();
    const { user } = net;
    const committee = (await net.admin.getCommittee())!;
    const balance = await user.getBalance();

    const size = 4n << 20n;
    const r = await user.reserveSpace({ storageSize: size, epochsAhead: 4 });
    expect(r.cost).toBe(storageCost(PARAMS, size, 4));
    expect(await user.getBalance()).toBe(balance - r.cost);
    expect(await user.getStorage(r.storageId)).toMatchObject({
      startEpoch: 1,
      endEpoch: 5,
      storageSize: size,
      owner: user.sender,
    });
    const sys = await user.getSystemState();
    expect(sys.usedCapacity).toBe(size);

    const byEpoch = await user.splitStorageByEpoch({ storageId: r.storageId, splitEpoch: 3 });
    expect(await user.getStorage(byEpoch.newStorageId)).toMatchObject({
      startEpoch: 3,
      endEpoch: 5,
    });
    await expect(
      user.splitStorageByEpoch({ storageId: r.storageId, splitEpoch: 3 }),
    ).rejects.toMatchObject({
      module: 'storage_resource',
      constantName: 'EInvalidEpoch',
    });
    await user.fuseStorage({ first: r.storageId, second: byEpoch.newStorageId });
    expect(await user.getStorage(byEpoch.newStorageId)).toBeNull();
    expect(await user.getStorage(r.storageId)).toMatchObject({
      startEpoch: 1,
      endEpoch: 5,
      storageSize: size,
    });
    const bySize = await user.splitStorageBySize({ storageId: r.storageId, splitSize: 1n << 20n });
    await expect(
      user.fuseStorage({ first: r.storageId, second: r.storageId }),
    ).rejects.toBeInstanceOf(TransactionRejectedError);
    await user.fuseStorage({ first: bySize.newStorageId, second: r.storageId });
    expect(await user.getStorage(bySize.newStorageId)).toMatchObject({ storageSize: size });

    // Another account cannot use it.
    const stranger = user.as(net.nodes[0].operator);
    await expect(
      stranger.splitStorageBySize({ storageId: bySize.newStorageId, splitSize: 1n }),
    ).rejects.toBeInstanceOf(TransactionRejectedError);

    // Register a deletable blob into the resource, certify it with its object ID in the message.
    const reg = await registerTestBlob(user, { deletable: true, rootByte: 4 });
    const msg = blobCertificateMessage({
      epoch: 1,
      blobId: reg.blobId,
      persistence: { kind: 'Deletable', objectId: reg.blobObjectId },
    });
    await expect(
      user.extendBlob({ blobObjectId: reg.blobObjectId, extendedEpochs: 1 }),
    ).rejects.toMatchObject({
      constantName: 'ENotCertified',
    });
    await user.certifyBlob({
      blobObjectId: reg.blobObjectId,
      certificate: certify(committee, net.nodes, net.nodes, msg),
    });
    const ext = await user.extendBlob({ blobObjectId: reg.blobObjectId, extendedEpochs: 2 });
    expect(ext.events.at(-1)!.event).toMatchObject({
      type: 'BlobCertified',
      data: { endEpoch: 6, isExtension: true },
    });
    await expect(
      user.extendBlob({ blobObjectId: reg.blobObjectId, extendedEpochs: 10 }),
    ).rejects.toMatchObject({
      constantName: 'EInvalidEpochs',
    });
    const blob = (await user.getBlob(reg.blobObjectId))!;
    const extra = await user.reserveSpace({
      storageSize: blob.storage.storageSize,
      epochsAhead: 7,
    });
    const tail = await user.splitStorageByEpoch({ storageId: extra.storageId, splitEpoch: 6 });
    await expect(
      user.extendBlobWithResource({ blobObjectId: reg.blobObjectId, storageId: extra.storageId }),
    ).rejects.toMatchObject({
      constantName: 'EInvalidExtension',
    });
    await user.extendBlobWithResource({
      blobObjectId: reg.blobObjectId,
      storageId: tail.newStorageId,
    });
    expect((await user.getBlob(reg.blobObjectId))!.storage.endEpoch).toBe(8);
    expect(await user.getBlobsByBlobId(reg.blobId)).toHaveLength(1);

    const del = await user.deleteBlob({ blobObjectId: reg.blobObjectId });
    expect(del.events[0].event).toMatchObject({
      type: 'BlobDeleted',
      data: { wasCertified: true, endEpoch: 8 },
    });
    expect(await user.getStorage(del.storageId)).toMatchObject({ endEpoch: 8, owner: user.sender });
    expect(await user.getBlob(reg.blobObjectId)).toBeNull();

    const permanent = await registerTestBlob(user, { rootByte: 5 });
    await expect(user.deleteBlob({ blobObjectId: permanent.blobObjectId })).rejects.toMatchObject({
      module: 'blob',
      constantName: 'ENotDeletable',
    });
    const burn = await user.burnBlob({ blobObjectId: permanent.blobObjectId });
    expect(burn.events).toEqual([]);
    await expect(user.burnBlob({ blobObjectId: permanent.blobObjectId })).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );
    net.chain.close();
  });

  it('refuses storage beyond capacity, too far ahead or underpaid', async () => {
    const net = await epochOne();
    await expect(
      net.user.reserveSpace({ storageSize: 64n << 30n, epochsAhead: 1 }),
    ).rejects.toMatchObject({
      module: 'accounting',
      constantName: 'ENotEnoughCapacity',
    });
    await expect(net.user.reserveSpace({ storageSize: 1n, epochsAhead: 11 })).rejects.toMatchObject(
      {
        module: 'system',
        constantName: 'EInvalidEpochsAhead',
      },
    );
    await expect(
      net.user.reserveSpace({ storageSize: 1n << 20n, epochsAhead: 2, payment: 19n }),
    ).rejects.toMatchObject({
      module: 'system',
      constantName: 'EInsufficientPayment',
    });
    const before = await net.user.getBalance();
    const r = await net.user.reserveSpace({
      storageSize: 1n << 20n,
      epochsAhead: 2,
      payment: 1000n,
    });
    expect(r.cost).toBe(20n);
    expect(await net.user.getBalance()).toBe(before - 20n);
    net.chain.close();
  });
});
