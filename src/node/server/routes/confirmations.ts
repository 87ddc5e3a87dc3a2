/**
 * Storage confirmations: `GET /v1/blobs/{id}/confirmation/permanent` and
 * `GET /v1/blobs/{id}/confirmation/deletable/{objectId}`; the reply's `success.data` is
 * `{ signed: { serializedMessage, signature } }` (base64), as the Walrus SDK reads it.
 */
import type { FastifyInstance } from 'fastify';
import { confirm } from '../../service/confirm.ts';
import type { NodeContext } from '../../service/context.ts';
import { parseBlobIdParam, parseObjectIdParam } from '../params.ts';
import { sendSuccess } from '../replies.ts';

export function registerConfirmationRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Params: { blobId: string } }>(
    '/v1/blobs/:blobId/confirmation/permanent',
    async (req, reply) => {
      return sendSuccess(
        reply,
        confirm(ctx, parseBlobIdParam(req.params.blobId), { kind: 'Permanent' }),
      );
    },
  );

  app.get<{ Params: { blobId: string; objectId: string } }>(
    '/v1/blobs/:blobId/confirmation/deletable/:objectId',
    async (req, reply) => {
      const blobId = parseBlobIdParam(req.params.blobId);
      const objectId = parseObjectIdParam(req.params.objectId);
      return sendSuccess(reply, confirm(ctx, blobId, { kind: 'Deletable', objectId }));
    },
  );
}
