/**
 * `POST /v1/blobs/{id}/inconsistencyProof/{primary|secondary}` with the axis-specific BCS
 * inconsistency proof; answers `{ success: { code: 200, data: { serializedMessage, signature } } }`
 * with the signed invalid-blob attestation.
 */
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../service/context.ts';
import { attestInconsistency } from '../../service/inconsistency.ts';
import { bodyBytes, parseAxisParam, parseBlobIdParam } from '../params.ts';
import { sendSuccess } from '../replies.ts';

export function registerInconsistencyRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post<{ Params: { blobId: string; axis: string } }>(
    '/v1/blobs/:blobId/inconsistencyProof/:axis',
    async (req, reply) => {
      const blobId = parseBlobIdParam(req.params.blobId);
      const axis = parseAxisParam(req.params.axis);
      return sendSuccess(reply, await attestInconsistency(ctx, blobId, axis, bodyBytes(req.body)));
    },
  );
}
