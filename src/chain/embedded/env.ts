/**
 * What an embedded Move function runs against: the (cloned) state, the transaction context and
 * the decoded-key cache; plus the Sui runtime's object rules (ownership, existence) and coins.
 */
import {
  InsufficientFundsError,
  ObjectNotFoundError,
  TransactionRejectedError,
} from '../errors.ts';
import type { Address, ObjectId } from '../ids.ts';
import type { KeyCache } from './bls-aggregate.ts';
import type { ChainState } from './state.ts';
import type { TxContext } from './tx-context.ts';

export interface Env {
  s: ChainState;
  ctx: TxContext;
  keys: KeyCache;
}

/**
 * An owned object the sender passes: it must exist and belong to the sender (Sui checks this
 * before Move runs, so these are rejections, not aborts).
 */
export function owned<T extends { owner: Address | null }>(
  env: Env,
  table: Map<ObjectId, T>,
  kind: string,
  id: ObjectId,
): T {
  const obj = table.get(id);
  if (obj === undefined) throw new ObjectNotFoundError(kind, id);
  if (obj.owner !== env.ctx.sender)
    throw new TransactionRejectedError(`${kind} ${id} is not owned by ${env.ctx.sender}`);
  return obj;
}

/** Splits a coin of exactly `amount` off the sender's balance (a PTB `SplitCoins`). */
export function takeCoin(env: Env, amount: bigint): bigint {
  if (typeof amount !== 'bigint' || amount < 0n)
    throw new TransactionRejectedError('payment must be a non-negative bigint');
  const have = env.s.balances.get(env.ctx.sender) ?? 0n;
  if (have < amount) throw new InsufficientFundsError(amount, have);
  env.s.balances.set(env.ctx.sender, have - amount);
  return amount;
}

/** Sends `amount` (a coin's value) to `to`. */
export function giveCoin(env: Env, to: Address, amount: bigint): void {
  if (amount === 0n) return;
  env.s.balances.set(to, (env.s.balances.get(to) ?? 0n) + amount);
}
