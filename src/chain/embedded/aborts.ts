/**
 * Move aborts of the embedded chain. `abort(module, name)` throws the same `MoveAbortError` the
 * Sui adapter produces for that Move constant: the code comes from the table generated from the
 * `.move` sources (src/chain/abort-codes.ts), never from a number written here. Framework
 * aborts (sui::bcs, sui::balance) have their framework codes.
 */
import { MoveAbortError } from '../errors.ts';
import { abortCodeOf } from './abort-table.ts';

/** Aborts of Sui framework modules the package calls into (codes from the framework sources). */
const FRAMEWORK: Record<string, Record<string, number>> = {
  bcs: { EOutOfRange: 0, ENotBool: 1, ELenOutOfRange: 2 },
  balance: { ENonZero: 0, EOverflow: 1, ENotEnough: 2 },
  group_ops: { ENotSupported: 0, EInvalidInput: 1 },
  // Arithmetic overflow or underflow is a VM error, not a module abort; reported with code 0.
  vm: { ArithmeticError: 0 },
};

/**
 * Throws the abort `module::name`.
 * @throws MoveAbortError always; Error if the name is unknown (a lockstep bug).
 */
export function abort(module: string, name: string, detail?: string): never {
  const code = FRAMEWORK[module]?.[name] ?? abortCodeOf(module, name);
  if (code === undefined) throw new Error(`unknown Move abort ${module}::${name}`);
  throw new MoveAbortError({ module, abortCode: code, constantName: name, detail });
}

/** `assert!(cond, module::name)`. */
export function check(cond: boolean, module: string, name: string, detail?: string): asserts cond {
  if (!cond) abort(module, name, detail);
}
