/**
 * Floe's batched sliver routes, beside Walrus's one-sliver routes (which stay as they are):
 *
 * - `PUT /v1/blobs/{id}/slivers`: body BCS `vector<Sliver>` (axis-tagged), any of the blob's
 *   slivers whose shards this node holds; all are checked, then stored in one transaction.
 *   Reply `{ success: { code, data: { stored, alreadyStored, buffered } } }` (201 when something
 *   new was stored, 202 when buffered before the registration was seen, else 200).
 * - `GET /v1/blobs/{id}/slivers?axis=primary|secondary[&pairs=LIST]`: BCS `vector<Sliver>` of the
 *   stored slivers of the listed pairs that this node serves (all of them without `pairs`), in
 *   ascending pair order. LIST is comma-separated pair indices and ranges `a-b` (inclusive).
 */
import type { FastifyInstance } from 'fastify';
import { parsePairList, sliverBatchFromSliverData } from '../../../encoding/sliver-batch.ts';
import type { NodeContext } from '../../service/context.ts';
import { readSliverBatch, storeSliverBatch } from '../../service/sliver-batch.ts';
import { bodyBytes, parseAxisParam, parseBlobIdParam } from '../params.ts';
import { sendBcs, sendSuccess } from '../replies.ts';

export function registerSliverBatchRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.put<{ Params: { blobId: string } }>('/v1/blobs/:blobId/slivers', async (req, reply) => {
    const blobId = parseBlobIdParam(req.params.blobId);
    const outcome = await storeSliverBatch(ctx, blobId, bodyBytes(req.body));
    const code = outcome.stored > 0 ? 201 : outcome.buffered > 0 ? 202 : 200;
    return sendSuccess(reply, outcome, code);
  });

  app.get<{ Params: { blobId: string }; Querystring: { axis?: string; pairs?: string } }>(
    '/v1/blobs/:blobId/slivers',
    async (req, reply) => {
      const blobId = parseBlobIdParam(req.params.blobId);
      const axis = parseAxisParam(req.query.axis);
      const pairs = req.query.pairs === undefined ? undefined : parsePairList(req.query.pairs);
      const found = readSliverBatch(ctx, blobId, axis, pairs);
      return sendBcs(
        reply,
        sliverBatchFromSliverData(
          axis,
          found.map((f) => f.sliverData),
        ),
      );
    },
  );
}
