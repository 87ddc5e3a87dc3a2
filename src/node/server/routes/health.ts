/**
 * `GET /v1/health` (Walrus `ServiceHealthInfo`-like summary) and `GET /metrics` (Prometheus).
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../service/context.ts';
import { sendSuccess } from '../replies.ts';

export function registerHealthRoutes(
  app: FastifyInstance,
  ctx: NodeContext,
  startedAtMs: number,
  now: () => number,
): void {
  app.get('/v1/health', async (_req, reply) => {
    const committee = ctx.committee.current;
    const uptimeMs = Math.max(0, now() - startedAtMs);
    return sendSuccess(reply, {
      uptime: { secs: Math.floor(uptimeMs / 1000), nanos: (uptimeMs % 1000) * 1_000_000 },
      epoch: committee?.epoch ?? 0,
      publicKey: Buffer.from(ctx.signer.publicKey).toString('base64'),
      nodeId: ctx.nodeId,
      nodeStatus:
        committee === undefined ? 'Standby' : committee.ownShards.length > 0 ? 'Active' : 'Standby',
      shardSummary: { owned: committee?.ownShards.length ?? 0, nShards: committee?.nShards ?? 0 },
      eventProgress: { cursor: ctx.store.getState<string>('cursor') ?? null },
    });
  });

  app.get('/metrics', async (_req, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.code(200).type(ctx.metrics.registry.contentType).send(text);
  });
}
