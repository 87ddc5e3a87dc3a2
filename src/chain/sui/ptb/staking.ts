/**
 * Transactions of nodes and stakers: register a node, stake, withdraw, collect commission, and
 * the epoch change. Objects Move returns go to the sender; coins Move returns are merged into the
 * gas coin (no dust objects).
 */
import type { Transaction } from '@mysten/sui/transactions';
import type { RegisterNodeArgs } from '../../types.ts';
import { moveCall } from '../entry-points.ts';
import { type ObjectArg, PtbInputs, type PtbContext } from './inputs.ts';

/** `register_node(...)`; the returned StorageNodeCap goes to the sender. */
export function buildRegisterNode(tx: Transaction, ctx: PtbContext, args: RegisterNodeArgs): void {
  const inputs = new PtbInputs(tx, ctx);
  const cap = moveCall(tx, ctx.packageId, 'register_node', [
    inputs.system(true),
    inputs.string(args.name, 'name'),
    inputs.string(args.networkAddress, 'networkAddress'),
    inputs.bytes(args.publicKey),
    inputs.bytes(args.proofOfPossession),
    inputs.u64(args.capacity, 'capacity'),
    inputs.u16(args.commissionBps, 'commissionBps'),
  ]);
  inputs.toSender([cap]);
}

/** `stake(system, node_id, coin)` with a coin of `amount` split from gas; StakedFloe to sender. */
export function buildStake(
  tx: Transaction,
  ctx: PtbContext,
  args: { nodeId: string; amount: bigint },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const [coin] = tx.splitCoins(tx.gas, [inputs.u64(args.amount, 'amount')]);
  const staked = moveCall(tx, ctx.packageId, 'stake', [
    system,
    inputs.id(args.nodeId, 'nodeId'),
    coin,
  ]);
  inputs.toSender([staked]);
}

export function buildRequestWithdraw(
  tx: Transaction,
  ctx: PtbContext,
  args: { staked: ObjectArg },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'request_withdraw', [inputs.system(true), inputs.owned(args.staked)]);
}

/** `withdraw(system, staked)`; the paid-out coin is merged into gas. */
export function buildWithdraw(tx: Transaction, ctx: PtbContext, args: { staked: ObjectArg }): void {
  const inputs = new PtbInputs(tx, ctx);
  const coin = moveCall(tx, ctx.packageId, 'withdraw', [
    inputs.system(true),
    inputs.owned(args.staked),
  ]);
  tx.mergeCoins(tx.gas, [coin]);
}

/** `collect_commission(system, cap)`; the coin is merged into gas. */
export function buildCollectCommission(
  tx: Transaction,
  ctx: PtbContext,
  args: { cap: ObjectArg },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const coin = moveCall(tx, ctx.packageId, 'collect_commission', [
    inputs.system(true),
    inputs.owned(args.cap),
  ]);
  tx.mergeCoins(tx.gas, [coin]);
}

/** `initiate_epoch_change(system, random, clock)`: nothing may follow a call that uses Random. */
export function buildInitiateEpochChange(tx: Transaction, ctx: PtbContext): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'initiate_epoch_change', [
    inputs.system(true),
    inputs.random(),
    inputs.clock(),
  ]);
}

export function buildEpochSyncDone(
  tx: Transaction,
  ctx: PtbContext,
  args: { cap: ObjectArg; epoch: number },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'epoch_sync_done', [
    inputs.system(true),
    inputs.owned(args.cap),
    inputs.u32(args.epoch, 'epoch'),
    inputs.clock(),
  ]);
}
