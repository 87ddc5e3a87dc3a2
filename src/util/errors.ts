/**
 * The root of Floe's typed errors. Every failure a caller can act on has its own subclass
 * with a stable `code`; retry decisions look at `retryable` (or the class), never at the text.
 */
export class FloeError extends Error {
  /** Stable machine-readable code, e.g. `INVALID_SLIVER`. */
  readonly code: string;
  /** Whether repeating the same call later may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** A failure that may go away if the same call is repeated (network, overload, not yet synced). */
export class RetryableError extends FloeError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, { ...options, retryable: true });
  }
}

/** Input that does not parse or is out of range; repeating the call cannot help. */
export class InvalidInputError extends FloeError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'INVALID_INPUT', message, options);
  }
}
