/**
 * Automatic reuse of owned Storage resources on store (issue 7), over the in-process network
 * (real embedded chain, real nodes): a freed resource is taken without buying space, a large one
 * is split first, and space is bought only when nothing owned fits.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodingParams, walrusEncodedLength } from '../../src/encoding/params.ts';
import type { ChainClient, StorageResource } from '../../src/chain/types.ts';
import {
  pickStorage,
  storageFits,
  takeOwnedStorage,
} from '../../src/client/store/owned-storage.ts';
import { silentLogger } from '../../src/util/log.ts';
import { startTestNetwork, type TestNetwork } from './network.ts';

const N_SHARDS = 16;

function encodedSizeOf(len: number): bigint {
  return BigInt(walrusEncodedLength(encodingParams(N_SHARDS), len));
}

describe('pickStorage (the register_blob rule plus the wanted end epoch)', () => {
  const r = (id: string, start: number, end: number, size: bigint): StorageResource => ({
    storageId: id,
    owner: null,
    startEpoch: start,
    endEpoch: end,
    storageSize: size,
  });
  const need = { epoch: 5, endEpoch: 7, encodedSize: 100n };

  it('takes only resources covering the current epoch, the wanted end and the size', () => {
    expect(storageFits(r('a', 5, 7, 100n), need)).toBe(true);
    expect(storageFits(r('a', 6, 9, 100n), need)).toBe(false); // starts in the future
    expect(storageFits(r('a', 3, 5, 100n), need)).toBe(false); // over already
    expect(storageFits(r('a', 4, 6, 100n), need)).toBe(false); // ends too early
    expect(storageFits(r('a', 5, 7, 99n), need)).toBe(false); // too small
  });

  it('prefers the resource that wastes least, and answers null when nothing fits', () => {
    const picked = pickStorage(
      [r('0x3', 5, 9, 100n), r('0x1', 5, 7, 500n), r('0x2', 4, 7, 120n), r('0x4', 5, 6, 100n)],
      need,
    );
    expect(picked?.storageId).toBe('0x2');
    expect(pickStorage([r('0x4', 5, 6, 100n)], need)).toBeNull();
    expect(pickStorage([], need)).toBeNull();
  });
});

describe('store reuses owned storage', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork(4, N_SHARDS);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('store, delete, store again: the second store takes the freed resource and buys nothing', async () => {
    const client = net.client();
    const user = net.userChain;
    const params = (await user.getSystemState()).params;
    const first = await client.store(new Uint8Array(randomBytes(3000)), {
      epochs: 2,
      deletable: true,
    });
    expect(first.reusedStorageId).toBeUndefined();
    const { storageId } = await client.delete(first.objectId);
    expect((await user.listOwnedStorage()).map((s) => s.storageId)).toEqual([storageId]);

    const before = await user.getBalance();
    const second = await client.store(new Uint8Array(randomBytes(3000)), { epochs: 2 });
    const after = await user.getBalance();
    expect(second.status).toBe('newlyCreated');
    expect(second.reusedStorageId).toBe(storageId);
    expect(second.endEpoch).toBe(first.endEpoch);
    // Only the write fee was paid: no reservation.
    const units = (encodedSizeOf(3000) + params.unitSize - 1n) / params.unitSize;
    expect(before - after).toBe(units * params.writePricePerUnit);
    expect(second.cost).toBe(before - after);
    expect(await user.listOwnedStorage()).toEqual([]);
    const blob = await user.getBlob(second.objectId);
    expect(blob!.storage.storageId).toBe(storageId);
    const back = await client.read(second.blobId);
    expect(back.length).toBe(3000);
  });

  it('concurrent stores of one sender: one takes the freed resource, the other buys space', async () => {
    const user = net.userChain.as('0x' + randomBytes(32).toString('hex'));
    await net.operator.mint({ to: user.sender, amount: 10n ** 15n });
    const client = net.client({ chain: user });
    const first = await client.store(new Uint8Array(randomBytes(700)), {
      epochs: 1,
      deletable: true,
    });
    const { storageId } = await client.delete(first.objectId);
    const both = await Promise.all(
      [1, 2].map(() => client.store(new Uint8Array(randomBytes(700)), { epochs: 1 })),
    );
    expect(both.map((r) => r.status)).toEqual(['newlyCreated', 'newlyCreated']);
    expect(both.filter((r) => r.reusedStorageId === storageId)).toHaveLength(1);
    expect(both.filter((r) => r.reusedStorageId === undefined)).toHaveLength(1);
  });

  it('concurrent takers of one large resource: the one whose split finds it changed looks again', async () => {
    const user = net.userChain.as('0x' + randomBytes(32).toString('hex'));
    await net.operator.mint({ to: user.sender, amount: 10n ** 15n });
    const encodedSize = encodedSizeOf(800);
    const big = await user.reserveSpace({ storageSize: encodedSize * 5n, epochsAhead: 2 });
    // Both read the listing before either splits: the race two stores of one sender can run.
    let arrived = 0;
    let release!: () => void;
    const bothListed = new Promise<void>((r) => (release = r));
    const racing: ChainClient = Object.create(user, {
      listOwnedStorage: {
        value: async () => {
          const owned = await user.listOwnedStorage();
          if (++arrived === 2) release();
          await bothListed;
          return owned;
        },
      },
    });
    const need = { epoch: await user.getEpoch(), endEpoch: 2, encodedSize };
    const taken = await Promise.all([1, 2].map(() => takeOwnedStorage(racing, need, silentLogger)));
    expect(taken[0]).toBe(big.storageId);
    expect(taken[1]).not.toBeNull();
    expect(taken[1]).not.toBe(big.storageId);
    // Each got exactly the encoded size; the rest of the surplus stays owned.
    const owned = await user.listOwnedStorage();
    for (const id of taken)
      expect(owned.find((r) => r.storageId === id)?.storageSize).toBe(encodedSize);
    expect(owned.map((r) => r.storageSize).sort()).toEqual([
      encodedSize,
      encodedSize,
      encodedSize * 3n,
    ]);
  });

  it('splits a resource at least twice the encoded size and keeps the surplus owned', async () => {
    const client = net.client();
    const user = net.userChain;
    const encoded = encodedSizeOf(1000);
    const { storageId } = await user.reserveSpace({ storageSize: encoded * 5n, epochsAhead: 3 });
    const before = await user.getBalance();
    const stored = await client.store(new Uint8Array(randomBytes(1000)), { epochs: 1 });
    expect(stored.reusedStorageId).toBe(storageId);
    // Used as is in time: the blob lasts as long as the resource did.
    expect(stored.endEpoch).toBe(4);
    expect((await user.getBlob(stored.objectId))!.storage.storageSize).toBe(encoded);
    const left = await user.listOwnedStorage();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ startEpoch: 1, endEpoch: 4, storageSize: encoded * 4n });
    expect(before - (await user.getBalance())).toBe(stored.cost);

    // The surplus serves the next store in turn.
    const next = await client.store(new Uint8Array(randomBytes(1000)), { epochs: 2 });
    expect(next.reusedStorageId).toBe(left[0].storageId);
  });

  it('buys space when nothing owned fits, or when reuse is turned off', async () => {
    // A fresh account, so the resources of the tests above do not interfere.
    const user = net.userChain.as('0x' + randomBytes(32).toString('hex'));
    await net.operator.mint({ to: user.sender, amount: 10n ** 15n });
    const client = net.client({ chain: user });
    const short = await user.reserveSpace({ storageSize: encodedSizeOf(500), epochsAhead: 1 });
    const stored = await client.store(new Uint8Array(randomBytes(500)), { epochs: 2 });
    expect(stored.reusedStorageId).toBeUndefined();
    expect(stored.endEpoch).toBe(3);
    expect((await user.listOwnedStorage()).map((s) => s.storageId)).toEqual([short.storageId]);

    const fits = await user.reserveSpace({ storageSize: encodedSizeOf(600), epochsAhead: 2 });
    const off = await client.store(new Uint8Array(randomBytes(600)), {
      epochs: 2,
      reuseStorage: false,
    });
    expect(off.reusedStorageId).toBeUndefined();
    expect((await user.listOwnedStorage()).map((s) => s.storageId).sort()).toEqual(
      [short.storageId, fits.storageId].sort(),
    );
  });
});
