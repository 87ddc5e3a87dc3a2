/**
 * `staking/storage_node.move` and `staking/staking_pool.move` entry points for the embedded
 * chain: registration with a proof of possession, staking, withdrawals, commission.
 */
import { verify } from '../../crypto/bls.ts';
import { proofOfPossessionMessage } from '../../crypto/messages.ts';
import type { ObjectId } from '../ids.ts';
import type { RegisterNodeArgs } from '../types.ts';
import { check } from './aborts.ts';
import { owned, type Env } from './env.ts';
import * as pool from './pool.ts';
import { poolOf } from './system.ts';

/** `storage_node::register_node`: the node (= pool) ID, then the cap. */
export function registerNode(env: Env, a: RegisterNodeArgs): { nodeId: ObjectId; capId: ObjectId } {
  const M = 'storage_node';
  const s = env.s;
  const nodeId = env.ctx.freshId();
  check(a.commissionBps <= s.params.maxCommissionBps, M, 'ECommissionTooHigh');
  check(a.publicKey.length === 48, M, 'EInvalidPublicKey');
  const message = proofOfPossessionMessage({
    epoch: s.epoch,
    sender: env.ctx.sender,
    publicKey: a.publicKey,
  });
  check(verify(a.proofOfPossession, message, a.publicKey), M, 'EInvalidProofOfPossession');
  s.pools.set(nodeId, {
    nodeId,
    name: a.name,
    networkAddress: a.networkAddress,
    publicKey: a.publicKey.slice(),
    capacity: a.capacity,
    commissionBps: a.commissionBps,
    activeStake: 0n,
    totalShares: 0n,
    pendingStake: 0n,
    pendingWithdrawShares: 0n,
    exchangeRates: new Map(),
    stake: 0n,
    withdrawable: 0n,
    commission: 0n,
    absences: 0,
    forfeit: false,
  });
  s.nodeIds.push(nodeId);
  env.ctx.emit('NodeRegistered', {
    nodeId,
    name: a.name,
    networkAddress: a.networkAddress,
    publicKey: a.publicKey.slice(),
    capacity: a.capacity,
    commissionBps: a.commissionBps,
  });
  const capId = env.ctx.freshId();
  s.caps.set(capId, { owner: env.ctx.sender, nodeId, lastEpochSyncDone: 0 });
  return { nodeId, capId };
}

const SP = 'staking_pool';

/** `staking_pool::stake`: a StakedFloe activating next epoch. */
export function stake(env: Env, nodeId: ObjectId, amount: bigint): { stakedId: ObjectId } {
  const s = env.s;
  check(amount > 0n, SP, 'EZeroStake');
  const activationEpoch = s.epoch + 1;
  pool.deposit(poolOf(s, nodeId), amount);
  const stakedId = env.ctx.freshId();
  s.staked.set(stakedId, {
    owner: env.ctx.sender,
    nodeId,
    principal: amount,
    activationEpoch,
    withdrawEpoch: null,
  });
  env.ctx.emit('StakeAdded', { stakedId, nodeId, amount, activationEpoch });
  return { stakedId };
}

export function requestWithdraw(env: Env, stakedId: ObjectId): void {
  const s = env.s;
  const staked = owned(env, s.staked, 'StakedFloe', stakedId);
  check(staked.withdrawEpoch === null, SP, 'EWithdrawAlreadyRequested');
  const epoch = s.epoch;
  check(staked.activationEpoch <= epoch, SP, 'ENotActive');
  const p = poolOf(s, staked.nodeId);
  pool.requestWithdraw(p, pool.sharesAt(p, staked.principal, staked.activationEpoch));
  staked.withdrawEpoch = epoch + 1;
  env.ctx.emit('WithdrawRequested', { stakedId, nodeId: staked.nodeId, withdrawEpoch: epoch + 1 });
}

/** `staking_pool::withdraw`: the paid amount goes to the sender. */
export function withdraw(env: Env, stakedId: ObjectId): { amount: bigint } {
  const s = env.s;
  const staked = owned(env, s.staked, 'StakedFloe', stakedId);
  s.staked.delete(stakedId);
  const epoch = s.epoch;
  const p = poolOf(s, staked.nodeId);
  let paid: bigint;
  if (staked.activationEpoch > epoch) paid = pool.cancelDeposit(p, staked.principal);
  else {
    check(staked.withdrawEpoch !== null, SP, 'ENotWithdrawable');
    const leaves = staked.withdrawEpoch;
    check(epoch >= leaves, SP, 'ENotWithdrawable');
    const shares = pool.sharesAt(p, staked.principal, staked.activationEpoch);
    paid = pool.takeWithdrawable(p, pool.valueAt(p, shares, leaves));
  }
  env.ctx.emit('StakeWithdrawn', { stakedId, nodeId: staked.nodeId, amount: paid });
  return { amount: paid };
}

export function collectCommission(env: Env, capId: ObjectId): { amount: bigint } {
  const cap = owned(env, env.s.caps, 'StorageNodeCap', capId);
  return { amount: pool.collectCommission(poolOf(env.s, cap.nodeId)) };
}
