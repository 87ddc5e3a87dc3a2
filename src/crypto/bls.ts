/**
 * BLS12-381 min_pk (Sui's `bls12381_min_pk_verify`): 48-byte G1 public keys, 96-byte G2
 * signatures, DST `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_`, through `@noble/curves`
 * `bls12_381.longSignatures`. Decoding a point costs ~1-2 ms, so keys that are used again
 * (committees) should be decoded once with {@link decodePublicKey} and kept as points.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { InvalidInputError } from '../util/errors.ts';

const scheme = bls12_381.longSignatures;

export const PUBLIC_KEY_LENGTH = 48;
export const SIGNATURE_LENGTH = 96;
export const SECRET_KEY_LENGTH = 32;

/** A decoded G1 point (public key or aggregate of keys). */
export type PublicKeyPoint = ReturnType<typeof scheme.getPublicKey>;
/** A decoded G2 point (signature or aggregate of signatures). */
export type SignaturePoint = ReturnType<typeof scheme.Signature.fromBytes>;

/** Bytes that are not a valid compressed point of the expected group. */
export class InvalidBlsPointError extends InvalidInputError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`invalid BLS ${what}`, { ...options, code: 'INVALID_BLS_POINT' });
  }
}

/** A BLS key pair; `secretKey` is owned by the holder, who should call {@link zeroize}. */
export interface BlsKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Seed bytes keygen reduces into a scalar (48 for BLS12-381's 255-bit order). */
export const KEYGEN_SEED_LENGTH = scheme.lengths.seed ?? 48;

/**
 * A fresh key pair from {@link KEYGEN_SEED_LENGTH} bytes of seed material (`randomBytes` is
 * injected so tests are deterministic). The seed buffer is zeroed after use.
 * @throws RangeError if `randomBytes` returns the wrong length.
 */
export function generateKeyPair(randomBytes: (n: number) => Uint8Array): BlsKeyPair {
  const seed = randomBytes(KEYGEN_SEED_LENGTH);
  if (!(seed instanceof Uint8Array) || seed.length !== KEYGEN_SEED_LENGTH) {
    throw new RangeError(`randomBytes must return ${KEYGEN_SEED_LENGTH} bytes`);
  }
  try {
    const { secretKey, publicKey } = scheme.keygen(seed);
    return { secretKey, publicKey: publicKey.toBytes(true) };
  } finally {
    seed.fill(0);
  }
}

/**
 * The 48-byte public key of `secretKey`.
 * @throws RangeError if `secretKey` is not 32 bytes; InvalidInputError if it is not a scalar.
 */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  checkBytes(secretKey, SECRET_KEY_LENGTH, 'secretKey');
  try {
    return scheme.getPublicKey(secretKey).toBytes(true);
  } catch (err) {
    throw new InvalidInputError('secretKey is not a valid BLS scalar', { cause: err });
  }
}

/** Signs `message` (hashed to G2 with the NUL DST); returns the 96-byte signature. */
export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  checkBytes(secretKey, SECRET_KEY_LENGTH, 'secretKey');
  checkBytes(message, undefined, 'message');
  return scheme.sign(scheme.hash(message), secretKey).toBytes(true);
}

/**
 * Decodes and subgroup-checks a 48-byte public key. The identity point is rejected.
 * @throws InvalidBlsPointError
 */
export function decodePublicKey(bytes: Uint8Array): PublicKeyPoint {
  checkBytes(bytes, PUBLIC_KEY_LENGTH, 'publicKey');
  let point: PublicKeyPoint;
  try {
    point = bls12_381.G1.Point.fromBytes(bytes);
    point.assertValidity();
  } catch (err) {
    throw new InvalidBlsPointError('public key', { cause: err });
  }
  if (point.is0()) throw new InvalidBlsPointError('public key (identity)');
  return point;
}

/**
 * Decodes and subgroup-checks a 96-byte signature.
 * @throws InvalidBlsPointError
 */
export function decodeSignature(bytes: Uint8Array): SignaturePoint {
  checkBytes(bytes, SIGNATURE_LENGTH, 'signature');
  try {
    const point = scheme.Signature.fromBytes(bytes);
    point.assertValidity();
    return point;
  } catch (err) {
    throw new InvalidBlsPointError('signature', { cause: err });
  }
}

/**
 * Whether `signature` is valid for `message` under `publicKey` (bytes or a decoded point).
 * Malformed signatures or keys, and the identity key, give `false` (as Sui's verifier does).
 */
export function verify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array | PublicKeyPoint,
): boolean {
  checkBytes(message, undefined, 'message');
  let sig: SignaturePoint;
  let key: PublicKeyPoint;
  try {
    sig = decodeSignature(signature);
    key = publicKey instanceof Uint8Array ? decodePublicKey(publicKey) : publicKey;
  } catch (err) {
    if (err instanceof InvalidBlsPointError || err instanceof RangeError) return false;
    throw err;
  }
  if (key.is0()) return false;
  try {
    return scheme.verify(sig, scheme.hash(message), key);
  } catch {
    // noble throws on degenerate inputs (infinity); the chain answers "not valid".
    return false;
  }
}

/**
 * The aggregate of signatures (bytes or points) as 96 bytes.
 * @throws InvalidBlsPointError on a malformed signature; RangeError on an empty list.
 */
export function aggregateSignatures(
  signatures: readonly (Uint8Array | SignaturePoint)[],
): Uint8Array {
  if (signatures.length === 0) throw new RangeError('signatures must not be empty');
  const points = signatures.map((s) => (s instanceof Uint8Array ? decodeSignature(s) : s));
  return scheme.aggregateSignatures(points).toBytes(true);
}

/**
 * The sum of public keys (bytes or points) as a point.
 * @throws InvalidBlsPointError on a malformed key; RangeError on an empty list.
 */
export function aggregatePublicKeys(
  keys: readonly (Uint8Array | PublicKeyPoint)[],
): PublicKeyPoint {
  if (keys.length === 0) throw new RangeError('keys must not be empty');
  const points = keys.map((k) => (k instanceof Uint8Array ? decodePublicKey(k) : k));
  return scheme.aggregatePublicKeys(points);
}

/** `a - b` on G1 (the aggregate key of a certificate = sum of all keys minus non-signers'). */
export function subtractPublicKeys(a: PublicKeyPoint, b: PublicKeyPoint): PublicKeyPoint {
  return a.subtract(b);
}

/** The identity of G1, the starting point of a running key sum. */
export function publicKeyIdentity(): PublicKeyPoint {
  return bls12_381.G1.Point.ZERO;
}

/** Compressed bytes of a G1 point. */
export function encodePublicKey(point: PublicKeyPoint): Uint8Array {
  return point.toBytes(true);
}

/** Overwrites a secret buffer with zeros. */
export function zeroize(secret: Uint8Array): void {
  secret.fill(0);
}

function checkBytes(
  value: unknown,
  length: number | undefined,
  name: string,
): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
  }
}
