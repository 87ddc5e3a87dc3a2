/**
 * The body of `GET /v1/blobs/{id}/recoverySymbols`: BCS `vector<GeneralRecoverySymbol>`. The
 * element codec is the encoding core's (recovery-wire.ts); this file only frames the vector.
 */
import { BcsReader } from '@mysten/bcs';
import { RecoverySymbolBcs } from '../../encoding/bcs.ts';
import { InvalidBcsError } from '../../encoding/errors.ts';
import type { RecoverySymbol } from '../../encoding/recovery.ts';
import { recoverySymbolFromBcs, recoverySymbolToBcs } from '../../encoding/recovery-wire.ts';
import { concatBytes, ulebBytes } from '../../util/bytes.ts';

/** BCS `vector<GeneralRecoverySymbol>`. */
export function symbolsToBcs(symbols: readonly RecoverySymbol[]): Uint8Array {
  const parts = symbols.map(recoverySymbolToBcs);
  return concatBytes([ulebBytes(parts.length), ...parts]);
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
