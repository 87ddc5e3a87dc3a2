/**
 * `system/system.move` and `system/params.move` for the embedded chain: parameters, buying
 * storage, fees into the reward pool.
 */
import { TransactionRejectedError } from '../errors.ts';
import type { ObjectId } from '../ids.ts';
import type { SystemParams } from '../types.ts';
import { reserve, addRewards } from './accounting.ts';
import { check } from './aborts.ts';
import type { Env } from './env.ts';
import { u64 } from './pool.ts';
import type { ChainState, StorageState } from './state.ts';

const M = 'system';
const MAX_BPS = 10_000;

/** A `Coin<SUI>` argument: a value Move may split from; the rest goes back to the sender. */
export interface Coin {
  value: bigint;
}

/** `params::new`: EInvalidParam unless every parameter is in range. */
export function newParams(p: SystemParams): SystemParams {
  const P = 'params';
  check(p.nShards >= 4, P, 'EInvalidParam');
  check(p.epochDurationMs > 0n && p.challengeIntervalMs > 0n, P, 'EInvalidParam');
  check(p.maxCommitteeSize > 0 && p.maxShardsPerNode > 0, P, 'EInvalidParam');
  check(p.unitSize > 0n && p.maxEpochsAhead > 0 && p.maxAbsences > 0, P, 'EInvalidParam');
  check(p.rotationBps <= MAX_BPS && p.maxCommissionBps <= MAX_BPS, P, 'EInvalidParam');
  check(p.reporterRewardBps <= MAX_BPS && p.slashBps <= MAX_BPS, P, 'EInvalidParam');
  check(p.absenceSlashBps <= MAX_BPS, P, 'EInvalidParam');
  return { ...p };
}

/** `params::units`: ceil(size / unit_size). */
export function units(p: SystemParams, size: bigint): bigint {
  return (size + p.unitSize - 1n) / p.unitSize;
}

/** `system::set_params` (the AdminCap must be the sender's). */
export function setParams(env: Env, adminCapId: ObjectId, params: SystemParams): void {
  const s = env.s;
  if (adminCapId !== s.adminCapId || env.ctx.sender !== s.admin) {
    throw new TransactionRejectedError(`AdminCap ${adminCapId} is not owned by ${env.ctx.sender}`);
  }
  check(params.nShards === s.params.nShards, M, 'EImmutableParam');
  check(params.maxEpochsAhead === s.params.maxEpochsAhead, M, 'EImmutableParam');
  s.params = { ...params };
  env.ctx.emit('ParamsUpdated', { epoch: s.epoch });
}

/** Price of `size` bytes for `epochs` epochs (what `sell_space` charges). */
export function storageCost(p: SystemParams, size: bigint, epochs: number): bigint {
  return units(p, size) * p.storagePricePerUnit * BigInt(epochs);
}

/** `system::reserve_space`: a new Storage for [current, current + epochs_ahead). */
export function reserveSpace(
  env: Env,
  storageSize: bigint,
  epochsAhead: number,
  payment: Coin,
): { storageId: ObjectId; storage: StorageState; cost: bigint } {
  const s = env.s;
  check(storageSize > 0n, M, 'EInvalidSize');
  check(epochsAhead > 0 && epochsAhead <= s.params.maxEpochsAhead, M, 'EInvalidEpochsAhead');
  const start = s.epoch;
  const end = start + epochsAhead;
  const cost = sellSpace(s, start, end, storageSize, payment);
  const storageId = env.ctx.freshId();
  const storage = { startEpoch: start, endEpoch: end, storageSize };
  env.ctx.emit('StorageReserved', { storageId, startEpoch: start, endEpoch: end, storageSize });
  return { storageId, storage, cost };
}

/** `sell_space`: books the bytes and moves the price from `payment` to the reward pool. */
export function sellSpace(
  s: ChainState,
  start: number,
  end: number,
  size: bigint,
  payment: Coin,
): bigint {
  const perEpoch = u64(units(s.params, size) * s.params.storagePricePerUnit);
  const cost = u64(perEpoch * BigInt(end - start));
  check(payment.value >= cost, M, 'EInsufficientPayment');
  reserve(s.accounting, start, end, size, s.totalCapacity);
  addRewards(s.accounting, start, end, perEpoch);
  payment.value -= cost;
  s.rewardPool += cost;
  return cost;
}

/** `collect_fee`: `amount` from `payment` into the reward pool, booked for the current epoch. */
export function collectFee(s: ChainState, amount: bigint, payment: Coin): void {
  check(payment.value >= amount, M, 'EInsufficientPayment');
  addRewards(s.accounting, s.epoch, s.epoch + 1, amount);
  payment.value -= amount;
  s.rewardPool += amount;
}

/** `pool_mut`: ENodeNotFound for an unknown node. */
export function poolOf(s: ChainState, nodeId: ObjectId) {
  const pool = s.pools.get(nodeId);
  check(pool !== undefined, M, 'ENodeNotFound');
  return pool;
}
