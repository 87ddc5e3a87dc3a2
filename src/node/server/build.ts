/**
 * Builds the storage node's HTTP server (Fastify) without listening, so tests can `inject()`
 * and the node decides when to `listen()`. Bodies are raw bytes (`application/octet-stream`, or
 * no content type) up to `maxBodyBytes`; larger bodies get 413 before any handler runs. Every
 * failure is answered as `{ error: { code, message, details } }`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../../util/log.ts';
import type { NodeContext } from '../service/context.ts';
import { drainBody } from '../../util/http-drain.ts';
import { errorBody, errorReply } from './replies.ts';
import { registerBlobRoutes } from './routes/blobs.ts';
import { registerConfirmationRoutes } from './routes/confirmations.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerChallengeRoutes } from './challenge-routes.ts';
import { registerSliverBatchRoutes } from './routes/sliver-batch.ts';

export interface BuildServerOptions {
  ctx: NodeContext;
  /** Largest accepted body in bytes. */
  maxBodyBytes: number;
  log: Logger;
  /** Clock for uptime (default `Date.now`). */
  now?: () => number;
  /** Extra route groups (recovery, inconsistency proofs) registered by the node. */
  extraRoutes?: ((app: FastifyInstance, ctx: NodeContext) => void)[];
}

export function buildServer(opts: BuildServerOptions): FastifyInstance {
  if (!Number.isInteger(opts.maxBodyBytes) || opts.maxBodyBytes < 1)
    throw new RangeError('maxBodyBytes must be a positive integer');
  const now = opts.now ?? Date.now;
  const app = Fastify({
    // Fastify logs every request at info; the node logs outcomes itself, so only warnings pass.
    loggerInstance: opts.log.child({ component: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: opts.maxBodyBytes,
    // Keep-alive sockets must not hold `close()` forever.
    forceCloseConnections: true,
  });
  const { ctx } = opts;

  app.removeAllContentTypeParsers();
  // Walrus clients send application/octet-stream; any other type is read as bytes too, so a
  // wrong header cannot smuggle a different parser in front of the BCS checks.
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: opts.maxBodyBytes },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ route, method: req.method }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler(async (err, req, reply) => {
    const { status, body } = errorReply(err);
    // Read (and discard) the rest of an oversize body, up to a bound, so that the client is not
    // cut off mid-write and sees the 413 instead of a broken pipe.
    if (body.error.code === 'BODY_TOO_LARGE')
      await drainBody(req.raw, Math.max(opts.maxBodyBytes * 4, 64 << 20));
    const params = (req.params ?? {}) as { blobId?: string; pair?: string; axis?: string };
    const log = opts.log.child({
      route: req.routeOptions.url,
      method: req.method,
      status,
      code: body.error.code,
      ...(params.blobId ? { blobId: params.blobId.slice(0, 64) } : {}),
      ...(params.pair ? { pairIndex: params.pair.slice(0, 8) } : {}),
      ...(params.axis ? { axis: params.axis.slice(0, 16) } : {}),
      epoch: ctx.committee.current?.epoch,
    });
    if (status >= 500) log.error({ err }, 'request failed');
    else log.debug({ reason: body.error.message }, 'request rejected');
    if (req.method === 'PUT' || req.method === 'POST')
      ctx.metrics.uploadsRejected.inc({ reason: body.error.code });
    return reply.code(status).type('application/json').send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    return reply
      .code(404)
      .type('application/json')
      .send(errorBody('NO_SUCH_ROUTE', `no route ${req.method} ${req.url.slice(0, 200)}`));
  });

  registerHealthRoutes(app, ctx, now(), now);
  registerBlobRoutes(app, ctx);
  registerConfirmationRoutes(app, ctx);
  registerChallengeRoutes(app, ctx);
  registerSliverBatchRoutes(app, ctx);
  for (const add of opts.extraRoutes ?? []) add(app, ctx);
  return app;
}
