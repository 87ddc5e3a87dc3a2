/**
 * Health and Prometheus metrics reflect what the node did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('health and metrics', () => {
  let dir: ReturnType<typeof tempDir>;
  let node: InProcessNode;
  beforeAll(async () => {
    dir = tempDir();
    node = inProcessNode({ dir: dir.path });
    await node.apply(committeeEvent(4, 7, [1, 2]));
  });
  afterAll(async () => {
    await node.close();
    dir.remove();
  });

  it('reports epoch, shards, key and cursor', async () => {
    const res = await node.app.inject({ method: 'GET', url: '/v1/health' });
    const data = res.json().success.data;
    expect(data).toMatchObject({
      epoch: 4,
      nodeStatus: 'Active',
      shardSummary: { owned: 2, nShards: 7 },
    });
    expect(Buffer.from(data.publicKey, 'base64')).toEqual(Buffer.from(node.ctx.signer.publicKey));
    expect(typeof data.eventProgress.cursor).toBe('string');
  });

  it('counts stored slivers, rejections and requests', async () => {
    const blob = await blobOf(900, 7, 3);
    await node.apply(registeredEvent(blob, { epoch: 4 }));
    await putMetadata(node, blob);
    const p = pairsOnShards(blob, [1, 2])[0];
    await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
      payload: Buffer.from(pairBodies(blob, p).primary),
    });
    await node.app.inject({
      method: 'PUT',
      url: `/v1/blobs/${blob.blobIdText}/slivers/${p}/secondary`,
      payload: Buffer.from([1, 2, 3]),
    });
    const text = (await node.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/floe_node_slivers_stored_total\{[^}]*axis="primary"[^}]*\} 1/);
    expect(text).toMatch(/floe_node_uploads_rejected_total\{[^}]*reason="INVALID_BCS"[^}]*\} 1/);
    expect(text).toMatch(/floe_node_epoch\{[^}]*\} 4/);
    expect(text).toMatch(/floe_node_http_requests_total\{[^}]*status="200"/);
  });
});
