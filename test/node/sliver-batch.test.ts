/**
 * Floe's batched sliver routes (`PUT` / `GET /v1/blobs/{id}/slivers`): a whole node's share in
 * one request, all-or-nothing on bad input, confirmations as with single uploads, reads of many
 * slivers in one, and the BCS framing pinned to the generic codec.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/bcs';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { SliverBcs } from '../../src/encoding/bcs.ts';
import {
  formatPairList,
  parsePairList,
  sliverBatchFromBcs,
  sliverBatchToBcs,
} from '../../src/encoding/sliver-batch.ts';
import { sliverToBcs, type Sliver } from '../../src/encoding/sliver.ts';
import { readSliverBatch } from '../../src/node/service/sliver-batch.ts';
import {
  blobOf,
  committeeEvent,
  inProcessNode,
  pairsOnShards,
  putMetadata,
  registeredEvent,
  tempDir,
  type InProcessNode,
} from './helpers.ts';

const N = 7;
const OWN = [1, 2, 4];

function ownSlivers(blob: EncodedBlob): Sliver[] {
  return pairsOnShards(blob, OWN).flatMap((p) => [blob.pairs[p].primary, blob.pairs[p].secondary]);
}

describe('sliver batch framing', () => {
  it('writes exactly what the generic BCS codec writes for vector<Sliver>, and reads it back', async () => {
    const blob = await blobOf(3000, N);
    const slivers = ownSlivers(blob);
    const generic = bcs
      .vector(SliverBcs)
      .serialize(
        slivers.map((s) => {
          const data = { symbols: { data: s.data, symbol_size: s.symbolSize }, index: s.index };
          return s.axis === 'primary' ? { Primary: data } : { Secondary: data };
        }),
      )
      .toBytes();
    const ours = sliverBatchToBcs(slivers);
    expect(Buffer.from(ours).equals(Buffer.from(generic))).toBe(true);
    const back = sliverBatchFromBcs(ours, 100);
    expect(back.map((b) => b.sliver)).toEqual(slivers);
    // Each element's untagged part is the single-sliver body.
    back.forEach((b, i) =>
      expect(Buffer.from(b.sliverData).equals(Buffer.from(sliverToBcs(slivers[i])))).toBe(true),
    );
  });

  it('refuses truncated, trailing, mistagged, non-canonical and oversized input', async () => {
    const blob = await blobOf(3000, N);
    const ours = sliverBatchToBcs(ownSlivers(blob));
    expect(() => sliverBatchFromBcs(ours.subarray(0, ours.length - 1), 100)).toThrow(
      /malformed BCS/,
    );
    expect(() => sliverBatchFromBcs(new Uint8Array([...ours, 0]), 100)).toThrow(/trailing/);
    const mistagged = ours.slice();
    mistagged[1] = 2;
    expect(() => sliverBatchFromBcs(mistagged, 100)).toThrow(/tag/);
    expect(() => sliverBatchFromBcs(new Uint8Array([0x80, 0x00]), 100)).toThrow(/malformed BCS/);
    expect(() => sliverBatchFromBcs(ours, 2)).toThrow(/at most 2/);
    expect(sliverBatchFromBcs(new Uint8Array([0]), 0)).toEqual([]);
  });

  it('pair lists: ranges both ways, and junk refused', () => {
    expect(formatPairList([5, 1, 2, 3, 9, 10, 3])).toBe('1-3,5,9-10');
    expect(parsePairList('1-3,5,9-10')).toEqual([1, 2, 3, 5, 9, 10]);
    expect(parsePairList('')).toEqual([]);
    for (const bad of ['1-', 'a', '3-1', '1,,2', '70000', '0-65536'])
      expect(() => parsePairList(bad), bad).toThrow(/not a pair list/);
  });
});

describe('batched sliver routes', () => {
  let dir: ReturnType<typeof tempDir>;
  let node: InProcessNode;
  let blob: EncodedBlob;

  beforeEach(async () => {
    dir = tempDir();
    node = inProcessNode({ dir: dir.path });
    await node.apply(committeeEvent(1, N, OWN));
    blob = await blobOf(5000, N);
  });
  afterEach(async () => {
    await node.close();
    dir.remove();
  });

  const put = (body: Uint8Array) =>
    node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${blob.blobIdText}/slivers`,
      payload: Buffer.from(body),
      headers: { 'content-type': 'application/octet-stream' },
    });
  const storedCount = () => OWN.reduce((t, s) => t + node.ctx.store.sliverCount(s), 0);

  async function registered(): Promise<void> {
    await node.apply(registeredEvent(blob));
    expect((await putMetadata(node, blob)).statusCode).toBe(201);
  }

  it('stores a node share in one request, then confirms; a repeat stores nothing new', async () => {
    await registered();
    let res = await put(sliverBatchToBcs(ownSlivers(blob)));
    expect(res.statusCode).toBe(201);
    expect(res.json().success.data).toEqual({ stored: 6, alreadyStored: 0, buffered: 0 });
    expect(storedCount()).toBe(6);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/confirmation/permanent`,
    });
    expect(res.statusCode).toBe(200);
    res = await put(sliverBatchToBcs(ownSlivers(blob)));
    expect(res.statusCode).toBe(200);
    expect(res.json().success.data).toEqual({ stored: 0, alreadyStored: 6, buffered: 0 });
  });

  it('refuses the whole batch when one sliver is bad, and stores none of it', async () => {
    await registered();
    const slivers = ownSlivers(blob);
    const tampered = slivers.map((s, i) =>
      i === 3 ? { ...s, data: s.data.map((b, j) => (j === 0 ? b ^ 1 : b)) } : s,
    );
    let res = await put(sliverBatchToBcs(tampered));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_SLIVER');
    expect(res.json().error.message).toMatch(
      new RegExp(`${slivers[3].axis} sliver ${slivers[3].index}`),
    );
    expect(storedCount()).toBe(0);

    // A sliver of a shard this node does not hold: 421, nothing stored.
    const other = blob.pairs[pairsOnShards(blob, [0])[0]].primary;
    res = await put(sliverBatchToBcs([...slivers, other]));
    expect(res.statusCode).toBe(421);
    expect(storedCount()).toBe(0);

    // The same sliver twice: 400.
    res = await put(sliverBatchToBcs([slivers[0], slivers[0]]));
    expect(res.statusCode).toBe(400);
    expect(storedCount()).toBe(0);

    // Malformed BCS: 400 INVALID_BCS.
    res = await put(new Uint8Array([5, 0, 1]));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_BCS');
    expect(storedCount()).toBe(0);
  });

  it('refuses a batch for an unregistered blob', async () => {
    const res = await put(sliverBatchToBcs(ownSlivers(blob)));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_REGISTERED');
    expect(storedCount()).toBe(0);
  });

  it('serves many primary slivers in one reply, leaving out pairs it does not serve', async () => {
    await registered();
    await put(sliverBatchToBcs(ownSlivers(blob)));
    const own = pairsOnShards(blob, OWN);
    const foreign = pairsOnShards(blob, [0, 3]);
    const res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/slivers?axis=primary&pairs=${formatPairList([...own, ...foreign])}`,
    });
    expect(res.statusCode).toBe(200);
    const got = sliverBatchFromBcs(new Uint8Array(res.rawPayload), 100).map((b) => b.sliver);
    expect(got).toEqual([...own].sort((a, b) => a - b).map((p) => blob.pairs[p].primary));

    const all = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/slivers?axis=secondary`,
    });
    const secondaries = sliverBatchFromBcs(new Uint8Array(all.rawPayload), 100).map(
      (b) => b.sliver,
    );
    expect(secondaries).toHaveLength(own.length);

    const bad = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/slivers?axis=primary&pairs=1-x`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_PAIR_LIST');

    const outside = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/slivers?axis=primary&pairs=0-${N}`,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('INDEX_OUT_OF_RANGE');
  });

  it('ends a batched read reply at its byte bound, with at least one sliver', async () => {
    await registered();
    await put(sliverBatchToBcs(ownSlivers(blob)));
    const own = [...pairsOnShards(blob, OWN)].sort((a, b) => a - b);
    const size = blob.pairs[own[0]].primary.data.length;
    const two = readSliverBatch(node.ctx, blob.blobId, 'primary', own, 2 * size + 40);
    expect(two.map((s) => s.pairIndex)).toEqual(own.slice(0, 2));
    const one = readSliverBatch(node.ctx, blob.blobId, 'primary', own, 1);
    expect(one.map((s) => s.pairIndex)).toEqual(own.slice(0, 1));
    expect(readSliverBatch(node.ctx, blob.blobId, 'primary', own)).toHaveLength(own.length);
  });
});
