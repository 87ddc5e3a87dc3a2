/**
 * The network the node tests share (recovery, migration, challenges; client and opener tests
 * too): the real embedded
 * chain with four registered storage nodes (stakes 3000, 3000, 2000, 2000 over 10 shards), each
 * started in this process from its own config and storage folder (so a restart keeps its data),
 * and a helper that stores a certified blob on all of them.
 */
import type { EmbeddedChain } from '../../src/chain/embedded/chain.ts';
import type { Committee } from '../../src/chain/types.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { pairIndexForShard } from '../../src/encoding/pairs.ts';
import { parseNodeConfig } from '../../src/node/config.ts';
import { StorageNode } from '../../src/node/node.ts';
import { silentLogger, type Logger } from '../../src/util/log.ts';
import { tempDir } from './helpers.ts';
import {
  ADMIN,
  USER,
  certifyWith,
  eventually,
  openEmbeddedChain,
  registerBlob,
  registerNetwork,
  uploadTo,
  type NetNode,
} from './network.ts';

export interface NodeStartOptions {
  metadata?: 'full' | 'compact';
  /** `challenges.openRounds` (default off). */
  openRounds?: boolean;
  log?: Logger;
}

export interface FourNodes {
  chain: EmbeddedChain;
  client: ReturnType<typeof openEmbeddedChain>['client'];
  /** Moves the chain's clock (rounds open only after `challenge_interval_ms`). */
  advance: ReturnType<typeof openEmbeddedChain>['advance'];
  nodes: NetNode[];
  committee: Committee;
  shardsOf(n: NetNode): number[];
  /** Starts `n` on its storage folder; resolves once it listens. */
  start(n: NetNode, opts?: NodeStartOptions): Promise<StorageNode>;
  /** Starts every node and waits until all of them follow epoch 1. */
  startAll(opts?: (n: NetNode, i: number) => NodeStartOptions): Promise<StorageNode[]>;
  /** Registers `blob`, uploads it to every node, certifies it; resolves once `running` saw it. */
  storeBlob(blob: EncodedBlob, running: readonly StorageNode[]): Promise<void>;
  /** Status and error code of a GET of `blob`'s primary sliver of `n`'s first shard. */
  sliverGet(n: NetNode, blob: EncodedBlob): Promise<{ status: number; code?: string }>;
  /** Closes the chain and removes the nodes' folders (stop the nodes first). */
  close(): void;
}

/** A fresh chain with the four nodes registered (none started). */
export async function openFourNodes(): Promise<FourNodes> {
  const dir = tempDir();
  const { chain, client, advance } = openEmbeddedChain();
  const nodes = await registerNetwork(client(ADMIN) as never, [3000n, 3000n, 2000n, 2000n]);
  const committee = (await client(ADMIN).getCommittee())!;
  const shardsOf = (n: NetNode) => committee.members.find((m) => m.nodeId === n.nodeId)!.shards;
  const start = (n: NetNode, opts: NodeStartOptions = {}): Promise<StorageNode> =>
    StorageNode.start({
      config: parseNodeConfig({
        name: n.name,
        nodeId: n.nodeId,
        storagePath: `${dir.path}/${n.name}`,
        protocolKeyFile: 'unused',
        listen: { host: '127.0.0.1', port: n.port },
        chain: { kind: 'http', url: 'http://unused', pollIntervalMs: 20, sender: n.operator },
        capId: n.capId,
        metadata: opts.metadata ?? 'full',
        recovery: { concurrency: 2, initialBackoffMs: 50, maxBackoffMs: 500 },
        challenges: { openRounds: opts.openRounds ?? false },
      }),
      chain: client(n.operator),
      secretKey: n.keys.secretKey,
      log: opts.log ?? silentLogger,
    });
  return {
    chain,
    client,
    advance,
    nodes,
    committee,
    shardsOf,
    start,
    async startAll(opts) {
      const running = await Promise.all(nodes.map((n, i) => start(n, opts?.(n, i))));
      await eventually(
        () => running.every((r) => r.ctx.committee.current?.epoch === 1),
        'nodes to learn epoch 1',
      );
      return running;
    },
    async storeBlob(blob, running) {
      const objectId = await registerBlob(client(USER), blob);
      for (const n of nodes) await uploadTo(n, shardsOf(n), blob);
      await certifyWith(client(USER), objectId, blob, nodes);
      await eventually(
        () => running.every((r) => r.ctx.store.getBlob(blob.blobId)?.initialCertifiedEpoch === 1),
        'nodes to see the blob certified',
      );
    },
    async sliverGet(n, blob) {
      const pair = pairIndexForShard(shardsOf(n)[0], blob.blobId, committee.nShards);
      const res = await fetch(`${n.url}/v1/blobs/${blob.blobIdText}/slivers/${pair}/primary`);
      if (!res.headers.get('content-type')?.includes('json')) {
        await res.arrayBuffer();
        return { status: res.status };
      }
      const body = (await res.json()) as { error?: { code: string } };
      return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
    },
    close() {
      chain.close();
      dir.remove();
    },
  };
}
