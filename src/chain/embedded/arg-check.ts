/**
 * Checks a transaction's arguments at the edge, as Sui checks pure arguments against the Move
 * parameter types before anything runs: u8..u256 ranges, bytes, strings, booleans, IDs
 * (normalized), certificates and parameter sets. A wrong argument is a `TransactionRejectedError`
 * and never reaches the state machine.
 */
import { TransactionRejectedError } from '../errors.ts';
import { normalizeId } from '../ids.ts';

export type ArgKind =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'u256'
  | 'bytes'
  | 'string'
  | 'bool'
  | 'id'
  | 'certificate'
  | 'params';
/** A kind, optionally absent (`?`). */
export type ArgSpec = ArgKind | `${ArgKind}?`;

const NUMBER_BITS: Partial<Record<ArgKind, number>> = { u8: 8, u16: 16, u32: 32 };
const BIGINT_BITS: Partial<Record<ArgKind, bigint>> = { u64: 64n, u256: 256n };

const PARAM_KINDS: Record<string, ArgKind> = {
  nShards: 'u16',
  epochDurationMs: 'u64',
  maxCommitteeSize: 'u16',
  minStake: 'u64',
  maxShardsPerNode: 'u16',
  rotationBps: 'u16',
  storagePricePerUnit: 'u64',
  writePricePerUnit: 'u64',
  unitSize: 'u64',
  maxEpochsAhead: 'u32',
  maxCommissionBps: 'u16',
  reporterRewardBps: 'u16',
  slashBps: 'u16',
  absenceSlashBps: 'u16',
  maxAbsences: 'u8',
  challengeIntervalMs: 'u64',
};

/**
 * The arguments checked against `spec`, with IDs normalized and unknown fields dropped.
 * @throws TransactionRejectedError naming the first bad argument.
 */
export function checkArgs(
  args: unknown,
  spec: Readonly<Record<string, ArgSpec>>,
): Record<string, unknown> {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args))
    throw new TransactionRejectedError('arguments must be an object');
  const input = args as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    const optional = s.endsWith('?');
    const kind = (optional ? s.slice(0, -1) : s) as ArgKind;
    const value = input[name];
    if (value === undefined) {
      if (!optional) throw new TransactionRejectedError(`argument ${name} is missing`);
      continue;
    }
    out[name] = checkValue(value, kind, name);
  }
  return out;
}

function checkValue(value: unknown, kind: ArgKind, name: string): unknown {
  const bad = (what: string): never => {
    throw new TransactionRejectedError(`argument ${name} must be ${what}`);
  };
  const numBits = NUMBER_BITS[kind];
  if (numBits !== undefined) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= 2 ** numBits)
      bad(`a ${kind}`);
    return value;
  }
  const bigBits = BIGINT_BITS[kind];
  if (bigBits !== undefined) {
    if (typeof value !== 'bigint' || value < 0n || value >> bigBits !== 0n)
      bad(`a ${kind} (bigint)`);
    return value;
  }
  switch (kind) {
    case 'bytes':
      if (!(value instanceof Uint8Array)) bad('a Uint8Array');
      return value;
    case 'string':
      if (typeof value !== 'string') bad('a string');
      return value;
    case 'bool':
      if (typeof value !== 'boolean') bad('a boolean');
      return value;
    case 'id':
      if (typeof value !== 'string') bad('an object ID');
      try {
        return normalizeId(value as string, name);
      } catch {
        return bad('an object ID (hex of at most 32 bytes)');
      }
    case 'certificate': {
      const c = value as Record<string, unknown>;
      if (typeof c !== 'object' || c === null) bad('a certificate');
      return {
        signature: checkValue(c.signature, 'bytes', `${name}.signature`),
        signersBitmap: checkValue(c.signersBitmap, 'bytes', `${name}.signersBitmap`),
        message: checkValue(c.message, 'bytes', `${name}.message`),
      };
    }
    case 'params': {
      if (typeof value !== 'object' || value === null) bad('a SystemParams');
      return checkArgs(value, PARAM_KINDS);
    }
  }
  return bad(kind);
}
