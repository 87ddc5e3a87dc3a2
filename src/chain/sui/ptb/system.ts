/**
 * Transactions of `system.move` administration: create the shared System (once, at deployment)
 * and change its parameters. `SystemParams` is a struct, which Sui does not accept as a pure
 * argument, so both build it in the same transaction with `params::new`.
 */
import type { Transaction, TransactionArgument } from '@mysten/sui/transactions';
import type { SystemParams } from '../../types.ts';
import { moveCall } from '../entry-points.ts';
import { type ObjectArg, PtbInputs, type PtbContext } from './inputs.ts';

/** Appends `params::new(...)` with every field in Move order; returns the struct. */
export function addNewParams(inputs: PtbInputs, p: SystemParams): TransactionArgument {
  return moveCall(inputs.tx, inputs.ctx.packageId, 'new_params', [
    inputs.u16(p.nShards, 'nShards'),
    inputs.u64(p.epochDurationMs, 'epochDurationMs'),
    inputs.u16(p.maxCommitteeSize, 'maxCommitteeSize'),
    inputs.u64(p.minStake, 'minStake'),
    inputs.u16(p.maxShardsPerNode, 'maxShardsPerNode'),
    inputs.u16(p.rotationBps, 'rotationBps'),
    inputs.u64(p.storagePricePerUnit, 'storagePricePerUnit'),
    inputs.u64(p.writePricePerUnit, 'writePricePerUnit'),
    inputs.u64(p.unitSize, 'unitSize'),
    inputs.u32(p.maxEpochsAhead, 'maxEpochsAhead'),
    inputs.u16(p.maxCommissionBps, 'maxCommissionBps'),
    inputs.u16(p.reporterRewardBps, 'reporterRewardBps'),
    inputs.u16(p.slashBps, 'slashBps'),
    inputs.u16(p.absenceSlashBps, 'absenceSlashBps'),
    inputs.u8(p.maxAbsences, 'maxAbsences'),
    inputs.u64(p.challengeIntervalMs, 'challengeIntervalMs'),
  ]);
}

/**
 * `system::create_system(admin, params, clock)`: shares a new System. The System does not exist
 * yet, so only the package, sender and Random fields of `ctx` are read.
 */
export function buildCreateSystem(
  tx: Transaction,
  ctx: PtbContext,
  args: { adminCap: ObjectArg; params: SystemParams },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const admin = inputs.owned(args.adminCap);
  const params = addNewParams(inputs, args.params);
  moveCall(tx, ctx.packageId, 'create_system', [admin, params, inputs.clock()]);
}

/** `system::set_params(system, admin, params)`. */
export function buildSetParams(
  tx: Transaction,
  ctx: PtbContext,
  args: { adminCap: ObjectArg; params: SystemParams },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const admin = inputs.owned(args.adminCap);
  const params = addNewParams(inputs, args.params);
  moveCall(tx, ctx.packageId, 'set_params', [system, admin, params]);
}
