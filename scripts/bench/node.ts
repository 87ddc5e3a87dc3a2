/**
 * `npm run bench:node`: slivers and MiB per second one storage node stores over HTTP (parse,
 * check against the metadata's hash, durable lmdb write), for small and large slivers, against
 * two references measured in the same run with the same bodies and concurrency:
 *  - lmdb: the same durable `put`s straight into an lmdb environment (no HTTP, no checks);
 *  - echo: a bare Fastify route that accepts the same body and answers 200 (HTTP only).
 * Also prints the metadata bytes per blob per node, full versus compact (PROTOCOL.md section 8).
 *
 * Options: --quick (fewer blobs, for a smoke run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { open } from 'lmdb';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import { encodeBlob, type EncodedBlob } from '../../src/encoding/encode.ts';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { sliverBatchToBcs } from '../../src/encoding/sliver-batch.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { applyEvent } from '../../src/node/follower/apply-event.ts';
import { buildServer } from '../../src/node/server/build.ts';
import { createNodeContext } from '../../src/node/service/create-context.ts';
import { storeSliver } from '../../src/node/service/uploads.ts';
import { NodeStore } from '../../src/node/store/node-store.ts';
import { compactMetadataBytes } from '../../src/node/store/compact-metadata.ts';
import { silentLogger } from '../../src/util/log.ts';
import { bytes } from './lib.ts';

const quick = process.argv.includes('--quick');
const CONCURRENCY = 8;
const NODE_ID = '0x' + 'ab'.repeat(32);

interface Upload {
  url: string;
  body: Uint8Array;
}

async function runPool<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function put(url: string, body: Uint8Array): Promise<void> {
  const res = await fetch(url, {
    method: 'PUT',
    body,
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** One node holding every shard, the blobs registered and their metadata stored. */
async function startNode(dir: string, blobs: EncodedBlob[], n: number) {
  const store = NodeStore.open({ path: dir, log: silentLogger });
  const ctx = createNodeContext({
    name: 'bench',
    nodeId: NODE_ID,
    store,
    secretKey: new Uint8Array(32).fill(3),
    chain: undefined,
    buffer: { maxBytes: 0, maxEntries: 0 },
    log: silentLogger,
  });
  let seq = 0;
  const apply = (event: Parameters<typeof applyEvent>[2]['event']) =>
    applyEvent(
      ctx,
      { nShards: async () => n },
      { event, cursor: `b${++seq}`, txDigest: `t${seq}`, eventIndex: 0, timestampMs: undefined },
    );
  await apply({
    type: 'CommitteeSelected',
    data: { epoch: 1, members: [NODE_ID], shards: [[...Array(n).keys()]], rotated: 0n },
  });
  for (const blob of blobs) {
    await apply({
      type: 'BlobRegistered',
      data: {
        epoch: 1,
        blobId: blobIdToU256(blob.blobId),
        size: BigInt(blob.metadata.unencodedLength),
        encodingType: 1,
        endEpoch: 5,
        deletable: false,
        objectId: '0x' + 'cd'.repeat(32),
      },
    });
    await store.putMetadata(blob.blobId, metadataToBcs(blob.metadata));
  }
  const app = buildServer({ ctx, maxBodyBytes: 64 << 20, log: silentLogger });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, ctx, close: async () => (await app.close(), await store.close()) };
}

function uploadsOf(blobs: EncodedBlob[], base: string): Upload[] {
  return blobs.flatMap((blob) =>
    blob.pairs.flatMap((pair, p) => [
      {
        url: `${base}/v1/blobs/${blob.blobIdText}/slivers/${p}/primary`,
        body: sliverToBcs(pair.primary),
      },
      {
        url: `${base}/v1/blobs/${blob.blobIdText}/slivers/${p}/secondary`,
        body: sliverToBcs(pair.secondary),
      },
    ]),
  );
}

async function measure(label: string, n: number, blobSize: number, count: number): Promise<void> {
  const blobs: EncodedBlob[] = [];
  for (let i = 0; i < count; i++) blobs.push(await encodeBlob(bytes(blobSize, 2 * i + 1), n));
  const dir = mkdtempSync(join(tmpdir(), 'floe-bench-node-'));
  try {
    // Node: HTTP + BCS parse + hash check + durable write.
    const node = await startNode(join(dir, 'node'), blobs, n);
    const uploads = uploadsOf(blobs, node.url);
    const total = uploads.reduce((a, u) => a + u.body.length, 0);
    const nodeSec = await runPool(uploads, (u) => put(u.url, u.body));
    await node.close();

    // The same slivers through Floe's batched route: one PUT per blob, checked in one pass and
    // committed in one transaction.
    const batched = await startNode(join(dir, 'batched'), blobs, n);
    const batches = blobs.map((blob) => ({
      url: `${batched.url}/v1/blobs/${blob.blobIdText}/slivers`,
      body: sliverBatchToBcs(blob.pairs.flatMap((pair) => [pair.primary, pair.secondary])),
    }));
    const batchSec = await runPool(batches, (u) => put(u.url, u.body));
    await batched.close();

    // The same node work without HTTP (parse, check, durable write), to split the cost.
    const direct = await startNode(join(dir, 'direct'), blobs, n);
    const directJobs = blobs.flatMap((blob) =>
      blob.pairs.flatMap((pair, p) =>
        (['primary', 'secondary'] as const).map((axis) => ({
          blob,
          p,
          axis,
          body: sliverToBcs(pair[axis]),
        })),
      ),
    );
    const directSec = await runPool(directJobs, async (j) => {
      if ((await storeSliver(direct.ctx, j.blob.blobId, j.p, j.axis, j.body)) !== 'stored')
        throw new Error('not stored');
    });
    await direct.close();

    // Reference 1: the same durable puts straight into lmdb.
    const db = open(join(dir, 'raw'), {
      overlappingSync: true,
      noSync: false,
      encoding: 'binary',
      keyEncoding: 'binary',
    } as never);
    let k = 0;
    const rawSec = await runPool(uploads, async (u) => {
      const key = Buffer.alloc(8);
      key.writeUInt32BE(k++);
      await db.put(key, Buffer.from(u.body));
    });
    await db.close();

    // Reference 2: a bare Fastify route that accepts the body.
    const echo = Fastify({ bodyLimit: 64 << 20 });
    echo.removeAllContentTypeParsers();
    echo.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
    echo.put('/*', async (_req, reply) =>
      reply.code(200).send({ success: { code: 200, data: 'ok' } }),
    );
    const echoUrl = await echo.listen({ host: '127.0.0.1', port: 0 });
    const echoUploads = uploads.map((u) => ({
      url: echoUrl + new URL(u.url).pathname,
      body: u.body,
    }));
    const echoSec = await runPool(echoUploads, (u) => put(u.url, u.body));
    await echo.close();

    const mib = total / (1 << 20);
    const row = (name: string, sec: number) =>
      `  ${name.padEnd(28)} ${(uploads.length / sec).toFixed(0).padStart(7)} slivers/s ${(mib / sec).toFixed(1).padStart(8)} MiB/s`;
    const avg = Math.round(total / uploads.length);
    console.log(
      `${label}: n=${n}, blob ${blobSize} B x ${count}, ${uploads.length} slivers, mean sliver ${avg} B, concurrency ${CONCURRENCY}`,
    );
    console.log(row('floe node (HTTP+check+lmdb)', nodeSec));
    console.log(row('floe node, batched route', batchSec));
    console.log(row('floe node service, no HTTP', directSec));
    console.log(row('reference: lmdb durable put', rawSec));
    console.log(row('reference: fastify echo', echoSec));
    console.log(
      `  ratios: node/lmdb ${(rawSec / nodeSec).toFixed(2)}x, node/echo ${(echoSec / nodeSec).toFixed(2)}x, batched/echo ${(echoSec / batchSec).toFixed(2)}x, batched/node ${(nodeSec / batchSec).toFixed(2)}x, service-without-HTTP/lmdb ${(rawSec / directSec).toFixed(2)}x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function metadataSizes(n: number, shardsPerNode: number): void {
  const full = metadataToBcs({
    encodingType: 1,
    unencodedLength: 1 << 20,
    hashes: Array.from({ length: n }, () => ({
      primary: new Uint8Array(32),
      secondary: new Uint8Array(32),
    })),
  }).length;
  const compact = compactMetadataBytes(n, shardsPerNode);
  console.log(
    `metadata per blob per node, n=${n}, ${shardsPerNode} shards/node: full ${full} B, compact ${compact} B (${(full / compact).toFixed(1)}x smaller)`,
  );
}

const small = quick ? 20 : 100;
const large = quick ? 2 : 6;
await measure('small slivers', 10, 4096, small);
await measure('large slivers', 10, 1_800_000, large);
metadataSizes(100, 10);
metadataSizes(1000, 10);
metadataSizes(1000, 50);
