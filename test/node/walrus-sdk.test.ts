/**
 * The official `@mysten/walrus` storage-node client talks to a Floe node over real HTTP: it
 * stores metadata and slivers produced by the official encoder, reads them back, reads statuses,
 * and gets a confirmation that the official BLS verifier accepts for the SDK's own message bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobEncoder, bls12381_min_pk_verify } from '@mysten/walrus-wasm';
// The SDK does not export its storage-node client from the package root (and its .d.mts omits
// it); load the module file the SDK itself uses, typed by what this test calls.
import * as sdkClientModule from '../../node_modules/@mysten/walrus/dist/storage-node/client.mjs';
import * as sdkBcsModule from '../../node_modules/@mysten/walrus/dist/utils/bcs.mjs';
import { encodeBlob } from '../../src/encoding/encode.ts';
import { blobIdFromString } from '../../src/encoding/blob-id.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import {
  committeeEvent,
  inProcessNode,
  pairsOnShards,
  registeredEvent,
  tempDir,
  type InProcessNode,
} from './helpers.ts';

type Call = { nodeUrl: string };
type SliverRef = { blobId: string; sliverPairIndex: number; sliverType: 'primary' | 'secondary' };
interface SdkStorageNodeClient {
  storeBlobMetadata(
    a: { blobId: string; metadata: unknown },
    o: Call,
  ): Promise<{ success: { code: number; data: string } }>;
  getMetadataStatus(a: { blobId: string }, o: Call): Promise<string>;
  storeSliver(a: SliverRef & { sliver: Uint8Array }, o: Call): Promise<unknown>;
  getSliver(a: SliverRef, o: Call): Promise<Uint8Array>;
  getSliverStatus(a: SliverRef, o: Call): Promise<string>;
  getBlobMetadata(
    a: { blobId: string },
    o: Call,
  ): Promise<{ blobId: string; metadata: { V1: { hashes: unknown[] } } }>;
  getBlobStatus(a: { blobId: string }, o: Call): Promise<Record<string, unknown>>;
  getPermanentBlobConfirmation(a: { blobId: string }, o: Call): Promise<unknown>;
}
const { StorageNodeClient } = sdkClientModule as unknown as {
  StorageNodeClient: new () => SdkStorageNodeClient;
};
const { StorageConfirmation } = sdkBcsModule as unknown as {
  StorageConfirmation: { serialize(v: unknown): { toBase64(): string } };
};

const N = 10;
const OWN = [0, 2, 4, 6, 8];

describe('@mysten/walrus StorageNodeClient against a Floe node', () => {
  let dir: ReturnType<typeof tempDir>;
  let node: InProcessNode;
  let url: string;

  beforeAll(async () => {
    dir = tempDir();
    node = inProcessNode({ dir: dir.path });
    await node.apply(committeeEvent(3, N, OWN));
    url = (await node.app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await node.close();
    dir.remove();
  });

  it('stores, reads and confirms through the SDK', async () => {
    const data = new Uint8Array(5000).map((_, i) => (i * 31 + 7) & 0xff);
    const ours = await encodeBlob(data, N);
    const encoder = new BlobEncoder(N);
    const primary = ours.pairs.map((p) => new Uint8Array(sliverToBcs(p.primary).length));
    const secondary = ours.pairs.map((p) => new Uint8Array(sliverToBcs(p.secondary).length));
    const [encoded] = encoder.encode(data, primary, secondary) as [
      { blob_id: number[]; metadata: { V1: unknown } },
    ];
    const blobIdBytes = Uint8Array.from(encoded.blob_id);
    const blobId = Buffer.from(blobIdBytes).toString('base64url');
    expect(blobId).toBe(ours.blobIdText);
    await node.apply(registeredEvent(ours));

    const client = new StorageNodeClient();
    const stored = await client.storeBlobMetadata(
      { blobId, metadata: encoded.metadata },
      { nodeUrl: url },
    );
    expect(stored.success.code).toBe(201);
    expect(await client.getMetadataStatus({ blobId }, { nodeUrl: url })).toBe('Stored');

    for (const p of pairsOnShards(ours, OWN)) {
      await client.storeSliver(
        { blobId, sliverPairIndex: p, sliverType: 'primary', sliver: primary[p] },
        { nodeUrl: url },
      );
      await client.storeSliver(
        { blobId, sliverPairIndex: p, sliverType: 'secondary', sliver: secondary[p] },
        { nodeUrl: url },
      );
      expect(
        await client.getSliver(
          { blobId, sliverPairIndex: p, sliverType: 'primary' },
          { nodeUrl: url },
        ),
      ).toEqual(primary[p]);
      expect(
        await client.getSliver(
          { blobId, sliverPairIndex: p, sliverType: 'secondary' },
          { nodeUrl: url },
        ),
      ).toEqual(secondary[p]);
      expect(
        await client.getSliverStatus(
          { blobId, sliverPairIndex: p, sliverType: 'secondary' },
          { nodeUrl: url },
        ),
      ).toBe('Stored');
    }

    const metadata = await client.getBlobMetadata({ blobId }, { nodeUrl: url });
    expect(metadata.blobId).toBe(blobId);
    expect(metadata.metadata.V1.hashes).toHaveLength(N);
    expect(blobIdFromString(metadata.blobId)).toEqual(blobIdBytes);

    const status = await client.getBlobStatus({ blobId }, { nodeUrl: url });
    expect(status).toMatchObject({ type: 'permanent', endEpoch: 10, isCertified: false });

    const confirmation = await client.getPermanentBlobConfirmation({ blobId }, { nodeUrl: url });
    const signed = (
      confirmation as unknown as {
        success: { data: { signed: { serializedMessage: string; signature: string } } };
      }
    ).success.data.signed;
    const expected = StorageConfirmation.serialize({
      intent: 1,
      epoch: 3,
      messageContents: { blobId, blobType: { Permanent: null } },
    }).toBase64();
    expect(signed.serializedMessage).toBe(expected);
    expect(
      bls12381_min_pk_verify(
        Buffer.from(signed.signature, 'base64'),
        node.ctx.signer.publicKey,
        Buffer.from(signed.serializedMessage, 'base64'),
      ),
    ).toBe(true);
  });

  it('maps Floe errors to the SDK error classes', async () => {
    const client = new StorageNodeClient();
    const unknown = Buffer.alloc(32, 9).toString('base64url');
    await expect(
      client.getBlobMetadata({ blobId: unknown }, { nodeUrl: url }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(client.getBlobStatus({ blobId: unknown }, { nodeUrl: url })).resolves.toEqual({
      type: 'nonexistent',
    });
    await expect(
      client.storeSliver(
        { blobId: unknown, sliverPairIndex: 0, sliverType: 'primary', sliver: new Uint8Array(8) },
        { nodeUrl: url },
      ),
    ).rejects.toMatchObject({ status: 400 });
  });
});
