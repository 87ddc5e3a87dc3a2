/**
 * Certificates: an aggregate BLS signature, the bitmap of committee members that signed, and the
 * signed message (PROTOCOL.md section 4, move/DESIGN.md "Signed messages"). Bitmap bit j of byte
 * i (least significant first) marks committee member 8i+j; at most ceil(m/8) bytes; bits past m
 * are zero.
 */
import { aggregateSignatures } from './bls.ts';

export interface Certificate {
  /** 96-byte compressed G2 aggregate signature. */
  signature: Uint8Array;
  /** Signers bitmap over the committee in bitmap order (members sorted by node ID). */
  signersBitmap: Uint8Array;
  /** The signed message: header (intent, version, app, epoch) and body. */
  message: Uint8Array;
}

/**
 * The bitmap with bits set for `indices` among `members` committee members (shortest form:
 * ceil(members/8) bytes).
 * @throws RangeError if an index is not an integer in 0..members-1.
 */
export function bitmapFromIndices(indices: Iterable<number>, members: number): Uint8Array {
  if (!Number.isInteger(members) || members < 0)
    throw new RangeError('members must be a non-negative integer');
  const out = new Uint8Array(Math.ceil(members / 8));
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= members) {
      throw new RangeError(`signer index ${i} outside 0..${members - 1}`);
    }
    out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

/** The member indices whose bits are set, ascending (no validation against a committee size). */
export function bitmapIndices(bitmap: Uint8Array): number[] {
  const out: number[] = [];
  for (let byte = 0; byte < bitmap.length; byte++) {
    const b = bitmap[byte];
    if (b === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push(byte * 8 + bit);
  }
  return out;
}

/** Whether member `index` is marked in `bitmap` (false past its end). */
export function bitmapHas(bitmap: Uint8Array, index: number): boolean {
  const byte = index >> 3;
  return byte < bitmap.length && (bitmap[byte] & (1 << (index & 7))) !== 0;
}

/**
 * Whether `bitmap` is well formed for `members` members: at most ceil(members/8) bytes and no
 * bit set at or past `members`. The chain rejects anything else.
 */
export function bitmapIsValid(bitmap: Uint8Array, members: number): boolean {
  if (bitmap.length > Math.ceil(members / 8)) return false;
  for (let i = members; i < bitmap.length * 8; i++) if (bitmapHas(bitmap, i)) return false;
  return true;
}

/**
 * Assembles a certificate from individual signatures over the same `message`, keyed by
 * committee index (aggregation is done here; the caller has verified each signature).
 * @throws RangeError on an empty map or an index outside the committee.
 */
export function assembleCertificate(
  message: Uint8Array,
  signatures: ReadonlyMap<number, Uint8Array>,
  members: number,
): Certificate {
  if (signatures.size === 0) throw new RangeError('signatures must not be empty');
  const indices = [...signatures.keys()].sort((a, b) => a - b);
  return {
    signature: aggregateSignatures(indices.map((i) => signatures.get(i)!)),
    signersBitmap: bitmapFromIndices(indices, members),
    message,
  };
}
