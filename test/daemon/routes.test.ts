import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type DaemonServer } from '../../src/daemon/server.ts';
import { blobIdFromString } from '../../src/encoding/blob-id.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { silentLogger } from '../../src/util/log.ts';
import { startTestNetwork, type TestNetwork } from '../client/network.ts';

describe('daemon routes over a real client and network', () => {
  let net: TestNetwork;
  let app: DaemonServer;
  beforeAll(async () => {
    net = await startTestNetwork(4, 12);
    app = buildServer({ service: net.client(), log: silentLogger, maxBodyBytes: 1 << 20 });
  });
  afterAll(async () => {
    await app?.close();
    await net?.close();
  });

  it('stores with PUT and serves the bytes with GET, length and ETag', async () => {
    const data = randomBytes(70_000);
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/blobs?epochs=3',
      payload: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.statusCode).toBe(200);
    const created = put.json().newlyCreated;
    expect(created.blobId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.objectId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(created.endEpoch).toBe(4);
    expect(created.deletable).toBe(false);

    const again = await app.inject({ method: 'PUT', url: '/v1/blobs?epochs=2', payload: data });
    expect(again.statusCode).toBe(200);
    expect(again.json().alreadyCertified.blobId).toBe(created.blobId);

    const get = await app.inject({ method: 'GET', url: `/v1/blobs/${created.blobId}` });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-length']).toBe(String(data.length));
    expect(get.headers.etag).toBe(`"${created.blobId}"`);
    expect(get.rawPayload.equals(data)).toBe(true);

    const cached = await app.inject({
      method: 'GET',
      url: `/v1/blobs/${created.blobId}`,
      headers: { 'if-none-match': `"${created.blobId}"` },
    });
    expect(cached.statusCode).toBe(304);
  });

  it('stores an empty body and deletable blobs', async () => {
    const put = await app.inject({ method: 'PUT', url: '/v1/blobs?epochs=1&deletable=true' });
    expect(put.statusCode).toBe(200);
    const created = put.json().newlyCreated;
    expect(created.size).toBe(0);
    expect(created.deletable).toBe(true);
    const get = await app.inject({ method: 'GET', url: `/v1/blobs/${created.blobId}` });
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-length']).toBe('0');
  });

  it('answers clear errors', async () => {
    const tooBig = await app.inject({
      method: 'PUT',
      url: '/v1/blobs?epochs=1',
      payload: Buffer.alloc((1 << 20) + 1),
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('BODY_TOO_LARGE');

    const badEpochs = await app.inject({
      method: 'PUT',
      url: '/v1/blobs?epochs=zero',
      payload: Buffer.from('x'),
    });
    expect(badEpochs.statusCode).toBe(400);
    expect(badEpochs.json().error.code).toBe('INVALID_INPUT');

    const badId = await app.inject({ method: 'GET', url: '/v1/blobs/nope' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('INVALID_BLOB_ID');

    const missing = await app.inject({
      method: 'GET',
      url: `/v1/blobs/${Buffer.alloc(32, 9).toString('base64url')}`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('BLOB_NOT_FOUND');

    const noRoute = await app.inject({ method: 'DELETE', url: '/v1/blobs' });
    expect(noRoute.statusCode).toBe(404);
  });

  // Last, since it stops nodes of the shared network.
  it('answers a status and a JSON error, not a cut-off 200, when the bytes cannot be had', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/blobs?epochs=1',
      payload: randomBytes(5000),
    });
    const { blobId } = put.json().newlyCreated;
    // Keep one node, one that does not hold the first data row, so the read fails before its
    // first chunk: 3 of 12 shards answer, fewer than the k1 = 6 slivers a read needs.
    const firstRowShard = shardForPairIndex(0, blobIdFromString(blobId), 12);
    const keep = net.nodes.findIndex(
      (node) => !node.ctx.committee.require().ownShards.includes(firstRowShard),
    );
    await Promise.all(net.nodes.filter((_, i) => i !== keep).map((node) => node.close()));
    const get = await app.inject({ method: 'GET', url: `/v1/blobs/${blobId}` });
    expect(get.statusCode).toBe(503);
    expect(get.headers['content-length']).not.toBe('5000');
    expect(get.json().error.code).toBe('NOT_ENOUGH_SLIVERS');
  });
});
