/**
 * `staking/pool.move` for the embedded chain: deposits and withdrawals take effect at epoch
 * boundaries at the exchange rate recorded there; rewards (minus commission) and slashing move
 * the rate. Balances are bigints standing for `Balance<SUI>`; u64 arithmetic as in Move.
 */
import { abort, check } from './aborts.ts';
import type { PoolState } from './state.ts';

const M = 'pool';
const MAX_BPS = 10_000n;
const U64_MAX = (1n << 64n) - 1n;

/** `(a * b) / c` in u128, cast back to u64. */
export function mulDiv(a: bigint, b: bigint, c: bigint): bigint {
  return u64((a * b) / c);
}

/** A u64 result; overflow is the VM's arithmetic abort. */
export function u64(v: bigint): bigint {
  if (v < 0n || v > U64_MAX) abort('vm', 'ArithmeticError');
  return v;
}

export function deposit(p: PoolState, amount: bigint): void {
  p.pendingStake = u64(p.pendingStake + amount);
  p.stake += amount;
}

export function cancelDeposit(p: PoolState, amount: bigint): bigint {
  check(p.pendingStake >= amount, M, 'EPendingTooSmall');
  p.pendingStake -= amount;
  return splitBalance(p, 'stake', amount);
}

export function rateAt(p: PoolState, epoch: number): { stake: bigint; shares: bigint } {
  return p.exchangeRates.get(epoch) ?? { stake: 0n, shares: 0n };
}

export function sharesAt(p: PoolState, principal: bigint, epoch: number): bigint {
  const rate = rateAt(p, epoch);
  return rate.stake === 0n || rate.shares === 0n
    ? principal
    : mulDiv(principal, rate.shares, rate.stake);
}

export function valueAt(p: PoolState, shares: bigint, epoch: number): bigint {
  const rate = rateAt(p, epoch);
  return rate.stake === 0n || rate.shares === 0n ? 0n : mulDiv(shares, rate.stake, rate.shares);
}

export function requestWithdraw(p: PoolState, shares: bigint): void {
  p.pendingWithdrawShares = u64(p.pendingWithdrawShares + shares);
}

export function takeWithdrawable(p: PoolState, amount: bigint): bigint {
  const take = amount < p.withdrawable ? amount : p.withdrawable;
  return splitBalance(p, 'withdrawable', take);
}

export function addRewards(p: PoolState, rewards: bigint): void {
  const commission = mulDiv(rewards, BigInt(p.commissionBps), MAX_BPS);
  p.commission += commission;
  const rest = rewards - commission;
  p.activeStake = u64(p.activeStake + rest);
  p.stake += rest;
}

export function processBoundary(p: PoolState, epoch: number): void {
  p.exchangeRates.set(epoch, { stake: p.activeStake, shares: p.totalShares });
  const leavingShares =
    p.pendingWithdrawShares < p.totalShares ? p.pendingWithdrawShares : p.totalShares;
  const leaving = valueAt(p, leavingShares, epoch);
  p.withdrawable += splitBalance(p, 'stake', leaving);
  p.activeStake = u64(p.activeStake - leaving);
  p.totalShares = u64(p.totalShares - leavingShares);
  p.pendingWithdrawShares = 0n;
  const joining = p.pendingStake;
  const minted = sharesAt(p, joining, epoch);
  p.activeStake = u64(p.activeStake + joining);
  p.totalShares = u64(p.totalShares + minted);
  p.pendingStake = 0n;
}

export function slash(p: PoolState, bps: number): bigint {
  const amount = mulDiv(p.activeStake, BigInt(bps), MAX_BPS);
  p.activeStake = u64(p.activeStake - amount);
  return splitBalance(p, 'stake', amount);
}

export function collectCommission(p: PoolState): bigint {
  const all = p.commission;
  p.commission = 0n;
  return all;
}

/** `balance::split`: aborts `balance::ENotEnough` when the balance is short. */
function splitBalance(p: PoolState, field: 'stake' | 'withdrawable', amount: bigint): bigint {
  check(p[field] >= amount, 'balance', 'ENotEnough');
  p[field] -= amount;
  return amount;
}
