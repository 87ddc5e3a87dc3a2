/**
 * Bad input is refused with a 4xx and `{ error: { code, message } }`, and nothing is stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import {
  blobOf,
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
const OWN = [1, 2, 4];

describe('storage node bad input', () => {
  let dir: ReturnType<typeof tempDir>;
  let node: InProcessNode;
  let blob: EncodedBlob;

  beforeEach(async () => {
    dir = tempDir();
    node = inProcessNode({ dir: dir.path, maxBodyBytes: 8192 });
    await node.apply(committeeEvent(1, N, OWN));
    blob = await blobOf(2000, N);
  });
  afterEach(async () => {
    await node.close();
    dir.remove();
  });

  function nothingStored(): void {
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(false);
    for (let s = 0; s < N; s++) expect(node.ctx.store.sliverCount(s)).toBe(0);
  }

  function nothingButMetadata(): void {
    for (let s = 0; s < N; s++) expect(node.ctx.store.sliverCount(s)).toBe(0);
  }

  async function put(url: string, body: Uint8Array) {
    const res = await node.app.inject({
      method: 'PUT',
      url,
      payload: Buffer.from(body),
      headers: { 'content-type': 'application/octet-stream' },
    });
    const json = res.json();
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(typeof json.error.code).toBe('string');
    expect(typeof json.error.message).toBe('string');
    return { status: res.statusCode, code: json.error.code as string };
  }

  async function registerWithMetadata(): Promise<void> {
    await node.apply(registeredEvent(blob));
    const res = await putMetadata(node, blob);
    expect(res.statusCode).toBe(201);
  }

  it('refuses metadata for an unregistered blob', async () => {
    expect(
      await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata)),
    ).toEqual({ status: 409, code: 'NOT_REGISTERED' });
    nothingStored();
  });

  it('refuses a sliver for an unregistered blob', async () => {
    const p = pairsOnShards(blob, OWN)[0];
    expect(
      await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, pairBodies(blob, p).primary),
    ).toEqual({ status: 409, code: 'NOT_REGISTERED' });
    nothingStored();
  });

  it('refuses malformed BCS metadata and slivers', async () => {
    await node.apply(registeredEvent(blob));
    const good = metadataToBcs(blob.metadata);
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/metadata`, good.subarray(0, good.length - 5))).code,
    ).toBe('INVALID_BCS');
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/metadata`, new Uint8Array([...good, 0]))).code,
    ).toBe('INVALID_BCS');
    nothingStored();
    await registerWithMetadata();
    const p = pairsOnShards(blob, OWN)[0];
    const body = pairBodies(blob, p).primary;
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, body.subarray(0, 10))).code,
    ).toBe('INVALID_BCS');
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, new Uint8Array(0))).code,
    ).toBe('INVALID_BCS');
    nothingButMetadata();
  });

  it('refuses metadata that commits to another blob id', async () => {
    await node.apply(registeredEvent(blob));
    const other = await blobOf(2000, N, 9);
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(other.metadata))).code,
    ).toBe('INVALID_METADATA');
    nothingStored();
  });

  it('refuses a sliver that does not match its hash', async () => {
    await registerWithMetadata();
    const p = pairsOnShards(blob, OWN)[0];
    const pair = blob.pairs[p];
    const data = pair.primary.data.slice();
    data[3] ^= 0x55;
    const status = await put(
      `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
      sliverToBcs({ ...pair.primary, data }),
    );
    expect(status).toEqual({ status: 400, code: 'INVALID_SLIVER' });
    // The right sliver at the wrong pair is refused too.
    const q = pairsOnShards(blob, OWN)[1];
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/slivers/${q}/primary`, pairBodies(blob, p).primary))
        .code,
    ).toBe('INVALID_SLIVER');
    // A primary sliver sent as a secondary one.
    expect(
      (
        await put(
          `/v1/blobs/${blob.blobIdText}/slivers/${p}/secondary`,
          pairBodies(blob, p).primary,
        )
      ).status,
    ).toBe(400);
    nothingButMetadata();
  });

  it('refuses a sliver for a shard the node does not hold', async () => {
    await registerWithMetadata();
    const notOwn = [...Array(N).keys()].filter((s) => !OWN.includes(s));
    const p = pairsOnShards(blob, notOwn)[0];
    expect(
      await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, pairBodies(blob, p).primary),
    ).toEqual({
      status: 421,
      code: 'SHARD_NOT_ASSIGNED',
    });
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/slivers/${N}/primary`, pairBodies(blob, 0).primary))
        .code,
    ).toBe('INDEX_OUT_OF_RANGE');
    nothingButMetadata();
  });

  it('refuses a body over the size limit', async () => {
    await registerWithMetadata();
    const p = pairsOnShards(blob, OWN)[0];
    expect(
      await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, new Uint8Array(9000)),
    ).toEqual({ status: 413, code: 'BODY_TOO_LARGE' });
    nothingButMetadata();
  });

  it('refuses a path with a bad blob id, pair index or sliver type', async () => {
    await registerWithMetadata();
    const p = pairsOnShards(blob, OWN)[0];
    const body = pairBodies(blob, p).primary;
    for (const bad of [
      'abc',
      blob.blobIdText + 'A',
      blob.blobIdText.slice(0, 42) + '!',
      blob.blobIdText.slice(0, 42) + 'B',
    ]) {
      expect(
        (await put(`/v1/blobs/${encodeURIComponent(bad)}/slivers/${p}/primary`, body)).code,
      ).toBe('INVALID_BLOB_ID');
    }
    expect((await put(`/v1/blobs/${blob.blobIdText}/slivers/-1/primary`, body)).code).toBe(
      'INVALID_PAIR_INDEX',
    );
    expect((await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/tertiary`, body)).code).toBe(
      'INVALID_SLIVER_TYPE',
    );
    const res = await node.app.inject({ method: 'GET', url: '/v1/blobs/not-a-blob-id/metadata' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_BLOB_ID');
    nothingButMetadata();
  });
});
