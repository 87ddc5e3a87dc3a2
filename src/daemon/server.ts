/**
 * The publisher/aggregator daemon's HTTP surface (PROTOCOL.md section 5):
 *
 * - `PUT /v1/blobs?epochs=N[&deletable=true]` stores the request body and answers
 *   `{ newlyCreated | alreadyCertified: { blobId, objectId, endEpoch, ... } }`;
 * - `GET /v1/blobs/{id}` answers the blob's bytes with their content length and an ETag (the
 *   blob ID, which names the content), and `304` for a matching `If-None-Match`.
 *
 * Built apart from `listen()` so that tests can use `app.inject()`; a request that the caller
 * abandons aborts the store or read behind it.
 */
import { Readable } from 'node:stream';
import Fastify, { type FastifyReply } from 'fastify';
import type { Logger } from '../util/log.ts';
import { InvalidInputError } from '../util/errors.ts';
import type { StoreResult } from '../client/types.ts';
import { drainBody } from '../util/http-drain.ts';
import { httpErrorFor } from './http-errors.ts';

/** What the daemon needs from a client (`FloeClient` provides it). */
export interface BlobService {
  store(
    data: Uint8Array,
    opts: { epochs: number; deletable: boolean; signal?: AbortSignal },
  ): Promise<StoreResult>;
  read(blobId: string, opts: { signal?: AbortSignal }): Promise<Uint8Array>;
  /** When present, GET streams verified rows as they arrive instead of buffering the blob. */
  readStream?(
    blobId: string,
    opts: { signal?: AbortSignal },
  ): Promise<{ size: number; chunks: AsyncIterable<Uint8Array> }>;
}

export interface DaemonOptions {
  service: BlobService;
  log: Logger;
  /** Largest PUT body in bytes. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Epochs when the query gives none. Default 1. */
  defaultEpochs?: number;
  /** Largest `epochs` accepted (the chain enforces its own bound too). Default 1000. */
  maxEpochs?: number;
}

const BLOB_ID_RE = /^[A-Za-z0-9_-]{43}$/;

/** Builds the daemon's Fastify app without listening. */
export function buildServer(opts: DaemonOptions) {
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new RangeError(`maxBodyBytes must be a non-negative integer, got ${opts.maxBodyBytes}`);
  }
  const defaultEpochs = opts.defaultEpochs ?? 1;
  const maxEpochs = opts.maxEpochs ?? 1000;
  const app = Fastify({
    loggerInstance: opts.log.child({ component: 'daemon' }),
    bodyLimit: maxBodyBytes,
  });

  // Every body is raw bytes, whatever its declared type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: maxBodyBytes },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.setErrorHandler(async (err, req, reply) => {
    const e = httpErrorFor(err);
    if (e.status >= 500) reply.log.error({ err }, 'request failed');
    // The rest of an oversize body is read (up to a bound) so the client sees the 413.
    if (e.code === 'BODY_TOO_LARGE') await drainBody(req.raw, Math.max(maxBodyBytes * 4, 64 << 20));
    return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send({ error: { code: 'NO_SUCH_ROUTE', message: `no route ${req.method} ${req.url}` } });
  });

  app.put('/v1/blobs', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    const epochs = parseEpochs(query.epochs, defaultEpochs, maxEpochs);
    const deletable = parseBool(query.deletable, 'deletable');
    const body = req.body;
    const data = body === undefined || body === null ? new Uint8Array(0) : toBytes(body);
    const result = await opts.service.store(data, {
      epochs,
      deletable,
      signal: abortOnClose(reply),
    });
    const summary = {
      blobId: result.blobId,
      objectId: result.objectId,
      endEpoch: result.endEpoch,
      size: result.size,
      deletable: result.deletable,
      certifiedEpoch: result.certifiedEpoch,
      cost: result.cost.toString(),
      ...(result.certificate ? { signers: result.certificate.signers } : {}),
    };
    return reply
      .code(200)
      .send(
        result.status === 'newlyCreated'
          ? { newlyCreated: summary }
          : { alreadyCertified: summary },
      );
  });

  app.get('/v1/blobs/:blobId', async (req, reply) => {
    const { blobId } = req.params as { blobId: string };
    if (!BLOB_ID_RE.test(blobId)) {
      throw new InvalidInputError(`not a blob ID: ${JSON.stringify(blobId.slice(0, 64))}`, {
        code: 'INVALID_BLOB_ID',
      });
    }
    const etag = `"${blobId}"`;
    // The blob ID commits to the content, so a cached copy under the same tag is always current.
    if (req.headers['if-none-match'] === etag) return reply.code(304).header('etag', etag).send();
    const signal = abortOnClose(reply);
    const ok = (size: number) =>
      reply
        .code(200)
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(size))
        .header('etag', etag)
        .header('cache-control', 'public, max-age=3600');
    if (opts.service.readStream) {
      // Chain and metadata failures throw here, and a failure to get the first verified chunk
      // (not enough nodes, a challenge round that does not end) below: both before any header
      // is sent, so the caller gets a status and a JSON error instead of a cut-off body.
      const { size, chunks } = await opts.service.readStream(blobId, { signal });
      const rest = chunks[Symbol.asyncIterator]();
      const first = await rest.next();
      return ok(size).send(Readable.from(prepend(first, rest), { objectMode: false }));
    }
    const bytes = await opts.service.read(blobId, { signal });
    return ok(bytes.length).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  return app;
}

export type DaemonServer = ReturnType<typeof buildServer>;

/** The chunks of `rest`, after `first` (already taken from it). */
async function* prepend(
  first: IteratorResult<Uint8Array>,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    if (first.done) return;
    yield first.value;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // A reply cut short (the caller left) stops the read behind it.
    await rest.return?.();
  }
}

/** An AbortSignal that fires when the client goes away before the reply is written. */
function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  return controller.signal;
}

function toBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw new InvalidInputError('request body must be raw bytes');
}

function parseEpochs(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new InvalidInputError(`epochs must be a positive integer, got ${JSON.stringify(raw)}`);
  const epochs = Number(raw);
  if (epochs < 1 || epochs > max)
    throw new InvalidInputError(`epochs must be in 1..${max}, got ${epochs}`);
  return epochs;
}

function parseBool(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new InvalidInputError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}
