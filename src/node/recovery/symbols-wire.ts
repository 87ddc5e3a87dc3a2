/**
 * The body of `GET /v1/blobs/{id}/recoverySymbols`: BCS `vector<GeneralRecoverySymbol>`. The
 * element codec is the encoding core's (recovery-wire.ts); this file only frames the vector.
 */
import { BcsReader } from '@mysten/bcs';
import { RecoverySymbolBcs } from '../../encoding/bcs.ts';
import { InvalidBcsError } from '../../encoding/errors.ts';
import type { RecoverySymbol } from '../../encoding/recovery.ts';
import { recoverySymbolFromBcs, recoverySymbolToBcs } from '../../encoding/recovery-wire.ts';

/** BCS `vector<GeneralRecoverySymbol>`. */
export function symbolsToBcs(symbols: readonly RecoverySymbol[]): Uint8Array {
  const parts = symbols.map(recoverySymbolToBcs);
  const prefix = ulebBytes(parts.length);
  const out = new Uint8Array(prefix.length + parts.reduce((a, p) => a + p.length, 0));
  out.set(prefix, 0);
  let at = prefix.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function ulebBytes(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return Uint8Array.from(out);
}

/**
 * Parses BCS `vector<GeneralRecoverySymbol>`.
 * @throws InvalidBcsError on malformed or trailing bytes.
 */
export function symbolsFromBcs(bytes: Uint8Array): RecoverySymbol[] {
  const out: RecoverySymbol[] = [];
  let reader: BcsReader;
  let count: number;
  try {
    reader = new BcsReader(bytes);
    count = reader.readULEB();
  } catch (cause) {
    throw new InvalidBcsError('vector<GeneralRecoverySymbol>', { cause });
  }
  for (let i = 0; i < count; i++) {
    const start = (reader as unknown as { bytePosition: number }).bytePosition;
    try {
      RecoverySymbolBcs.read(reader);
    } catch (cause) {
      throw new InvalidBcsError('vector<GeneralRecoverySymbol>', { cause });
    }
    const end = (reader as unknown as { bytePosition: number }).bytePosition;
    out.push(recoverySymbolFromBcs(bytes.subarray(start, end)));
  }
  if ((reader as unknown as { bytePosition: number }).bytePosition !== bytes.length) {
    throw new InvalidBcsError('vector<GeneralRecoverySymbol>', {
      cause: new Error('trailing bytes'),
    });
  }
  return out;
}
