/**
 * The client sends each node its share in batched requests and reads many slivers per request,
 * and still works, one sliver per request, with nodes that lack Floe's batched routes (as a
 * Walrus node does).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetwork, type TestNetwork } from './network.ts';

/** A fetch that counts requests by kind and can answer 404 for the batched routes. */
function countingFetch(withoutBatchRoutes: boolean) {
  const counts = { batch: 0, single: 0 };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    if (/\/slivers(\?|$)/.test(url)) {
      counts.batch++;
      if (withoutBatchRoutes) {
        return new Response(
          JSON.stringify({ error: { code: 'NO_SUCH_ROUTE', message: 'no such route' } }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        );
      }
    } else if (/\/slivers\/\d+\/(primary|secondary)$/.test(url)) counts.single++;
    return globalThis.fetch(input, init);
  };
  return { fetch, counts };
}

describe('batched sliver transfer', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork(4, 40);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('moves a blob with a few requests per node instead of one per sliver', async () => {
    const { fetch, counts } = countingFetch(false);
    const client = net.client({ fetch });
    const data = new Uint8Array(randomBytes(200_000));
    const stored = await client.store(data, { epochs: 1 });
    // 40 pairs = 80 slivers over 4 nodes: one batch each (a retry of a node that had not yet
    // seen the registration may add one).
    expect(counts.batch).toBeGreaterThanOrEqual(4);
    expect(counts.batch).toBeLessThanOrEqual(8);
    const afterStore = counts.batch;
    expect(counts.single).toBe(0);
    const back = await client.read(stored.blobId);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    // The data rows sit on at most 4 nodes: at most one batched read each.
    expect(counts.batch - afterStore).toBeLessThanOrEqual(4);
    expect(counts.single).toBe(0);
  });

  it('falls back to one request per sliver for nodes without the batched routes', async () => {
    const { fetch, counts } = countingFetch(true);
    const client = net.client({ fetch });
    const data = new Uint8Array(randomBytes(150_000));
    const stored = await client.store(data, { epochs: 1 });
    expect(counts.single).toBeGreaterThanOrEqual(2 * 27);
    const before = counts.single;
    const back = await client.read(stored.blobId);
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
    expect(counts.single).toBeGreaterThan(before);
  });
});
