import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError } from '../../src/client/errors.ts';
import { isQuorum } from '../../src/crypto/committee-keys.ts';
import { startTestNetwork, type TestNetwork } from './network.ts';

describe('FloeClient over an in-process network (real chain and nodes)', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork(4, 16);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('stores and reads back blobs of several sizes', async () => {
    const client = net.client();
    for (const size of [0, 1, 1000, 300_000]) {
      const data = new Uint8Array(randomBytes(size));
      const stored = await client.store(data, { epochs: 2 });
      expect(stored.status).toBe('newlyCreated');
      expect(stored.endEpoch).toBe(3);
      expect(stored.certificate!.signedWeight).toBeGreaterThanOrEqual(11);
      const back = await client.read(stored.blobId);
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
      const strict = await client.read(stored.blobId, { strict: true });
      expect(Buffer.from(strict).equals(Buffer.from(data))).toBe(true);
      const stream = await client.readStream(stored.blobId);
      expect(stream.size).toBe(size);
      const parts: Buffer[] = [];
      for await (const chunk of stream.chunks) parts.push(Buffer.from(chunk));
      expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('answers alreadyCertified for a permanent blob stored again, and the chain holds a valid certificate', async () => {
    const client = net.client();
    const data = new Uint8Array(randomBytes(5000));
    const first = await client.store(data, { epochs: 1 });
    const again = await client.store(data, { epochs: 1 });
    expect(again.status).toBe('alreadyCertified');
    expect(again.objectId).toBe(first.objectId);
    const status = await client.status(first.blobId);
    expect(status.state).toBe('certified');
    expect(status.certifiedEpoch).toBe(1);
    // certify_blob checked the aggregate signature against the committee's keys on chain.
    const onChain = await net.userChain.getBlob(first.objectId);
    expect(onChain!.certifiedEpoch).toBe(1);
    expect(isQuorum(first.certificate!.signedWeight, 16)).toBe(true);
  });

  it('deletes a deletable blob and reuses its storage for the next store', async () => {
    const client = net.client();
    const stored = await client.store(new Uint8Array(randomBytes(2000)), {
      epochs: 3,
      deletable: true,
    });
    expect(stored.deletable).toBe(true);
    const { storageId } = await client.delete(stored.objectId);
    await expect(client.read(stored.blobId)).rejects.toBeInstanceOf(BlobNotFoundError);
    const reused = await client.store(new Uint8Array(randomBytes(2000)), { epochs: 3, storageId });
    expect(reused.reusedStorageId).toBe(storageId);
    expect(reused.endEpoch).toBe(4);
  });

  it('throws BlobNotFoundError for an unknown blob id', async () => {
    const client = net.client();
    await expect(client.read(Buffer.alloc(32, 7).toString('base64url'))).rejects.toBeInstanceOf(
      BlobNotFoundError,
    );
  });
});
