/**
 * Compact metadata mode: a node that holds none of pairs 0..f keeps only the blob root and its
 * own pairs (with paths), still checks slivers and confirms, but does not serve full metadata;
 * a node holding one of those pairs keeps the full form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { sliverBatchToBcs } from '../../src/encoding/sliver-batch.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { compactMetadataBytes } from '../../src/node/store/compact-metadata.ts';
import {
  blobOf,
  committeeEvent,
  inProcessNode,
  pairBodies,
  putMetadata,
  registeredEvent,
  tempDir,
  type InProcessNode,
} from './helpers.ts';

const N = 7; // f = 2: pairs 0..2 keep full metadata

describe('compact metadata mode', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let node: InProcessNode | undefined;
  afterEach(async () => {
    await node?.close();
    dir?.remove();
  });

  async function setup(pairs: number[]) {
    const blob = await blobOf(3000, N, 5);
    const shards = pairs.map((p) => shardForPairIndex(p, blob.blobId, N));
    dir = tempDir();
    node = inProcessNode({ dir: dir.path, metadataMode: 'compact' });
    await node.apply(committeeEvent(1, N, shards));
    await node.apply(registeredEvent(blob));
    const res = await putMetadata(node, blob);
    expect(res.statusCode).toBe(201);
    return { blob, node };
  }

  it('keeps root and own pairs only, checks slivers with them, and confirms', async () => {
    const { blob, node } = await setup([4, 5]);
    const full = metadataToBcs(blob.metadata).length;
    const kept = node.ctx.store.getMetadata(blob.blobId)!.length;
    expect(kept).toBeLessThan(full);
    expect(kept).toBe(compactMetadataBytes(N, 2) + 1);
    let res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/metadata`,
    });
    expect(res.statusCode).toBe(404);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/metadata/status`,
    });
    expect(res.json().success.data).toBe('Stored');

    const bad = blob.pairs[4].secondary.data.slice();
    bad[1] ^= 9;
    res = await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${blob.blobIdText}/slivers/4/secondary`,
      payload: Buffer.from(sliverToBcs({ ...blob.pairs[4].secondary, data: bad })),
    });
    expect(res.statusCode).toBe(400);
    for (const p of [4, 5]) {
      for (const axis of ['primary', 'secondary'] as const) {
        res = await node.app.inject({
          method: 'PUT',
          url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
          payload: Buffer.from(pairBodies(blob, p)[axis]),
        });
        expect(res.statusCode).toBe(200);
      }
    }
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/confirmation/permanent`,
    });
    expect(res.statusCode).toBe(200);
  });

  it('checks a batched upload with compact metadata: a bad sliver refuses it, a good one confirms', async () => {
    const { blob, node } = await setup([4, 5]);
    const slivers = [4, 5].flatMap((p) => [blob.pairs[p].primary, blob.pairs[p].secondary]);
    const put = (body: Uint8Array) =>
      node.app.inject({
        method: 'PUT',
        url: `/v1/blobs/${blob.blobIdText}/slivers`,
        payload: Buffer.from(body),
      });
    const bad = slivers.map((s, i) =>
      i === 1 ? { ...s, data: s.data.map((b, j) => (j === 1 ? b ^ 9 : b)) } : s,
    );
    let res = await put(sliverBatchToBcs(bad));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_SLIVER');
    res = await put(sliverBatchToBcs(slivers));
    expect(res.statusCode).toBe(201);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/confirmation/permanent`,
    });
    expect(res.statusCode).toBe(200);
  });

  it('keeps full metadata on a holder of one of pairs 0..f', async () => {
    const { blob, node } = await setup([1, 5]);
    expect(node.ctx.store.getMetadata(blob.blobId)).toEqual(metadataToBcs(blob.metadata));
    const res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/metadata`,
    });
    expect(res.statusCode).toBe(200);
  });

  it('is several times smaller than full metadata at n = 1000', () => {
    const full = metadataToBcs({
      encodingType: 1,
      unencodedLength: 1,
      hashes: Array.from({ length: 1000 }, () => ({
        primary: new Uint8Array(32),
        secondary: new Uint8Array(32),
      })),
    }).length;
    expect(compactMetadataBytes(1000, 10)).toBeLessThan(full / 10);
  });
});
