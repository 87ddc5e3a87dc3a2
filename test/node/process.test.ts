/**
 * Storage nodes as real processes (`floe node run --config`) following the embedded chain served
 * by another process (`floe chain run`), all over loopback HTTP: the write path with the nodes'
 * own confirmations certified on chain, the official Walrus client reading from a node process,
 * bad input refused by a process, and a crash (kill -9 during uploads) followed by a restart.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobEncoder, bls12381_min_pk_verify } from '@mysten/walrus-wasm';
import * as sdkClientModule from '../../node_modules/@mysten/walrus/dist/storage-node/client.mjs';
import { connectChain } from '../../src/chain/embedded/run.ts';
import { normalizeId } from '../../src/chain/ids.ts';
import type { Committee } from '../../src/chain/types.ts';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { blobOf, tempDir } from './helpers.ts';
import {
  USER,
  certifyWith,
  confirmationOf,
  eventually,
  freePort,
  registerBlob,
  registerNetwork,
  uploadTo,
  type NetNode,
} from './network.ts';
import {
  killHard,
  startChain,
  startNode,
  stopGracefully,
  writeNodeFiles,
  type Child,
  type NodeFiles,
} from './processes.ts';

type SdkClient = {
  getBlobMetadata(a: { blobId: string }, o: { nodeUrl: string }): Promise<{ blobId: string }>;
  getSliver(
    a: { blobId: string; sliverPairIndex: number; sliverType: 'primary' | 'secondary' },
    o: { nodeUrl: string },
  ): Promise<Uint8Array>;
  getPermanentBlobConfirmation(a: { blobId: string }, o: { nodeUrl: string }): Promise<unknown>;
};
const { StorageNodeClient } = sdkClientModule as unknown as {
  StorageNodeClient: new () => SdkClient;
};

const LOCAL_ADMIN = normalizeId('0xad');

describe('storage node processes', () => {
  let dir: ReturnType<typeof tempDir>;
  let chainProc: Child;
  let chainUrl: string;
  let nodes: NetNode[];
  let files: NodeFiles[];
  const procs: (Child | undefined)[] = [];
  let committee: Committee;
  const chainClient = (sender: string) => connectChain({ baseUrl: chainUrl, sender });
  const shardsOf = (n: NetNode) => committee.members.find((m) => m.nodeId === n.nodeId)!.shards;

  beforeAll(async () => {
    dir = tempDir('floe-node-proc-');
    mkdirSync(`${dir.path}/nodes`);
    const port = await freePort();
    chainUrl = `http://127.0.0.1:${port}`;
    chainProc = await startChain(`${dir.path}/chain`, port, `${dir.path}/chain.log`);
    nodes = await registerNetwork(chainClient(LOCAL_ADMIN) as never, [3000n, 3000n, 2000n, 2000n]);
    committee = (await chainClient(LOCAL_ADMIN).getCommittee())!;
    files = nodes.map((n) =>
      writeNodeFiles(`${dir.path}/nodes`, { ...n, secretKey: n.keys.secretKey }, chainUrl),
    );
    // Process start-up (tsx loading the sources) is slow on a busy machine; the suite waits for
    // readiness, never for a fixed time.
    const started = await Promise.all(files.map((f) => startNode(f)));
    started.forEach((p, i) => (procs[i] = p));
    for (const n of nodes) {
      await eventually(async () => {
        const h = (await (await fetch(`${n.url}/v1/health`)).json()) as {
          success: { data: { epoch: number } };
        };
        return h.success.data.epoch === 1;
      }, `${n.name} to follow the chain to epoch 1`);
    }
  }, 300_000);

  afterAll(async () => {
    for (const p of procs) if (p) await stopGracefully(p);
    if (chainProc) await stopGracefully(chainProc);
    dir?.remove();
  });

  it('stores, confirms and certifies through node processes; the official SDK reads from them', async () => {
    const data = new Uint8Array(30_000).map((_, i) => (i * 131 + 17) & 0xff);
    const { encodeBlob } = await import('../../src/encoding/encode.ts');
    const blob = await encodeBlob(data, 10);
    const user = chainClient(USER);
    const objectId = await registerBlob(user, blob);
    for (const n of nodes) await uploadTo(n, shardsOf(n), blob);
    await certifyWith(user, objectId, blob, nodes);
    for (const n of nodes) {
      await eventually(async () => {
        const s = (await (await fetch(`${n.url}/v1/blobs/${blob.blobIdText}/status`)).json()) as {
          success: { data: { permanent?: { isCertified: boolean } } };
        };
        return s.success.data.permanent?.isCertified === true;
      }, `${n.name} to see the certification`);
    }

    // The official client reads metadata and slivers and gets a confirmation from a process.
    const client = new StorageNodeClient();
    const reference = new BlobEncoder(10);
    const refPrimary = blob.pairs.map((p) => new Uint8Array(sliverToBcs(p.primary).length));
    const refSecondary = blob.pairs.map((p) => new Uint8Array(sliverToBcs(p.secondary).length));
    reference.encode(data, refPrimary, refSecondary);
    const node = nodes[1];
    expect(
      (await client.getBlobMetadata({ blobId: blob.blobIdText }, { nodeUrl: node.url })).blobId,
    ).toBe(blob.blobIdText);
    for (let p = 0; p < 10; p++) {
      if (!shardsOf(node).includes(shardForPairIndex(p, blob.blobId, 10))) continue;
      const got = await client.getSliver(
        { blobId: blob.blobIdText, sliverPairIndex: p, sliverType: 'primary' },
        { nodeUrl: node.url },
      );
      expect(got).toEqual(refPrimary[p]);
    }
    const conf = (await client.getPermanentBlobConfirmation(
      { blobId: blob.blobIdText },
      { nodeUrl: node.url },
    )) as {
      success: { data: { signed: { serializedMessage: string; signature: string } } };
    };
    const signed = conf.success.data.signed;
    expect(
      bls12381_min_pk_verify(
        Buffer.from(signed.signature, 'base64'),
        node.keys.publicKey,
        Buffer.from(signed.serializedMessage, 'base64'),
      ),
    ).toBe(true);
  });

  it('refuses bad input with 4xx and stores nothing', async () => {
    const blob = await blobOf(4000, 10, 21);
    const node = nodes[2];
    const own = shardsOf(node);
    const p = [...Array(10).keys()].find((q) =>
      own.includes(shardForPairIndex(q, blob.blobId, 10)),
    )!;
    const foreign = [...Array(10).keys()].find(
      (q) => !own.includes(shardForPairIndex(q, blob.blobId, 10)),
    )!;
    const put = async (path: string, body: Uint8Array) => {
      const res = await fetch(`${node.url}${path}`, {
        method: 'PUT',
        body,
        headers: { 'content-type': 'application/octet-stream' },
      });
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof json.error.message).toBe('string');
      return json.error.code;
    };
    // Unregistered blob.
    expect(await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata))).toBe(
      'NOT_REGISTERED',
    );
    await registerBlob(chainClient(USER), blob);
    await eventually(async () => {
      const s = (await (await fetch(`${node.url}/v1/blobs/${blob.blobIdText}/status`)).json()) as {
        success: { data: unknown };
      };
      return s.success.data !== 'nonexistent';
    }, 'registration to reach the node');
    expect(
      await put(`/v1/blobs/${blob.blobIdText}/metadata`, metadataToBcs(blob.metadata).subarray(3)),
    ).toBe('INVALID_BCS');
    expect(await put(`/v1/blobs/${blob.blobIdText}x/metadata`, metadataToBcs(blob.metadata))).toBe(
      'INVALID_BLOB_ID',
    );
    const okMeta = await fetch(`${node.url}/v1/blobs/${blob.blobIdText}/metadata`, {
      method: 'PUT',
      body: metadataToBcs(blob.metadata),
    });
    expect(okMeta.status).toBe(201);
    const bad = blob.pairs[p].primary.data.slice();
    bad[0] ^= 1;
    expect(
      await put(
        `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
        sliverToBcs({ ...blob.pairs[p].primary, data: bad }),
      ),
    ).toBe('INVALID_SLIVER');
    expect(
      await put(
        `/v1/blobs/${blob.blobIdText}/slivers/${foreign}/primary`,
        sliverToBcs(blob.pairs[foreign].primary),
      ),
    ).toBe('SHARD_NOT_ASSIGNED');
    expect(
      await put(
        `/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
        new Uint8Array(17 * 1024 * 1024),
      ),
    ).toBe('BODY_TOO_LARGE');
    for (const q of [p, foreign]) {
      for (const axis of ['primary', 'secondary']) {
        const res = await fetch(`${node.url}/v1/blobs/${blob.blobIdText}/slivers/${q}/${axis}`);
        expect([404, 421]).toContain(res.status);
      }
    }
  });

  it('keeps every acknowledged sliver across kill -9 and catches up from its cursor', async () => {
    const victim = 0;
    const node = nodes[victim];
    const own = shardsOf(node);
    const user = chainClient(USER);
    const blobs: EncodedBlob[] = [];
    for (let i = 0; i < 6; i++) {
      const blob = await blobOf(60_000, 10, 100 + i);
      await registerBlob(user, blob);
      blobs.push(blob);
    }
    // Metadata first (acknowledged = durable), then slivers from several concurrent uploaders.
    for (const blob of blobs) await uploadTo(node, [], blob);
    const jobs = blobs.flatMap((blob) =>
      [...Array(10).keys()]
        .filter((p) => own.includes(shardForPairIndex(p, blob.blobId, 10)))
        .flatMap((p) =>
          (['primary', 'secondary'] as const).map((axis) => ({
            blob,
            p,
            axis,
            body: sliverToBcs(blob.pairs[p][axis]),
          })),
        ),
    );
    const acked: typeof jobs = [];
    let next = 0;
    let killed = false;
    const uploader = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        try {
          const res = await fetch(
            `${node.url}/v1/blobs/${job.blob.blobIdText}/slivers/${job.p}/${job.axis}`,
            { method: 'PUT', body: job.body },
          );
          if (res.status === 200) acked.push(job);
          await res.arrayBuffer();
        } catch {
          // The process died under this request: not acknowledged.
        }
        if (!killed && acked.length >= jobs.length / 3) {
          killed = true;
          await killHard(procs[victim]!);
        }
      }
    };
    await Promise.all([uploader(), uploader(), uploader(), uploader()]);
    expect(killed).toBe(true);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThan(jobs.length);

    // While it is down: a new blob is registered, stored on the others, certified.
    const late = await blobOf(25_000, 10, 999);
    const lateObject = await registerBlob(user, late);
    const others = nodes.filter((_, i) => i !== victim);
    for (const n of others) await uploadTo(n, shardsOf(n), late);
    await certifyWith(user, lateObject, late, others);

    procs[victim] = await startNode(files[victim]);
    for (const job of acked) {
      const res = await fetch(
        `${node.url}/v1/blobs/${job.blob.blobIdText}/slivers/${job.p}/${job.axis}`,
      );
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(job.body))).toBe(true);
    }
    for (const blob of blobs) {
      const res = await fetch(`${node.url}/v1/blobs/${blob.blobIdText}/metadata/status`);
      expect(((await res.json()) as { success: { data: string } }).success.data).toBe('Stored');
    }
    // Catch-up: the events it missed are applied (the late blob is certified there), and it
    // rebuilds the late blob's slivers from its peers, after which it confirms.
    await eventually(async () => {
      const s = (await (await fetch(`${node.url}/v1/blobs/${late.blobIdText}/status`)).json()) as {
        success: { data: { permanent?: { isCertified: boolean } } };
      };
      return s.success.data.permanent?.isCertified === true;
    }, 'the restarted node to apply the missed events');
    await eventually(
      async () => (await confirmationOf(node.url, late)) !== null,
      'the restarted node to recover the late blob',
    );
    // Uploads resume where they stopped.
    for (const job of jobs.filter((j) => !acked.includes(j))) {
      const res = await fetch(
        `${node.url}/v1/blobs/${job.blob.blobIdText}/slivers/${job.p}/${job.axis}`,
        { method: 'PUT', body: job.body },
      );
      expect(res.status).toBe(200);
    }
    for (const blob of blobs) expect(await confirmationOf(node.url, blob)).not.toBeNull();
  });

  it('shuts down cleanly on SIGTERM and reopens its store', async () => {
    const i = 3;
    expect(await stopGracefully(procs[i]!)).toBe(0);
    procs[i] = await startNode(files[i]);
    const h = (await (await fetch(`${nodes[i].url}/v1/health`)).json()) as {
      success: { data: { epoch: number; eventProgress: { cursor: string | null } } };
    };
    expect(h.success.data.epoch).toBe(1);
    expect(h.success.data.eventProgress.cursor).not.toBeNull();
  });
});
