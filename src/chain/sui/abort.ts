/**
 * Maps failed Sui transactions to the chain layer's typed errors. A Move abort becomes a
 * `MoveAbortError` carrying the module, the `#[error(code = N)]` code and the constant's name:
 * the code is taken from the node's decoded clever error when it sends one, otherwise unpacked
 * from the raw u64 (see clever-code.ts); the name comes from the generated abort-code table.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { ObjectError, SimulationError, SuiClientError } from '@mysten/sui/client';
import {
  ChainUnavailableError,
  MoveAbortError,
  ObjectNotFoundError,
  TransactionRejectedError,
} from '../errors.ts';
import { FloeError } from '../../util/errors.ts';
import { decodeAbortCode } from './clever-code.ts';

/** gRPC statuses that mean "your request is wrong", as opposed to "try again later". */
const REJECTING_STATUS = new Set([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'OUT_OF_RANGE',
]);

/** Resolves abort codes and constant names of one module (the generated table, or a test double). */
export interface AbortCodeLookup {
  /** The constant named for `code` in `module`, if known. */
  nameOf(module: string, code: number): string | undefined;
  /** The code of constant `name` in `module`, if known. */
  codeOf(module: string, name: string): number | undefined;
  /** The package the table describes; aborts located in other packages are not named from it. */
  packageId?: string;
}

/** A lookup that knows nothing: codes stay numeric. */
export const EMPTY_ABORT_LOOKUP: AbortCodeLookup = {
  nameOf: () => undefined,
  codeOf: () => undefined,
};

/** Builds a lookup from `(module, name, code)` rows, e.g. the generated `ABORT_CODES`. */
export function abortLookupFrom(
  rows: Iterable<{ module: string; name: string; code: number }>,
  packageId?: string,
): AbortCodeLookup {
  const byCode = new Map<string, string>();
  const byName = new Map<string, number>();
  for (const r of rows) {
    byCode.set(`${r.module}:${r.code}`, r.name);
    byName.set(`${r.module}:${r.name}`, r.code);
  }
  return {
    nameOf: (module, code) => byCode.get(`${module}:${code}`),
    codeOf: (module, name) => byName.get(`${module}:${name}`),
    packageId,
  };
}

/** Failures the caller must finish mapping itself, because it knows the amounts involved. */
export class InsufficientCoinBalance extends FloeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INSUFFICIENT_COIN_BALANCE', message, options);
  }
}

/**
 * The typed error of a failed execution (or simulation). Move aborts -> `MoveAbortError`; bad
 * arguments or objects -> `TransactionRejectedError`; a coin or gas balance too small ->
 * `InsufficientCoinBalance`; anything else -> `FloeError` code `SUI_EXECUTION_FAILED`.
 */
export function executionErrorToFloe(
  error: SuiClientTypes.ExecutionError,
  lookup: AbortCodeLookup,
  cause?: unknown,
): FloeError {
  if (error.$kind === 'MoveAbort')
    return moveAbortToFloe(error.MoveAbort, lookup, error.message, cause ?? error);
  switch (error.$kind) {
    case 'CommandArgumentError':
    case 'TypeArgumentError':
    case 'ObjectIdError':
    case 'SizeError':
      return new TransactionRejectedError(error.message, { cause: cause ?? error });
  }
  // The SDK reports these kinds as `Unknown` with the node's description only.
  if (/insufficient (coin balance|gas)/i.test(error.message)) {
    return new InsufficientCoinBalance(error.message, { cause: cause ?? error });
  }
  return new FloeError('SUI_EXECUTION_FAILED', error.message, { cause: cause ?? error });
}

/** `MoveAbortError` from the SDK's abort details. */
export function moveAbortToFloe(
  abort: SuiClientTypes.MoveAbort,
  lookup: AbortCodeLookup,
  detail?: string,
  cause?: unknown,
): MoveAbortError {
  const module = abort.location?.module ?? 'unknown';
  const where = abort.location?.package;
  // A framework module (0x2::balance, ...) may share a name with none, or one, of ours.
  if (
    where !== undefined &&
    lookup.packageId !== undefined &&
    !sameAddress(where, lookup.packageId)
  ) {
    lookup = EMPTY_ABORT_LOOKUP;
  }
  const fn = abort.location?.functionName ? `${module}::${abort.location.functionName}` : undefined;
  const decoded = decodeAbortCode(BigInt(abort.abortCode));
  let code: number | undefined = abort.cleverError?.errorCode;
  if (code === undefined && decoded.kind === 'clever') code = decoded.errorCode;
  const named = abort.cleverError?.constantName;
  if (code === undefined && named !== undefined) code = lookup.codeOf(module, named);
  if (
    code === undefined &&
    decoded.kind === 'plain' &&
    decoded.code <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    code = Number(decoded.code);
  }
  const abortCode = code ?? -1;
  const constantName = named ?? (code === undefined ? undefined : lookup.nameOf(module, code));
  return new MoveAbortError({ module, abortCode, constantName, fn, detail }, { cause });
}

/**
 * Maps anything thrown while building, simulating or executing. A simulation that aborted maps
 * like an executed failure; a missing or deleted object becomes `ObjectNotFoundError`; other SDK errors (object missing, not owned, bad input) become
 * `TransactionRejectedError`; network failures become `ChainUnavailableError` (retryable).
 * Floe errors pass through unchanged.
 */
export function thrownToFloe(err: unknown, lookup: AbortCodeLookup): FloeError {
  if (err instanceof FloeError) return err;
  if (err instanceof SimulationError && err.executionError !== undefined) {
    return executionErrorToFloe(err.executionError, lookup, err);
  }
  if (err instanceof ObjectError && (err.reason === 'notFound' || err.reason === 'deleted')) {
    return new ObjectNotFoundError('object', err.objectId ?? 'unknown', { cause: err });
  }
  if (err instanceof SuiClientError) {
    if (/insufficient|balance of gas object|no valid gas coins/i.test(err.message))
      return new InsufficientCoinBalance(err.message, { cause: err });
    return new TransactionRejectedError(err.message, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/insufficient (coin balance|gas)|balance of gas object|no valid gas coins/i.test(message)) {
    return new InsufficientCoinBalance(message, { cause: err });
  }
  // gRPC status errors (protobuf-ts RpcError) carry a status name: the node refused the input.
  const status = (err as { code?: unknown } | null)?.code;
  if (typeof status === 'string' && REJECTING_STATUS.has(status)) {
    return new TransactionRejectedError(`Sui node rejected the request (${status}): ${message}`, {
      cause: err,
    });
  }
  return new ChainUnavailableError(`Sui node request failed: ${message}`, { cause: err });
}

function sameAddress(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return false;
  }
}
