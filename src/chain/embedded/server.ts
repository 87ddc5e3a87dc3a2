/**
 * The embedded chain over loopback HTTP, for storage nodes and clients in other processes:
 *
 * - `POST /v1/read/:method`  body `{ args }`          -> `{ result }`
 * - `POST /v1/tx/:method`    body `{ sender, args }`  -> `{ digest, events, result }`
 * - `GET  /v1/events?cursor=&limit=&types=A,B&waitMs=` -> `{ events, scannedTo }` (long poll)
 * - `GET  /v1/health`                                  -> `{ epoch, txCount }`
 *
 * Bodies are JSON with bigint/bytes tagged (codec.ts). Errors answer `{ error }` with the typed
 * error's fields (wire-errors.ts). Built apart from `listen()`; closing the app does not close
 * the chain (its owner does).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from '../../util/log.ts';
import type { ChainEventType } from '../events.ts';
import type { EmbeddedChain } from './chain.ts';
import { decodeValue, stringify } from './codec.ts';
import { OPS, type WriteMethod } from './ops.ts';
import { READS, type ReadMethod } from './reads.ts';
import { LocalTransport } from './transport.ts';
import { toWire } from './wire-errors.ts';

export interface ChainServerOptions {
  chain: EmbeddedChain;
  log?: Logger;
  /** Longest long-poll wait a client may ask for (default 30 s). */
  maxWaitMs?: number;
}

export function buildChainServer(opts: ChainServerOptions): FastifyInstance {
  const app = Fastify({
    // Per-request lines would drown the node logs; Fastify logs only warnings and errors.
    loggerInstance: opts.log?.child({}, { level: 'warn' }) as FastifyBaseLogger | undefined,
    bodyLimit: 64 << 20,
  }) as unknown as FastifyInstance;
  const transport = new LocalTransport(opts.chain);
  const maxWait = opts.maxWaitMs ?? 30_000;
  const send = (reply: FastifyReply, status: number, body: unknown) =>
    reply.code(status).type('application/json').send(stringify(body));

  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = toWire(err);
    if (status >= 500) opts.log?.error({ err }, 'embedded chain request failed');
    return send(reply, status, { error: body });
  });

  app.get('/v1/health', async (_req, reply) => {
    const s = opts.chain.current;
    return send(reply, 200, { epoch: s.epoch, txCount: s.txCount });
  });

  app.post<{ Params: { method: string }; Body: { args?: unknown } }>(
    '/v1/read/:method',
    async (req, reply) => {
      const method = req.params.method;
      if (!Object.hasOwn(READS, method))
        return send(reply, 404, {
          error: { kind: 'InvalidInputError', code: 'UNKNOWN_METHOD', message: method },
        });
      const args = (decodeValue(req.body?.args ?? {}) ?? {}) as object;
      return send(reply, 200, { result: await transport.read(method as ReadMethod, args) });
    },
  );

  app.post<{ Params: { method: string }; Body: { sender?: string; args?: unknown } }>(
    '/v1/tx/:method',
    async (req, reply) => {
      const method = req.params.method;
      if (!Object.hasOwn(OPS, method))
        return send(reply, 404, {
          error: { kind: 'InvalidInputError', code: 'UNKNOWN_METHOD', message: method },
        });
      if (typeof req.body?.sender !== 'string') throw new TypeError('sender must be a string');
      const args = (decodeValue(req.body.args ?? {}) ?? {}) as object;
      return send(reply, 200, await transport.send(req.body.sender, method as WriteMethod, args));
    },
  );

  app.get<{ Querystring: { cursor?: string; limit?: string; types?: string; waitMs?: string } }>(
    '/v1/events',
    async (req, reply) => {
      const q = req.query;
      const limit = Math.min(Math.max(Number(q.limit ?? 256) || 256, 1), 1024);
      const waitMs = Math.min(Math.max(Number(q.waitMs ?? 0) || 0, 0), maxWait);
      const types = q.types ? (q.types.split(',') as ChainEventType[]) : undefined;
      const page = await transport.events(q.cursor ? q.cursor : null, limit, types, waitMs);
      return send(reply, 200, page);
    },
  );
  return app;
}
