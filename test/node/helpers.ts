/**
 * Test fixtures for the storage node: a real store in a temp directory, a real server (inject or
 * listen), real encoding and BLS; chain events are fed through the node's own event applier.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChainEventEnvelope, ChainEvent } from '../../src/chain/events.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import { encodeBlob, type EncodedBlob } from '../../src/encoding/encode.ts';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { silentLogger } from '../../src/util/log.ts';
import { applyEvent } from '../../src/node/follower/apply-event.ts';
import { buildServer } from '../../src/node/server/build.ts';
import type { NodeChain, NodeContext } from '../../src/node/service/context.ts';
import { createNodeContext } from '../../src/node/service/create-context.ts';
import { NodeStore } from '../../src/node/store/node-store.ts';

export const NODE_A = '0x' + 'aa'.repeat(32);
export const NODE_B = '0x' + 'bb'.repeat(32);
export const SECRET_A = new Uint8Array(32).fill(7);

export function tempDir(prefix = 'floe-node-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

let seq = 0;
export function envelope(event: ChainEvent): ChainEventEnvelope {
  seq++;
  return {
    event,
    cursor: `test-${seq}`,
    txDigest: `tx${seq}`,
    eventIndex: 0,
    timestampMs: undefined,
  };
}

export interface InProcessNode {
  ctx: NodeContext;
  app: ReturnType<typeof buildServer>;
  apply(event: ChainEvent): Promise<void>;
  close(): Promise<void>;
}

/** A node context + server over a real store, with no chain (events are applied by the test). */
export function inProcessNode(opts: {
  dir: string;
  nodeId?: string;
  maxBodyBytes?: number;
  bufferBytes?: number;
  metadataMode?: 'full' | 'compact';
  chain?: NodeChain;
}): InProcessNode {
  const store = NodeStore.open({ path: opts.dir, log: silentLogger });
  let nShards = store.getState<{ nShards: number }>('committee')?.nShards ?? 0;
  const ctx = createNodeContext({
    name: 'test',
    nodeId: opts.nodeId ?? NODE_A,
    store,
    secretKey: SECRET_A,
    chain: opts.chain,
    buffer: { maxBytes: opts.bufferBytes ?? 1 << 20, maxEntries: 100 },
    log: silentLogger,
    metadataMode: opts.metadataMode ?? 'full',
  });
  const app = buildServer({ ctx, maxBodyBytes: opts.maxBodyBytes ?? 1 << 20, log: silentLogger });
  return {
    ctx,
    app,
    apply: async (event) => {
      if (event.type === 'CommitteeSelected')
        nShards = event.data.shards.reduce((a, s) => a + s.length, 0);
      await applyEvent(ctx, { nShards: async () => nShards }, envelope(event));
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** `PUT /v1/blobs/{id}/metadata` with the blob's full metadata; the inject response. */
export function putMetadata(node: InProcessNode, blob: EncodedBlob) {
  return node.app.inject({
    method: 'PUT',
    url: `/v1/blobs/${blob.blobIdText}/metadata`,
    payload: Buffer.from(metadataToBcs(blob.metadata)),
  });
}

/** A committee of two nodes: A holds the shards in `aShards`, B the rest. */
export function committeeEvent(epoch: number, nShards: number, aShards: number[]): ChainEvent {
  const bShards = [...Array(nShards).keys()].filter((s) => !aShards.includes(s));
  return {
    type: 'CommitteeSelected',
    data: { epoch, members: [NODE_A, NODE_B], shards: [aShards, bShards], rotated: 0n },
  };
}

export const OBJECT_1 = '0x' + '01'.repeat(32);

export function registeredEvent(
  blob: EncodedBlob,
  opts: { epoch?: number; endEpoch?: number; deletable?: boolean; objectId?: string } = {},
): ChainEvent {
  return {
    type: 'BlobRegistered',
    data: {
      epoch: opts.epoch ?? 1,
      blobId: blobIdToU256(blob.blobId),
      size: BigInt(blob.metadata.unencodedLength),
      encodingType: 1,
      endEpoch: opts.endEpoch ?? 10,
      deletable: opts.deletable ?? false,
      objectId: opts.objectId ?? OBJECT_1,
    },
  };
}

export function certifiedEvent(
  blob: EncodedBlob,
  opts: { epoch?: number; endEpoch?: number; deletable?: boolean; objectId?: string } = {},
): ChainEvent {
  return {
    type: 'BlobCertified',
    data: {
      epoch: opts.epoch ?? 1,
      blobId: blobIdToU256(blob.blobId),
      endEpoch: opts.endEpoch ?? 10,
      deletable: opts.deletable ?? false,
      objectId: opts.objectId ?? OBJECT_1,
      isExtension: false,
    },
  };
}

export async function blobOf(size: number, nShards: number, seed = 1): Promise<EncodedBlob> {
  const data = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return encodeBlob(data, nShards);
}

/** BCS bodies of the slivers of pair p. */
export function pairBodies(
  blob: EncodedBlob,
  p: number,
): { primary: Uint8Array; secondary: Uint8Array } {
  const pair = blob.pairs[p];
  return {
    primary: sliverToBcs({ ...pair.primary, data: pair.primary.data.slice() }),
    secondary: sliverToBcs({ ...pair.secondary, data: pair.secondary.data.slice() }),
  };
}

/** Pair indices whose shard is in `shards`. */
export function pairsOnShards(blob: EncodedBlob, shards: number[]): number[] {
  const n = blob.params.nShards;
  return [...Array(n).keys()].filter((p) => shards.includes(shardForPairIndex(p, blob.blobId, n)));
}
