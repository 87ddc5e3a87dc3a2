import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortedError,
  BlobExpiredError,
  NotEnoughConfirmationsError,
  NotEnoughSliversError,
} from '../../src/client/errors.ts';
import { InvalidInputError } from '../../src/util/errors.ts';
import { startTestNetwork, type TestNetwork } from './network.ts';

// 7 nodes over 21 shards: 3 shards each, f = 6 shards = 2 nodes, quorum = 15 shards = 5 nodes.
describe('FloeClient with nodes down and typed failures', () => {
  let net: TestNetwork;
  let now = 1_000_000n;
  beforeAll(async () => {
    net = await startTestNetwork(7, 21, () => now);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('rejects malformed input with typed errors before touching the network', async () => {
    const client = net.client();
    await expect(client.read('not-a-blob-id')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.store(new Uint8Array(1), { epochs: 0 })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(client.extend('zz', 1)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('honours an AbortSignal', async () => {
    const client = net.client();
    const controller = new AbortController();
    controller.abort();
    await expect(
      client.store(new Uint8Array(10), { epochs: 1, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
  });

  it('stores and reads with f nodes down, fails with typed errors beyond that', async () => {
    const client = net.client();
    const data = new Uint8Array(randomBytes(100_000));
    const before = await client.store(data, { epochs: 5 });
    const shortLived = await client.store(new Uint8Array(randomBytes(3000)), { epochs: 1 });
    await Promise.all(net.nodes.slice(0, 2).map((n) => n.close()));

    // f nodes down: stores still reach quorum, reads still find k1 slivers.
    const during = await client.store(new Uint8Array(randomBytes(50_000)), { epochs: 5 });
    expect(during.certificate!.signers.length).toBe(5);
    expect(Buffer.from(await client.read(before.blobId)).equals(Buffer.from(data))).toBe(true);
    expect(
      Buffer.from(await client.read(before.blobId, { strict: true })).equals(Buffer.from(data)),
    ).toBe(true);
    // Rows held by the dead nodes come from decoding; the stream still yields every byte in order.
    const stream = await client.readStream(before.blobId);
    const parts: Buffer[] = [];
    for await (const chunk of stream.chunks) parts.push(Buffer.from(chunk));
    expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);

    // One more node down: no quorum for stores, but k1 = 9 shards are still readable.
    await net.nodes[2].close();
    await expect(
      client.store(new Uint8Array(randomBytes(1000)), { epochs: 1 }),
    ).rejects.toBeInstanceOf(NotEnoughConfirmationsError);
    expect((await client.read(during.blobId)).length).toBe(50_000);

    // Five of seven down: 6 shards left, fewer than k1.
    await Promise.all(net.nodes.slice(3, 5).map((n) => n.close()));
    await expect(client.read(before.blobId)).rejects.toBeInstanceOf(NotEnoughSliversError);

    // Past its end epoch a blob is expired, whatever the nodes hold.
    now += 25n * 3600n * 1000n;
    await net.operator.initiateEpochChange();
    await expect(client.read(shortLived.blobId)).rejects.toBeInstanceOf(BlobExpiredError);
  });
});
