/**
 * Uploads that arrive before the node applied the registration event: the node asks the chain,
 * holds verified uploads in a bounded buffer (202, "Buffered"), and stores them when the event
 * is applied; a blob the chain does not know is refused and nothing is held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedSize } from '../../src/chain/embedded/storage-resource.ts';
import type { EmbeddedChain } from '../../src/chain/embedded/chain.ts';
import type { ChainEvent } from '../../src/chain/events.ts';
import type { Committee } from '../../src/chain/types.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import {
  blobOf,
  inProcessNode,
  pairBodies,
  pairsOnShards,
  tempDir,
  type InProcessNode,
} from './helpers.ts';
import { ADMIN, USER, openEmbeddedChain, registerNetwork, type NetNode } from './network.ts';

describe('pre-registration buffer', () => {
  let dir: ReturnType<typeof tempDir>;
  let chain: EmbeddedChain;
  let client: ReturnType<typeof openEmbeddedChain>['client'];
  let nodes: NetNode[];
  let committee: Committee;
  let node: InProcessNode;
  let own: number[];

  beforeAll(async () => {
    dir = tempDir();
    ({ chain, client } = openEmbeddedChain());
    nodes = await registerNetwork(client(ADMIN) as never, [5000n, 5000n]);
    committee = (await client(ADMIN).getCommittee())!;
    own = committee.members.find((m) => m.nodeId === nodes[0].nodeId)!.shards;
    node = inProcessNode({
      dir: dir.path,
      nodeId: nodes[0].nodeId,
      chain: client(ADMIN),
      bufferBytes: 64 * 1024,
    });
    await node.apply({
      type: 'CommitteeSelected',
      data: {
        epoch: committee.epoch,
        members: committee.members.map((m) => m.nodeId),
        shards: committee.members.map((m) => m.shards),
        rotated: 0n,
      },
    });
  });
  afterAll(async () => {
    await node.close();
    chain.close();
    dir.remove();
  });

  async function registerOnChainOnly(blob: EncodedBlob): Promise<ChainEvent> {
    const size = BigInt(blob.metadata.unencodedLength);
    const r = await client(USER).reserveAndRegisterBlob({
      blobId: blobIdToU256(blob.blobId),
      rootHash: blobIdToU256(blob.rootHash),
      size,
      encodingType: 1,
      deletable: false,
      storageSize: encodedSize(size, 10),
      epochsAhead: 2,
    });
    return r.events.find((e) => e.event.type === 'BlobRegistered')!.event;
  }

  const put = (url: string, body: Uint8Array) =>
    node.app.inject({ method: 'PUT', url, payload: Buffer.from(body) });

  it('buffers verified uploads for a blob registered on chain but not yet seen, then stores them', async () => {
    const blob = await blobOf(3000, 10, 61);
    const registered = await registerOnChainOnly(blob);
    let res = await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata));
    expect(res.statusCode).toBe(202);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/metadata/status`,
    });
    expect(res.json().success.data).toBe('Buffered');
    const p = pairsOnShards(blob, own)[0];
    const bad = pairBodies(blob, p).primary.slice();
    bad[bad.length - 5] ^= 1;
    res = await put(`/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`, bad);
    expect(res.statusCode).toBe(400);
    res = await put(
      `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
      pairBodies(blob, p).primary,
    );
    expect(res.statusCode).toBe(202);
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(false);

    await node.apply(registered);
    expect(node.ctx.store.hasMetadata(blob.blobId)).toBe(true);
    res = await node.app.inject({
      method: 'GET',
      url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
    });
    expect(Buffer.from(res.rawPayload).equals(Buffer.from(pairBodies(blob, p).primary))).toBe(true);
    expect(node.ctx.buffer.size).toEqual({ bytes: 0, entries: 0 });
  });

  it('refuses a blob the chain does not know, holding nothing', async () => {
    const blob = await blobOf(3000, 10, 62);
    const res = await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_REGISTERED');
    expect(node.ctx.buffer.size.entries).toBe(0);
  });

  it('stays within its byte bound (429 beyond it)', async () => {
    const blob = await blobOf(200_000, 10, 63);
    await registerOnChainOnly(blob);
    expect(
      (await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata))).statusCode,
    ).toBe(202);
    const statuses: number[] = [];
    for (const p of pairsOnShards(blob, own)) {
      for (const axis of ['primary', 'secondary'] as const)
        statuses.push(
          (
            await put(
              `/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
              pairBodies(blob, p)[axis],
            )
          ).statusCode,
        );
    }
    expect(statuses).toContain(429);
    expect(node.ctx.buffer.size.bytes).toBeLessThanOrEqual(64 * 1024);
  });
});
