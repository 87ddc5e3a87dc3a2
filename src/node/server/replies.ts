/**
 * The JSON reply shapes of the storage-node API (Walrus's): `{ success: { code, data } }` with
 * the HTTP status as `code`, and `{ error: { code, message, details } }` where `code` is Floe's
 * stable error code and `details[0]` is Walrus's `ErrorInfo` (`reason` = the same code), which
 * the `@mysten/walrus` SDK inspects (e.g. `NOT_REGISTERED`).
 */
import type { FastifyReply } from 'fastify';
import { FloeError } from '../../util/errors.ts';
import { httpStatusOf } from '../errors.ts';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { '@type': 'ErrorInfo'; reason: string; domain: string }[];
  };
}

export const ERROR_DOMAIN = 'floe.node';

export function errorBody(code: string, message: string): ErrorBody {
  return {
    error: {
      code,
      message,
      details: [{ '@type': 'ErrorInfo', reason: code, domain: ERROR_DOMAIN }],
    },
  };
}

/** Sends `{ success: { code, data } }` with `code` as the HTTP status. */
export function sendSuccess(reply: FastifyReply, data: unknown, code = 200): FastifyReply {
  return reply.code(code).type('application/json').send({ success: { code, data } });
}

/** Sends raw BCS bytes. */
export function sendBcs(reply: FastifyReply, bytes: Uint8Array): FastifyReply {
  return reply
    .code(200)
    .type('application/octet-stream')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Fastify's own failures (body parsing, limits) mapped to stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_BODY',
};

/** The status and body for any error thrown while handling a request. */
export function errorReply(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof FloeError) {
    return { status: httpStatusOf(err), body: errorBody(err.code, err.message) };
  }
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (
    typeof e?.code === 'string' &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500
  ) {
    const code = FASTIFY_CODES[e.code] ?? 'BAD_REQUEST';
    return { status: e.statusCode, body: errorBody(code, String(e.message)) };
  }
  return { status: 500, body: errorBody('INTERNAL', 'internal error') };
}
