/**
 * Decodes Move abort codes as Sui's compiler packs them. A plain `abort N` aborts with N. A
 * "clever" error (`#[error] const E...` used in `assert!`/`abort`) aborts with a tagged u64, read
 * as big-endian bytes (facts from the Move compiler's `error_bitset`):
 *
 * | bits 63..60 | 59..56 | 55..48 | 47..32 | 31..16 | 15..0 |
 * |---|---|---|---|---|---|
 * | version: 0b1000 (v0) or 0b1100 (v1) | reserved | code (v1; 0xff = none) | source line | identifier index | constant index |
 *
 * `#[error(code = N)]` (v1) carries N in bits 55..48, so N is at most 254. Version-0 codes have no
 * code (older compilers, `#[error]` without `code`). An older variant of v0 put a 15-bit code in
 * bits 62..48; it is read when present. 0xffff in a 16-bit field means "not available".
 */

const U16_NONE = 0xffff;
const U8_NONE = 0xff;
const VERSION_0 = 0b1000n;
const VERSION_1 = 0b1100n;

export interface CleverAbortCode {
  kind: 'clever';
  /** The `#[error(code = N)]` value, when the compiler packed one. */
  errorCode?: number;
  /** Source line of the `assert!`/`abort`. */
  lineNumber?: number;
  /** Index of the constant's name in the module's identifier table. */
  identifierIndex?: number;
  /** Index of the constant in the module's constant pool. */
  constantIndex?: number;
}

export interface PlainAbortCode {
  kind: 'plain';
  /** The u64 given to `abort` (framework modules and hand-numbered codes). */
  code: bigint;
}

export type DecodedAbortCode = CleverAbortCode | PlainAbortCode;

/**
 * Splits a raw u64 abort code into its parts. Throws `RangeError` when `raw` is not a u64.
 */
export function decodeAbortCode(raw: bigint | string | number): DecodedAbortCode {
  const bits = BigInt(raw);
  if (bits < 0n || bits >= 1n << 64n) throw new RangeError(`raw: abort code ${bits} is not a u64`);
  const version = bits >> 60n;
  if (bits >> 63n === 0n || (version !== VERSION_0 && version !== VERSION_1)) {
    return { kind: 'plain', code: bits };
  }
  const field16 = (shift: bigint): number | undefined => {
    const v = Number((bits >> shift) & 0xffffn);
    return v === U16_NONE ? undefined : v;
  };
  const decoded: CleverAbortCode = { kind: 'clever' };
  if (version === VERSION_1) {
    const code = Number((bits >> 48n) & 0xffn);
    if (code !== U8_NONE) decoded.errorCode = code;
  } else {
    const legacy = Number((bits >> 48n) & 0x7fffn);
    if (legacy !== 0 && legacy !== 0x7fff) decoded.errorCode = legacy;
  }
  const line = field16(32n);
  const identifier = field16(16n);
  const constant = field16(0n);
  if (line !== undefined) decoded.lineNumber = line;
  if (identifier !== undefined) decoded.identifierIndex = identifier;
  if (constant !== undefined) decoded.constantIndex = constant;
  return decoded;
}

/**
 * Packs a v1 clever abort code (what the compiler emits for `#[error(code = N)]`). Used by tests
 * and by the embedded chain's loopback transport to produce realistic codes.
 * Throws `RangeError` when a field does not fit.
 */
export function encodeCleverAbortCode(parts: {
  errorCode?: number;
  lineNumber?: number;
  identifierIndex?: number;
  constantIndex?: number;
}): bigint {
  const u = (name: string, v: number | undefined, max: number, none: number): bigint => {
    if (v === undefined) return BigInt(none);
    if (!Number.isInteger(v) || v < 0 || v >= max)
      throw new RangeError(`${name}: ${v} does not fit below ${max}`);
    return BigInt(v);
  };
  return (
    (VERSION_1 << 60n) |
    (u('errorCode', parts.errorCode, U8_NONE, U8_NONE) << 48n) |
    (u('lineNumber', parts.lineNumber, U16_NONE, U16_NONE) << 32n) |
    (u('identifierIndex', parts.identifierIndex, U16_NONE, U16_NONE) << 16n) |
    u('constantIndex', parts.constantIndex, U16_NONE, U16_NONE)
  );
}
