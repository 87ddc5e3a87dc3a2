/**
 * `GET /v1/blobs/{id}/recoverySymbols?targetSliver=I&targetType=primary|secondary`: every
 * recovery symbol this node can give for that target sliver, one per helper sliver it holds
 * (BCS `vector<GeneralRecoverySymbol>`).
 */
import type { FastifyInstance } from 'fastify';
import { blobIdToString } from '../../../encoding/blob-id.ts';
import { pairIndexForShard } from '../../../encoding/pairs.ts';
import { sliverFromBcs } from '../../../encoding/sliver.ts';
import { InvalidInputError } from '../../../util/errors.ts';
import { BlobInvalidError, IndexOutOfRangeError, NotStoredError } from '../../errors.ts';
import { encodingParams, symbolSizeFor } from '../../../encoding/params.ts';
import { prepareRecoverySource, type RecoverySymbol } from '../../../encoding/recovery.ts';
import { symbolsToBcs } from '../../recovery/symbols-wire.ts';
import type { NodeContext } from '../../service/context.ts';
import { parseAxisParam, parseBlobIdParam } from '../params.ts';
import { sendBcs } from '../replies.ts';
import { sliverIndexOfPair } from '../../service/sliver-check.ts';
import { checkNotChallenged } from '../../challenge/read-pause.ts';

export function registerRecoveryRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{
    Params: { blobId: string };
    Querystring: { targetSliver?: string; targetType?: string };
  }>('/v1/blobs/:blobId/recoverySymbols', async (req, reply) => {
    const blobId = parseBlobIdParam(req.params.blobId);
    checkNotChallenged(ctx, blobId);
    const targetType = parseAxisParam(req.query.targetType);
    const raw = req.query.targetSliver;
    if (raw === undefined || !/^\d{1,5}$/.test(raw)) {
      throw new InvalidInputError('targetSliver must be a sliver index', {
        code: 'INVALID_SLIVER_INDEX',
      });
    }
    const committee = ctx.committee.require();
    const n = committee.nShards;
    const target = Number(raw);
    if (target >= n) throw new IndexOutOfRangeError('target sliver', target, n);
    if (ctx.store.getBlob(blobId)?.invalid) throw new BlobInvalidError(blobIdToString(blobId));
    // Helpers are slivers of the other axis.
    const helperAxis = targetType === 'primary' ? 'secondary' : 'primary';
    const symbols: RecoverySymbol[] = [];
    for (const shard of [...committee.ownShards, ...committee.retiringShards]) {
      const bytes = ctx.store.getSliver(shard, blobId, helperAxis);
      if (bytes === undefined) continue;
      const pair = pairIndexForShard(shard, blobId, n);
      const helper = sliverFromBcs(bytes, helperAxis);
      if (helper.index !== sliverIndexOfPair(helperAxis, pair, n)) continue;
      const metadata = ctx.metadataCache.get(ctx.store, blobId)?.metadata;
      const params = encodingParams(n);
      const symbolSize = metadata
        ? symbolSizeFor(params, metadata.unencodedLength)
        : helper.symbolSize;
      symbols.push((await prepareRecoverySource(params, symbolSize, helper)).symbol(target));
    }
    if (symbols.length === 0)
      throw new NotStoredError(`helper slivers of blob ${blobIdToString(blobId)}`);
    return sendBcs(reply, symbolsToBcs(symbols));
  });
}
