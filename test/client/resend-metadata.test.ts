import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetwork, type TestNetwork } from './network.ts';

describe('a node that lost buffered metadata', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await startTestNetwork(4, 8);
  });
  afterAll(async () => {
    await net?.close();
  });

  it('gets the metadata again and the store completes, even with every request slot taken', async () => {
    const target = net.nodes[0].url;
    let refused = 0;
    let metadataPuts = 0;
    // Fault injection through the client's fetch seam: the first sliver PUTs to one real node
    // are answered as a node that dropped the blob's metadata would answer them.
    const faulty: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.startsWith(target) && init?.method === 'PUT') {
        if (url.endsWith('/metadata')) metadataPuts++;
        else if (refused < 4) {
          refused++;
          const body = {
            error: {
              code: 'MISSING_METADATA',
              message: 'metadata is not stored yet',
              details: [{ reason: 'MISSING_METADATA' }],
            },
          };
          return new Response(JSON.stringify(body), {
            status: 409,
            headers: { 'content-type': 'application/json' },
          });
        }
      }
      return fetch(input, init);
    };
    // Two request slots: the refused slivers hold both while the metadata goes out again.
    const client = net.client({ fetch: faulty, concurrency: 2, confirmationGraceMs: 2000 });
    const data = new Uint8Array(randomBytes(20_000));
    const stored = await client.store(data, { epochs: 1 });
    expect(refused).toBe(4);
    expect(metadataPuts).toBeGreaterThanOrEqual(2);
    expect(stored.certificate!.signers).toContain(
      (await net.userChain.getCommittee())!.members.findIndex(
        (m) => m.nodeId === net.nodes[0].ctx.nodeId,
      ),
    );
    expect(Buffer.from(await client.read(stored.blobId)).equals(Buffer.from(data))).toBe(true);
  }, 30_000);
});
