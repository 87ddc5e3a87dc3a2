/**
 * Failed Sui transactions map to the chain layer's typed errors: clever abort codes unpacked as
 * the Move compiler packs them, names from the table generated from the Move sources, framework
 * aborts kept numeric, simulation aborts treated like executed ones, transport failures retryable.
 */
import { ObjectError, SimulationError, type SuiClientTypes } from '@mysten/sui/client';
import { describe, expect, it } from 'vitest';
import { ABORT_CODES } from '../../../src/chain/abort-codes.ts';
import {
  ChainUnavailableError,
  MoveAbortError,
  ObjectNotFoundError,
  TransactionRejectedError,
} from '../../../src/chain/errors.ts';
import {
  abortLookupFrom,
  executionErrorToFloe,
  InsufficientCoinBalance,
  moveAbortToFloe,
  thrownToFloe,
} from '../../../src/chain/sui/abort.ts';
import { decodeAbortCode, encodeCleverAbortCode } from '../../../src/chain/sui/clever-code.ts';

const lookup = abortLookupFrom(ABORT_CODES);
const invalidBlobId = ABORT_CODES.find(
  (c) => c.module === 'blob_ops' && c.name === 'EInvalidBlobId',
)!;

describe('clever abort codes', () => {
  it('reads a v1 code laid out by hand: version 0b1100, code 3, line 42, identifier 5, constant 2', () => {
    expect(decodeAbortCode(0xc003_002a_0005_0002n)).toEqual({
      kind: 'clever',
      errorCode: 3,
      lineNumber: 42,
      identifierIndex: 5,
      constantIndex: 2,
    });
    expect(
      encodeCleverAbortCode({ errorCode: 3, lineNumber: 42, identifierIndex: 5, constantIndex: 2 }),
    ).toBe(0xc003_002a_0005_0002n);
  });

  it('reads a v0 code (no error code) and the 0xffff "not available" sentinels', () => {
    expect(decodeAbortCode(0x8000_0011_ffff_0004n)).toEqual({
      kind: 'clever',
      lineNumber: 17,
      constantIndex: 4,
    });
    expect(decodeAbortCode(0xc0ff_ffff_ffff_ffffn)).toEqual({ kind: 'clever' });
  });

  it('keeps plain codes numeric (framework aborts, `abort 2`)', () => {
    expect(decodeAbortCode(2n)).toEqual({ kind: 'plain', code: 2n });
    expect(decodeAbortCode('7')).toEqual({ kind: 'plain', code: 7n });
    // Top bit set but an unknown version nibble: not a clever code.
    expect(decodeAbortCode(0xa000_0000_0000_0001n)).toEqual({
      kind: 'plain',
      code: 0xa000_0000_0000_0001n,
    });
  });

  it('refuses values outside u64 and fields that do not fit', () => {
    expect(() => decodeAbortCode(1n << 64n)).toThrow(RangeError);
    expect(() => decodeAbortCode(-1n)).toThrow(RangeError);
    expect(() => encodeCleverAbortCode({ errorCode: 255 })).toThrow(RangeError);
  });
});

describe('Move aborts become MoveAbortError', () => {
  it('uses the node-decoded clever error when the transport sends one', () => {
    const err = moveAbortToFloe(
      {
        abortCode: encodeCleverAbortCode({
          errorCode: invalidBlobId.code,
          lineNumber: 80,
        }).toString(),
        location: { package: '0x1', module: 'blob_ops', functionName: 'register_blob' },
        cleverError: {
          errorCode: invalidBlobId.code,
          constantName: 'EInvalidBlobId',
          lineNumber: 80,
        },
      },
      lookup,
    );
    expect(err).toBeInstanceOf(MoveAbortError);
    expect(err).toMatchObject({
      module: 'blob_ops',
      abortCode: invalidBlobId.code,
      constantName: 'EInvalidBlobId',
      fn: 'blob_ops::register_blob',
      code: 'MOVE_ABORT',
    });
  });

  it('unpacks the raw code and names it from the generated table when the transport does not (JSON-RPC)', () => {
    for (const entry of ABORT_CODES.filter((c) => c.code < 255)) {
      const err = moveAbortToFloe(
        {
          abortCode: encodeCleverAbortCode({
            errorCode: entry.code,
            lineNumber: 10,
            constantIndex: 1,
          }).toString(),
          location: { module: entry.module },
        },
        lookup,
      );
      expect(err.abortCode).toBe(entry.code);
      expect(err.constantName).toBe(entry.name);
    }
  });

  it('finds the code from the constant name when only the name is known (v0 codes)', () => {
    const err = moveAbortToFloe(
      {
        abortCode: 0x8000_0050_ffff_0001n.toString(),
        location: { module: 'blob_ops' },
        cleverError: { constantName: 'EInvalidBlobId' },
      },
      lookup,
    );
    expect(err.abortCode).toBe(invalidBlobId.code);
  });

  it('does not name aborts located in another package from our table', () => {
    const ours = abortLookupFrom(ABORT_CODES, '0x' + 'f1'.repeat(32));
    const foreign = moveAbortToFloe(
      { abortCode: '0', location: { package: '0x2', module: 'blob_ops' } },
      ours,
    );
    expect(foreign.constantName).toBeUndefined();
    const own = moveAbortToFloe(
      { abortCode: '0', location: { package: '0x' + 'f1'.repeat(32), module: 'blob_ops' } },
      ours,
    );
    expect(own.constantName).toBe('EInvalidBlobId');
  });

  it('keeps framework aborts numeric and unnamed', () => {
    const err = moveAbortToFloe(
      { abortCode: '2', location: { module: 'balance', functionName: 'split' } },
      lookup,
    );
    expect(err).toMatchObject({ module: 'balance', abortCode: 2, constantName: undefined });
  });
});

describe('other failures', () => {
  const base = { message: 'x', command: 0 };

  it('maps argument and object errors to TransactionRejectedError, balance errors to InsufficientCoinBalance', () => {
    const argErr = {
      ...base,
      $kind: 'CommandArgumentError',
      CommandArgumentError: { argument: 1, name: 'TypeMismatch' },
    } as SuiClientTypes.ExecutionError;
    expect(executionErrorToFloe(argErr, lookup)).toBeInstanceOf(TransactionRejectedError);
    const coin = {
      ...base,
      message: 'Insufficient coin balance for operation.',
      $kind: 'Unknown',
      Unknown: null,
    } as SuiClientTypes.ExecutionError;
    expect(executionErrorToFloe(coin, lookup)).toBeInstanceOf(InsufficientCoinBalance);
  });

  it('a simulation that aborts maps like an executed abort', () => {
    const sim = new SimulationError('dry run failed', {
      executionError: {
        ...base,
        $kind: 'MoveAbort',
        MoveAbort: { abortCode: '0', location: { module: 'blob_ops' } },
      } as SuiClientTypes.ExecutionError,
    });
    const err = thrownToFloe(sim, lookup);
    expect(err).toBeInstanceOf(MoveAbortError);
    expect((err as MoveAbortError).constantName).toBe(
      ABORT_CODES.find((c) => c.module === 'blob_ops' && c.code === 0)!.name,
    );
  });

  it('network failures are retryable ChainUnavailableError; gRPC input statuses are rejections', () => {
    const down = thrownToFloe(new TypeError('fetch failed'), lookup);
    expect(down).toBeInstanceOf(ChainUnavailableError);
    expect(down.retryable).toBe(true);
    const bad = thrownToFloe(
      Object.assign(new Error('object version mismatch'), { code: 'FAILED_PRECONDITION' }),
      lookup,
    );
    expect(bad).toBeInstanceOf(TransactionRejectedError);
    expect(bad.retryable).toBe(false);
  });

  it('an empty wallet (no gas coin to pick) is InsufficientCoinBalance, not a retryable outage', () => {
    const err = thrownToFloe(new Error('No valid gas coins found for the transaction.'), lookup);
    expect(err).toBeInstanceOf(InsufficientCoinBalance);
  });

  it('a missing object is ObjectNotFoundError', () => {
    const id = '0x' + '12'.repeat(32);
    const err = thrownToFloe(
      new ObjectError('notFound', 'gone', { reason: 'notFound', objectId: id }),
      lookup,
    );
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as ObjectNotFoundError).objectId).toBe(id);
  });
});
