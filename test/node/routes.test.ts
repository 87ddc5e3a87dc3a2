/**
 * The REST API in process (Fastify inject) over a real store: the write path end to end, and the
 * confirmation that is signed only once every shard of the node holds its pair.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metadataToBcs, metadataWithIdFromBcs } from '../../src/encoding/metadata.ts';
import { verify } from '../../src/crypto/bls.ts';
import { parseBlobCertificate } from '../../src/crypto/messages.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import {
  blobOf,
  certifiedEvent,
  committeeEvent,
  inProcessNode,
  pairBodies,
  pairsOnShards,
  putMetadata,
  registeredEvent,
  tempDir,
  type InProcessNode,
} from './helpers.ts';

const N = 7;
const OWN = [0, 3, 5];

describe('storage node routes', () => {
  let dir: ReturnType<typeof tempDir>;
  let node: InProcessNode;

  beforeEach(async () => {
    dir = tempDir();
    node = inProcessNode({ dir: dir.path });
    await node.apply(committeeEvent(1, N, OWN));
  });
  afterEach(async () => {
    await node.close();
    dir.remove();
  });

  it('stores metadata and slivers, serves them back, and confirms only when complete', async () => {
    const blob = await blobOf(3000, N);
    await node.apply(registeredEvent(blob));
    const id = blob.blobIdText;

    let res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${id}/metadata`,
      payload: Buffer.from(metadataToBcs(blob.metadata)),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ success: { code: 201, data: 'metadata successfully stored' } });
    res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${id}/metadata`,
      payload: Buffer.from(metadataToBcs(blob.metadata)),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.statusCode).toBe(200);

    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/metadata` });
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const back = metadataWithIdFromBcs(new Uint8Array(res.rawPayload));
    expect(Buffer.from(back.blobId).equals(Buffer.from(blob.blobId))).toBe(true);

    const pairs = pairsOnShards(blob, OWN);
    expect(pairs).toHaveLength(OWN.length);
    // Not yet complete: no confirmation.
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/confirmation/permanent` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FULLY_STORED');

    for (const p of pairs) {
      const bodies = pairBodies(blob, p);
      for (const axis of ['primary', 'secondary'] as const) {
        res = await node.app.inject({
          method: 'PUT',
          url: `/v1/blobs/${id}/slivers/${p}/${axis}`,
          payload: Buffer.from(bodies[axis]),
          headers: { 'content-type': 'application/octet-stream' },
        });
        expect(res.statusCode, res.body).toBe(200);
        res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/slivers/${p}/${axis}` });
        expect(Buffer.from(res.rawPayload).equals(Buffer.from(bodies[axis]))).toBe(true);
        res = await node.app.inject({
          method: 'GET',
          url: `/v1/blobs/${id}/slivers/${p}/${axis}/status`,
        });
        expect(res.json()).toEqual({ success: { code: 200, data: 'Stored' } });
      }
    }

    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/confirmation/permanent` });
    expect(res.statusCode).toBe(200);
    const signed = res.json().success.data.signed;
    const message = new Uint8Array(Buffer.from(signed.serializedMessage, 'base64'));
    const signature = new Uint8Array(Buffer.from(signed.signature, 'base64'));
    expect(verify(signature, message, node.ctx.signer.publicKey)).toBe(true);
    expect(parseBlobCertificate(message)).toEqual({
      epoch: 1,
      blobId: blobIdToU256(blob.blobId),
      persistence: { kind: 'Permanent' },
    });

    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/status` });
    expect(res.json().success.data.permanent).toMatchObject({ endEpoch: 10, isCertified: false });
    await node.apply(certifiedEvent(blob));
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/status` });
    expect(res.json().success.data.permanent).toMatchObject({
      endEpoch: 10,
      isCertified: true,
      initialCertifiedEpoch: 1,
    });
  });

  it('confirms a deletable blob only for its own object id', async () => {
    const blob = await blobOf(500, N, 2);
    const objectId = '0x' + '42'.repeat(32);
    await node.apply(registeredEvent(blob, { deletable: true, objectId }));
    const id = blob.blobIdText;
    await putMetadata(node, blob);
    for (const p of pairsOnShards(blob, OWN)) {
      const bodies = pairBodies(blob, p);
      for (const axis of ['primary', 'secondary'] as const) {
        const res = await node.app.inject({
          method: 'PUT',
          url: `/v1/blobs/${id}/slivers/${p}/${axis}`,
          payload: Buffer.from(bodies[axis]),
        });
        expect(res.statusCode).toBe(200);
      }
    }
    let res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${id}/confirmation/deletable/${'0x' + '43'.repeat(32)}`,
    });
    expect(res.statusCode).toBe(409);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${id}/confirmation/deletable/${objectId}`,
    });
    expect(res.statusCode).toBe(200);
    const message = new Uint8Array(
      Buffer.from(res.json().success.data.signed.serializedMessage, 'base64'),
    );
    expect(parseBlobCertificate(message).persistence).toEqual({ kind: 'Deletable', objectId });
  });

  it('drops the data of deleted and invalidated blobs', async () => {
    const blob = await blobOf(800, N, 3);
    await node.apply(registeredEvent(blob, { deletable: true }));
    const id = blob.blobIdText;
    await putMetadata(node, blob);
    const p = pairsOnShards(blob, OWN)[0];
    await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${id}/slivers/${p}/primary`,
      payload: Buffer.from(pairBodies(blob, p).primary),
    });
    await node.apply({
      type: 'BlobDeleted',
      data: {
        epoch: 1,
        blobId: blobIdToU256(blob.blobId),
        endEpoch: 10,
        objectId: '0x' + '01'.repeat(32),
        wasCertified: false,
      },
    });
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(false);
    let res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/slivers/${p}/primary` });
    expect(res.statusCode).toBe(404);
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/status` });
    expect(res.json().success.data).toBe('nonexistent');

    const other = await blobOf(900, N, 4);
    await node.apply(registeredEvent(other));
    await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${other.blobIdText}/metadata`,
      payload: Buffer.from(metadataToBcs(other.metadata)),
    });
    await node.apply({
      type: 'InvalidBlobID',
      data: { epoch: 1, blobId: blobIdToU256(other.blobId) },
    });
    expect(node.ctx.store.hasMetadata(other.blobId)).toBe(false);
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${other.blobIdText}/status` });
    expect(res.json().success.data).toHaveProperty('invalid');
    res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${other.blobIdText}/metadata`,
      payload: Buffer.from(metadataToBcs(other.metadata)),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BLOB_INVALID');
  });

  it('drops expired blobs at the epoch change', async () => {
    const blob = await blobOf(700, N, 5);
    await node.apply(registeredEvent(blob, { endEpoch: 2 }));
    await putMetadata(node, blob);
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(true);
    await node.apply({ type: 'EpochChangeStart', data: { epoch: 2 } });
    await node.apply(committeeEvent(2, N, OWN));
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(false);
    expect(node.ctx.store.getBlob(blob.blobId)).toBeUndefined();
  });

  it('serves a shard it gave up until the epoch change is done, then drops it', async () => {
    const blob = await blobOf(1500, N, 8);
    await node.apply(registeredEvent(blob));
    const id = blob.blobIdText;
    await putMetadata(node, blob);
    const [p] = pairsOnShards(blob, [0]);
    let res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${id}/slivers/${p}/primary`,
      payload: Buffer.from(pairBodies(blob, p).primary),
    });
    expect(res.statusCode).toBe(200);

    await node.apply({ type: 'EpochChangeStart', data: { epoch: 2 } });
    await node.apply(committeeEvent(2, N, [3, 5, 6]));
    expect(node.ctx.committee.current!.retiringShards).toEqual([0]);
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/slivers/${p}/primary` });
    expect(res.statusCode).toBe(200);
    res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${id}/slivers/${p}/secondary`,
      payload: Buffer.from(pairBodies(blob, p).secondary),
    });
    expect(res.statusCode).toBe(421);

    await node.apply({ type: 'EpochChangeDone', data: { epoch: 2 } });
    expect(node.ctx.committee.current!.retiringShards).toEqual([]);
    res = await node.app.inject({ method: 'GET', url: `/v1/blobs/${id}/slivers/${p}/primary` });
    expect(res.statusCode).toBe(421);
    expect(node.ctx.store.sliverCount(0)).toBe(0);
  });
});
