/**
 * Looks up a Move abort code by module and constant name in the table generated from the
 * `.move` sources (src/chain/abort-codes.ts, `npm run gen:abort-codes`); never a hand-written
 * number.
 */
import { abortCodeByName } from '../abort-codes.ts';

export function abortCodeOf(module: string, name: string): number | undefined {
  return abortCodeByName(module, name)?.code;
}
