/**
 * Path parameters checked at the edge: blob IDs (URL-safe base64, 32 bytes), sliver pair indices
 * (decimal u16), axes (`primary` / `secondary`), object IDs (0x-hex).
 */
import { blobIdFromString } from '../../encoding/blob-id.ts';
import { normalizeId } from '../../chain/ids.ts';
import { InvalidInputError } from '../../util/errors.ts';
import type { Axis } from '../store/node-store.ts';

export function parseBlobIdParam(text: string | undefined): Uint8Array {
  return blobIdFromString(text ?? '');
}

export function parsePairParam(text: string | undefined): number {
  if (text === undefined || !/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new InvalidInputError(`not a sliver pair index: ${JSON.stringify(text?.slice(0, 16))}`, {
      code: 'INVALID_PAIR_INDEX',
    });
  }
  return Number(text);
}

export function parseAxisParam(text: string | undefined): Axis {
  if (text === 'primary' || text === 'secondary') return text;
  throw new InvalidInputError(
    `sliver type must be primary or secondary, got ${JSON.stringify(text?.slice(0, 16))}`,
    {
      code: 'INVALID_SLIVER_TYPE',
    },
  );
}

export function parseObjectIdParam(text: string | undefined): string {
  try {
    return normalizeId(text ?? '', 'object id');
  } catch (cause) {
    throw new InvalidInputError(`not an object ID: ${JSON.stringify(text?.slice(0, 80))}`, {
      code: 'INVALID_OBJECT_ID',
      cause,
    });
  }
}

/** The request body as bytes (the octet-stream parser yields a Buffer; absent body = empty). */
export function bodyBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array)
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) return new Uint8Array(0);
  throw new InvalidInputError('body must be application/octet-stream', { code: 'INVALID_BODY' });
}
