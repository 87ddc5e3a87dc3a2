/**
 * How the daemon reports failures: one HTTP status per failure a caller can act on, and the
 * storage-node API's error body `{ error: { code, message } }` so that scripts read the same shape
 * from nodes and from the daemon.
 */
import { BlobExpiredError, BlobInvalidError, BlobNotFoundError } from '../client/errors.ts';
import { FloeError, InvalidInputError } from '../util/errors.ts';

export interface HttpError {
  status: number;
  code: string;
  message: string;
}

/** Maps any thrown value to the status and body the daemon sends. */
export function httpErrorFor(err: unknown): HttpError {
  if (err instanceof BlobNotFoundError)
    return { status: 404, code: err.code, message: err.message };
  if (err instanceof BlobExpiredError) return { status: 410, code: err.code, message: err.message };
  if (err instanceof BlobInvalidError) return { status: 422, code: err.code, message: err.message };
  if (err instanceof InvalidInputError)
    return { status: 400, code: err.code, message: err.message };
  if (err instanceof FloeError) {
    return { status: err.retryable ? 503 : 500, code: err.code, message: err.message };
  }
  const fastifyCode = (err as { code?: unknown; statusCode?: unknown })?.code;
  const statusCode = (err as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
    return { status: statusCode, code, message: (err as Error).message };
  }
  return {
    status: 500,
    code: 'INTERNAL',
    message: err instanceof Error ? err.message : String(err),
  };
}
