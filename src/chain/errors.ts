/**
 * Typed failures of the chain layer. Both implementations (embedded chain and Sui adapter) map
 * their failures to these classes, so callers branch on the class, never on the message.
 */
import { FloeError, InvalidInputError, RetryableError } from '../util/errors.ts';

/**
 * A Move function aborted. `module` is the Move module (e.g. `blob`), `abortCode` the numeric
 * code, `constantName` the `#[error]` constant (e.g. `EInvalidBlobId`) when known.
 */
export class MoveAbortError extends FloeError {
  readonly module: string;
  readonly abortCode: number;
  readonly constantName: string | undefined;
  /** The Move function that was called (`module::function`), when known. */
  readonly fn: string | undefined;

  constructor(
    init: {
      module: string;
      abortCode: number;
      constantName?: string;
      fn?: string;
      detail?: string;
    },
    options?: { cause?: unknown },
  ) {
    const name = init.constantName ?? `code ${init.abortCode}`;
    const where = init.fn ? ` in ${init.fn}` : '';
    super(
      'MOVE_ABORT',
      `Move abort ${init.module}::${name} (${init.abortCode})${where}${init.detail ? `: ${init.detail}` : ''}`,
      options,
    );
    this.module = init.module;
    this.abortCode = init.abortCode;
    this.constantName = init.constantName;
    this.fn = init.fn;
  }
}

/** An object (blob, storage, cap, stake, node, round) that does not exist or was deleted. */
export class ObjectNotFoundError extends FloeError {
  readonly objectId: string;
  constructor(kind: string, objectId: string, options?: { cause?: unknown }) {
    super('OBJECT_NOT_FOUND', `${kind} ${objectId} not found`, options);
    this.objectId = objectId;
  }
}

/**
 * The transaction was rejected before Move ran: an owned object the sender does not own, an
 * object of the wrong type, or a wrong argument shape (Sui's input checks).
 */
export class TransactionRejectedError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'INVALID_TRANSACTION' });
  }
}

/** The sender cannot pay: not enough balance for a payment or for gas. */
export class InsufficientFundsError extends FloeError {
  readonly needed: bigint;
  readonly available: bigint;
  constructor(needed: bigint, available: bigint) {
    super('INSUFFICIENT_FUNDS', `need ${needed}, have ${available}`);
    this.needed = needed;
    this.available = available;
  }
}

/** The chain (RPC, loopback server) could not be reached or answered badly; retry later. */
export class ChainUnavailableError extends RetryableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHAIN_UNAVAILABLE', message, options);
  }
}
