/**
 * One storage node process: opens the store, restores its committee view, follows the chain,
 * serves the REST API, recovers missing slivers in the background, and shuts all of it down in
 * reverse order on `close()` (HTTP first so no request sees a closed store).
 */
import { writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../util/log.ts';
import type { NodeConfig } from './config.ts';
import { startFollower, type Follower } from './follower/follower.ts';
import { createNodeMetrics } from './metrics.ts';
import { buildServer } from './server/build.ts';
import type { NodeChain, NodeContext } from './service/context.ts';
import { createNodeContext } from './service/create-context.ts';
import { NodeStore } from './store/node-store.ts';
import { RecoveryWorker } from './recovery/worker.ts';
import { registerRecoveryRoutes } from './server/routes/recovery.ts';
import { registerInconsistencyRoutes } from './server/routes/inconsistency.ts';
import { reportInconsistency } from './recovery/invalidate.ts';
import { fetchVerifiedMetadata } from './recovery/recover-sliver.ts';
import { EpochSyncReporter } from './epoch-sync.ts';
import { ShardMigrator } from './migration/shard-sync.ts';
import { registerSyncShardRoutes } from './server/routes/sync-shard.ts';
import { ChallengeService } from './challenge/service.ts';
import { RoundOpener } from './challenge/opener.ts';

export interface StorageNodeOptions {
  config: NodeConfig;
  chain: NodeChain;
  /** The node's BLS secret key (32 bytes); the node keeps its own copy. */
  secretKey: Uint8Array;
  log: Logger;
  /** HTTP client for peers (recovery); default global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Process-level metrics (GC, memory) on the node's registry; default false. */
  defaultMetrics?: boolean;
}

export class StorageNode {
  private closing: Promise<void> | undefined;

  private constructor(
    readonly ctx: NodeContext,
    readonly app: FastifyInstance,
    private readonly follower: Follower,
    private readonly recovery: RecoveryWorker,
    private readonly epochSync: EpochSyncReporter | undefined,
    private readonly migrator: ShardMigrator,
    private readonly challenges: ChallengeService,
    readonly url: string,
    private readonly opener: RoundOpener | undefined,
  ) {}

  /** Starts a node and resolves once it listens. */
  static async start(opts: StorageNodeOptions): Promise<StorageNode> {
    const { config } = opts;
    const log = opts.log.child({ node: config.name });
    const store = NodeStore.open({ path: config.storagePath, log });
    const ctx = createNodeContext({
      name: config.name,
      nodeId: config.nodeId,
      store,
      secretKey: opts.secretKey,
      chain: opts.chain,
      buffer: {
        maxBytes: config.limits.preRegistrationBufferBytes,
        maxEntries: config.limits.preRegistrationBufferEntries,
      },
      log,
      metrics: createNodeMetrics({ node: config.name, defaults: opts.defaultMetrics ?? false }),
      metadataMode: config.metadata,
    });
    const saved = ctx.committee.current;
    const fetchFn = opts.fetch ?? globalThis.fetch;
    const peers = (epoch: number) => peerUrls(opts.chain, epoch, config.nodeId);
    const recoveryLog = log.child({ component: 'recovery' });
    const recovery = new RecoveryWorker(ctx, {
      ...config.recovery,
      fetch: fetchFn,
      log: recoveryLog,
      peers,
      onInconsistent: async (blobId, proof, peerList) => {
        await reportInconsistency({
          ctx,
          chain: opts.chain,
          blobId,
          proof,
          peers: peerList,
          fetch: fetchFn,
          log: recoveryLog,
        });
      },
    });
    ctx.recovery = recovery;
    const fullMetadata = async (blobId: Uint8Array) =>
      (await fetchVerifiedMetadata(blobId, await peers(ctx.committee.require().epoch), fetchFn))
        .metadata;
    const migrator = new ShardMigrator(ctx, {
      fetch: fetchFn,
      log: log.child({ component: 'shard-sync' }),
      peers,
      fullMetadata,
      afterSync: () => recovery.scanStored(),
    });
    ctx.onShardsGained = (view, previous, gained) =>
      migrator.onShardsGained(view, previous, gained);
    const epochSync =
      config.capId === undefined
        ? undefined
        : new EpochSyncReporter(ctx, opts.chain, {
            capId: config.capId,
            pendingRecovery: () => recovery.pending + migrator.pending,
            log: log.child({ component: 'epoch-sync' }),
          });
    if (epochSync) ctx.onCommittee = (view) => epochSync.onCommittee(view);
    ctx.fullMetadata = fullMetadata;
    const challenges = new ChallengeService({
      ctx,
      chain: opts.chain,
      capId: config.capId,
      peerUrls: async (epoch) => new Map((await peers(epoch)).map((p) => [p.nodeId, p.url])),
      fetch: fetchFn,
      log: log.child({ component: 'challenge' }),
    });
    ctx.challenges = challenges;
    // Opening a round is a transaction: only a node that can send them (cap and sender) opens.
    const canSend =
      config.capId !== undefined && (config.chain.kind === 'sui' || !!config.chain.sender);
    if (config.challenges.openRounds && !canSend)
      log.warn(
        'challenges.openRounds needs capId and chain.sender; this node will not open rounds',
      );
    const opener =
      config.challenges.openRounds && canSend
        ? new RoundOpener({ chain: opts.chain, log: log.child({ component: 'challenge-opener' }) })
        : undefined;
    const app = buildServer({
      ctx,
      maxBodyBytes: config.limits.maxBodyBytes,
      log,
      ...(opts.now ? { now: opts.now } : {}),
      extraRoutes: [registerRecoveryRoutes, registerInconsistencyRoutes, registerSyncShardRoutes],
    });
    let follower: Follower | undefined;
    try {
      const address = await app.listen({ host: config.listen.host, port: config.listen.port });
      const url = address.replace('[::1]', '127.0.0.1');
      follower = startFollower(ctx, opts.chain, {
        pollIntervalMs: config.chain.pollIntervalMs,
        log,
      });
      recovery.start();
      recovery.scanStored();
      challenges.start();
      opener?.start();
      if (saved && epochSync) epochSync.onCommittee(saved);
      const node = new StorageNode(
        ctx,
        app,
        follower,
        recovery,
        epochSync,
        migrator,
        challenges,
        url,
        opener,
      );
      if (config.readyFile)
        await writeFile(config.readyFile, JSON.stringify({ url, pid: process.pid }) + '\n');
      log.info(
        { url, epoch: saved?.epoch, shards: saved?.ownShards.length },
        'storage node listening',
      );
      return node;
    } catch (err) {
      await opener?.stop();
      await follower?.stop();
      await challenges.close();
      await migrator.stop();
      await epochSync?.stop();
      await recovery.stop();
      await app.close();
      await store.close();
      throw err;
    }
  }

  /** Stops serving, following and recovering, then closes the store. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.app.close();
      await this.opener?.stop();
      await this.follower.stop();
      await this.challenges.close();
      await this.migrator.stop();
      await this.epochSync?.stop();
      await this.recovery.stop();
      await this.ctx.store.close();
      this.ctx.log.info('storage node stopped');
    })();
    return this.closing;
  }
}

/** Network addresses of the other committee members of `epoch`, with their shards. */
async function peerUrls(
  chain: NodeChain,
  epoch: number,
  self: string,
): Promise<{ nodeId: string; url: string; shards: number[] }[]> {
  const committee = await chain.getCommittee(epoch);
  if (committee === null) return [];
  const out: { nodeId: string; url: string; shards: number[] }[] = [];
  for (const m of committee.members) {
    if (m.nodeId === self) continue;
    const node = await chain.getNode(m.nodeId);
    if (node === null) continue;
    const addr = node.networkAddress;
    out.push({
      nodeId: m.nodeId,
      url: /^https?:\/\//.test(addr) ? addr : `http://${addr}`,
      shards: m.shards,
    });
  }
  return out;
}
