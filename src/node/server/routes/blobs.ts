/**
 * Metadata, sliver and blob-status routes (PROTOCOL.md section 5, Walrus paths).
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../service/context.ts';
import {
  metadataStatus,
  readBlobStatus,
  readMetadata,
  readSliver,
  sliverStatus,
} from '../../service/reads.ts';
import { storeMetadata, storeSliver } from '../../service/uploads.ts';
import { bodyBytes, parseAxisParam, parseBlobIdParam, parsePairParam } from '../params.ts';
import { sendBcs, sendSuccess } from '../replies.ts';

type BlobParams = { blobId: string };
type SliverParams = BlobParams & { pair: string; axis: string };

export function registerBlobRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: BlobParams }>('/v1/blobs/:blobId/metadata', async (req, reply) => {
    return sendBcs(reply, readMetadata(ctx, parseBlobIdParam(req.params.blobId)));
  });

  app.put<{ Params: BlobParams }>('/v1/blobs/:blobId/metadata', async (req, reply) => {
    const blobId = parseBlobIdParam(req.params.blobId);
    const outcome = await storeMetadata(ctx, blobId, bodyBytes(req.body));
    if (outcome === 'stored') return sendSuccess(reply, 'metadata successfully stored', 201);
    if (outcome === 'buffered')
      return sendSuccess(reply, 'metadata buffered until the blob registration is seen', 202);
    return sendSuccess(reply, 'metadata already stored', 200);
  });

  app.get<{ Params: BlobParams }>('/v1/blobs/:blobId/metadata/status', async (req, reply) => {
    return sendSuccess(reply, metadataStatus(ctx, parseBlobIdParam(req.params.blobId)));
  });

  app.get<{ Params: SliverParams }>('/v1/blobs/:blobId/slivers/:pair/:axis', async (req, reply) => {
    const { blobId, pair, axis } = req.params;
    return sendBcs(
      reply,
      readSliver(ctx, parseBlobIdParam(blobId), parsePairParam(pair), parseAxisParam(axis)),
    );
  });

  app.put<{ Params: SliverParams }>('/v1/blobs/:blobId/slivers/:pair/:axis', async (req, reply) => {
    const blobId = parseBlobIdParam(req.params.blobId);
    const pair = parsePairParam(req.params.pair);
    const axis = parseAxisParam(req.params.axis);
    const outcome = await storeSliver(ctx, blobId, pair, axis, bodyBytes(req.body));
    if (outcome === 'buffered')
      return sendSuccess(reply, 'sliver buffered until the blob registration is seen', 202);
    return sendSuccess(reply, 'sliver stored successfully', 200);
  });

  app.get<{ Params: SliverParams }>(
    '/v1/blobs/:blobId/slivers/:pair/:axis/status',
    async (req, reply) => {
      const { blobId, pair, axis } = req.params;
      return sendSuccess(
        reply,
        sliverStatus(ctx, parseBlobIdParam(blobId), parsePairParam(pair), parseAxisParam(axis)),
      );
    },
  );

  app.get<{ Params: BlobParams }>('/v1/blobs/:blobId/status', async (req, reply) => {
    return sendSuccess(reply, readBlobStatus(ctx, parseBlobIdParam(req.params.blobId)));
  });
}
