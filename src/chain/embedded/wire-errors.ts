/**
 * Typed chain errors across the loopback HTTP wire: the server sends the class name and fields,
 * the client rebuilds the same class, so callers see the same errors in and out of process.
 */
import { FloeError, InvalidInputError } from '../../util/errors.ts';
import {
  InsufficientFundsError,
  MoveAbortError,
  ObjectNotFoundError,
  TransactionRejectedError,
} from '../errors.ts';

export interface WireError {
  kind: string;
  code: string;
  message: string;
  module?: string;
  abortCode?: number;
  constantName?: string;
  fn?: string;
  objectId?: string;
  needed?: string;
  available?: string;
}

/** The wire form of an error and its HTTP status. */
export function toWire(err: unknown): { status: number; body: WireError } {
  if (err instanceof MoveAbortError) {
    return {
      status: 409,
      body: {
        kind: 'MoveAbortError',
        code: err.code,
        message: err.message,
        module: err.module,
        abortCode: err.abortCode,
        constantName: err.constantName,
        fn: err.fn,
      },
    };
  }
  if (err instanceof ObjectNotFoundError) {
    return {
      status: 404,
      body: {
        kind: 'ObjectNotFoundError',
        code: err.code,
        message: err.message,
        objectId: err.objectId,
      },
    };
  }
  if (err instanceof InsufficientFundsError) {
    return {
      status: 402,
      body: {
        kind: 'InsufficientFundsError',
        code: err.code,
        message: err.message,
        needed: err.needed.toString(),
        available: err.available.toString(),
      },
    };
  }
  if (err instanceof TransactionRejectedError)
    return {
      status: 400,
      body: { kind: 'TransactionRejectedError', code: err.code, message: err.message },
    };
  if (err instanceof InvalidInputError || err instanceof RangeError || err instanceof TypeError) {
    return {
      status: 400,
      body: { kind: 'InvalidInputError', code: 'INVALID_INPUT', message: err.message },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    status: 500,
    body: { kind: 'Error', code: err instanceof FloeError ? err.code : 'INTERNAL', message },
  };
}

/** Rebuilds the typed error from its wire form. */
export function fromWire(body: WireError): Error {
  switch (body.kind) {
    case 'MoveAbortError': {
      const err = new MoveAbortError({
        module: body.module ?? '?',
        abortCode: body.abortCode ?? -1,
        constantName: body.constantName,
        fn: body.fn,
      });
      return err;
    }
    case 'ObjectNotFoundError': {
      const err = new ObjectNotFoundError('object', body.objectId ?? '?');
      err.message = body.message;
      return err;
    }
    case 'InsufficientFundsError':
      return new InsufficientFundsError(BigInt(body.needed ?? '0'), BigInt(body.available ?? '0'));
    case 'TransactionRejectedError':
      return new TransactionRejectedError(body.message);
    case 'InvalidInputError':
      return new InvalidInputError(body.message);
    default:
      return new FloeError(body.code, `embedded chain server: ${body.message}`);
  }
}
