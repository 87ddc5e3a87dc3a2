/**
 * Failures of one storage-node HTTP call. The class says what the caller may do: a
 * `NodeUnavailableError` (network, timeout, 5xx, 429) may succeed later; a `NodeRejectedError`
 * (other 4xx) will not, except that "not registered yet" is kept apart because a node that has
 * not yet seen the registration event will accept the same request a moment later.
 */
import { FloeError, RetryableError } from '../../util/errors.ts';

interface NodeErrorInfo {
  url: string;
  status?: number;
  reason?: string;
}

/** The node could not be reached, timed out, or answered 5xx / 429. */
export class NodeUnavailableError extends RetryableError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(info: NodeErrorInfo, message: string, options?: { cause?: unknown }) {
    super('NODE_UNAVAILABLE', `${info.url}: ${message}`, options);
    this.url = info.url;
    this.status = info.status;
  }
}

/** The node has not seen the blob's registration yet (or any other "not yet" condition). */
export class NodeNotReadyError extends RetryableError {
  readonly url: string;
  readonly status: number;
  readonly reason: string | undefined;
  constructor(info: NodeErrorInfo & { status: number }, message: string) {
    super('NODE_NOT_READY', `${info.url}: ${message}`);
    this.url = info.url;
    this.status = info.status;
    this.reason = info.reason;
  }
}

/** The node answered 404: it holds no such blob, metadata or sliver. */
export class NodeNotFoundError extends FloeError {
  readonly url: string;
  /** The node's error code, if it sent one (e.g. `NO_SUCH_ROUTE` for a route it lacks). */
  readonly reason: string | undefined;
  constructor(info: NodeErrorInfo, message: string) {
    super('NODE_NOT_FOUND', `${info.url}: ${message}`);
    this.url = info.url;
    this.reason = info.reason;
  }
}

/** The node refused the request (4xx other than 404) or sent a reply that does not parse. */
export class NodeRejectedError extends FloeError {
  readonly url: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  constructor(info: NodeErrorInfo, message: string, options?: { cause?: unknown }) {
    super('NODE_REJECTED', `${info.url}: ${message}`, options);
    this.url = info.url;
    this.status = info.status;
    this.reason = info.reason;
  }
}

/**
 * The node pauses reads of this blob while a storage challenge round that challenges it is open
 * (PROTOCOL.md section 7; reply 503 `CHALLENGE_IN_PROGRESS`). Not a failure of the node: the
 * same request succeeds once the round closes.
 */
export class NodeChallengeInProgressError extends RetryableError {
  readonly url: string;
  readonly status: number;
  constructor(info: NodeErrorInfo & { status: number }, message: string) {
    super('CHALLENGE_IN_PROGRESS', `${info.url}: ${message}`);
    this.url = info.url;
    this.status = info.status;
  }
}

/** Reasons (Walrus `details[].reason` or Floe codes) that mean "try again shortly". */
const NOT_READY_REASONS = new Set([
  'NOT_REGISTERED',
  'MISSING_METADATA',
  'NOT_FULLY_STORED',
  'NOT_SYNCED',
  'BUFFER_FULL',
]);

/** Builds the typed error for a non-2xx reply from its status and (possibly JSON) body. */
export function errorForReply(url: string, status: number, body: string): FloeError {
  const parsed = parseErrorBody(body);
  const info = { url, status, reason: parsed.reason };
  const text = `${status} ${parsed.message}`;
  if (parsed.reason === 'CHALLENGE_IN_PROGRESS')
    return new NodeChallengeInProgressError(info, text);
  if (parsed.reason !== undefined && NOT_READY_REASONS.has(parsed.reason))
    return new NodeNotReadyError(info, text);
  if (status === 404) return new NodeNotFoundError(info, text);
  if (status === 429 || status >= 500) return new NodeUnavailableError(info, text);
  return new NodeRejectedError(info, text);
}

function parseErrorBody(body: string): { message: string; reason?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // Not JSON: the text itself is the message.
    return { message: body.slice(0, 300) || '(no body)' };
  }
  const error = (
    json as { error?: { message?: unknown; code?: unknown; reason?: unknown; details?: unknown } }
  )?.error;
  if (error === undefined || error === null || typeof error !== 'object')
    return { message: body.slice(0, 300) };
  const message =
    typeof error.message === 'string' ? error.message : JSON.stringify(error).slice(0, 300);
  let reason: string | undefined;
  if (typeof error.reason === 'string') reason = error.reason;
  else if (typeof error.code === 'string') reason = error.code;
  if (Array.isArray(error.details)) {
    for (const d of error.details as Array<{ reason?: unknown }>) {
      if (typeof d?.reason === 'string') reason = d.reason;
    }
  }
  return reason === undefined ? { message } : { message, reason };
}
