/**
 * `POST /v1/migrate/sync_shard` (BCS signed request, requester key in `Authorization`) answered
 * with a BCS page of the shard's slivers (src/node/migration).
 */
import type { FastifyInstance } from 'fastify';
import { serveSyncShard } from '../../migration/serve-sync.ts';
import type { NodeContext } from '../../service/context.ts';
import { bodyBytes } from '../params.ts';
import { sendBcs } from '../replies.ts';

export function registerSyncShardRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/v1/migrate/sync_shard', async (req, reply) => {
    return sendBcs(reply, serveSyncShard(ctx, req.headers.authorization, bodyBytes(req.body)));
  });
}
