/**
 * Transactions of storage resources and blobs. A write is ONE transaction: `reserve_space` and
 * `register_blob` share a PTB, the Storage flowing from the first call into the second.
 *
 * Payments (`&mut Coin<SUI>`): without a cap, the gas coin itself is passed by mutable reference
 * and Move takes exactly the price from it. With a cap, a coin of that value is split from gas,
 * passed to every paying call, and what is left is merged back into gas, so the cap bounds the
 * spend and no change object is left behind.
 */
import type { Transaction, TransactionArgument } from '@mysten/sui/transactions';
import type { Certificate } from '../../../crypto/certificate.ts';
import type { RegisterBlobArgs } from '../../types.ts';
import { moveCall, mutatesSystem } from '../entry-points.ts';
import { type ObjectArg, PtbInputs, type PtbContext } from './inputs.ts';

/** The payment coin for the calls of one transaction, and how to close it. */
function payment(
  inputs: PtbInputs,
  cap: bigint | undefined,
): { coin: TransactionArgument; close(): void } {
  const { tx } = inputs;
  if (cap === undefined) return { coin: tx.gas, close: () => {} };
  const [coin] = tx.splitCoins(tx.gas, [inputs.u64(cap, 'payment')]);
  return { coin, close: () => tx.mergeCoins(tx.gas, [coin]) };
}

function registerArgs(inputs: PtbInputs, a: RegisterBlobArgs): TransactionArgument[] {
  return [
    inputs.u256(a.blobId, 'blobId'),
    inputs.u256(a.rootHash, 'rootHash'),
    inputs.u64(a.size, 'size'),
    inputs.u8(a.encodingType, 'encodingType'),
    inputs.bool(a.deletable, 'deletable'),
  ];
}

function certificateArgs(inputs: PtbInputs, c: Certificate): TransactionArgument[] {
  return [inputs.bytes(c.signature), inputs.bytes(c.signersBitmap), inputs.bytes(c.message)];
}

/** `reserve_space`; the Storage goes to the sender. */
export function buildReserveSpace(
  tx: Transaction,
  ctx: PtbContext,
  args: { storageSize: bigint; epochsAhead: number; payment?: bigint },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const pay = payment(inputs, args.payment);
  const storage = moveCall(tx, ctx.packageId, 'reserve_space', [
    system,
    inputs.u64(args.storageSize, 'storageSize'),
    inputs.u32(args.epochsAhead, 'epochsAhead'),
    pay.coin,
  ]);
  pay.close();
  inputs.toSender([storage]);
}

/** `register_blob` with an owned Storage; the Blob goes to the sender. */
export function buildRegisterBlob(
  tx: Transaction,
  ctx: PtbContext,
  args: RegisterBlobArgs & { storage: ObjectArg; payment?: bigint },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const storage = inputs.owned(args.storage);
  const pay = payment(inputs, args.payment);
  const blob = moveCall(tx, ctx.packageId, 'register_blob', [
    system,
    storage,
    ...registerArgs(inputs, args),
    pay.coin,
  ]);
  pay.close();
  inputs.toSender([blob]);
}

/** `reserve_space` then `register_blob` in one PTB; the Blob goes to the sender. */
export function buildReserveAndRegisterBlob(
  tx: Transaction,
  ctx: PtbContext,
  args: RegisterBlobArgs & { storageSize: bigint; epochsAhead: number; payment?: bigint },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const pay = payment(inputs, args.payment);
  const storage = moveCall(tx, ctx.packageId, 'reserve_space', [
    system,
    inputs.u64(args.storageSize, 'storageSize'),
    inputs.u32(args.epochsAhead, 'epochsAhead'),
    pay.coin,
  ]);
  const blob = moveCall(tx, ctx.packageId, 'register_blob', [
    system,
    storage,
    ...registerArgs(inputs, args),
    pay.coin,
  ]);
  pay.close();
  inputs.toSender([blob]);
}

export function buildCertifyBlob(
  tx: Transaction,
  ctx: PtbContext,
  args: { blob: ObjectArg; certificate: Certificate },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'certify_blob', [
    inputs.system(mutatesSystem('certify_blob')),
    inputs.owned(args.blob),
    ...certificateArgs(inputs, args.certificate),
  ]);
}

export function buildExtendBlob(
  tx: Transaction,
  ctx: PtbContext,
  args: { blob: ObjectArg; extendedEpochs: number; payment?: bigint },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const system = inputs.system(true);
  const blob = inputs.owned(args.blob);
  const pay = payment(inputs, args.payment);
  moveCall(tx, ctx.packageId, 'extend_blob', [
    system,
    blob,
    inputs.u32(args.extendedEpochs, 'extendedEpochs'),
    pay.coin,
  ]);
  pay.close();
}

export function buildExtendBlobWithResource(
  tx: Transaction,
  ctx: PtbContext,
  args: { blob: ObjectArg; storage: ObjectArg },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'extend_blob_with_resource', [
    inputs.system(mutatesSystem('extend_blob_with_resource')),
    inputs.owned(args.blob),
    inputs.owned(args.storage),
  ]);
}

/** `delete_blob`; the freed Storage goes to the sender. */
export function buildDeleteBlob(tx: Transaction, ctx: PtbContext, args: { blob: ObjectArg }): void {
  const inputs = new PtbInputs(tx, ctx);
  const storage = moveCall(tx, ctx.packageId, 'delete_blob', [
    inputs.system(mutatesSystem('delete_blob')),
    inputs.owned(args.blob),
  ]);
  inputs.toSender([storage]);
}

export function buildBurnBlob(tx: Transaction, ctx: PtbContext, args: { blob: ObjectArg }): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'burn', [inputs.owned(args.blob)]);
}

/** `invalidate_blob_id`; its u256 result has `drop` and is left unused. */
export function buildInvalidateBlobId(
  tx: Transaction,
  ctx: PtbContext,
  args: { certificate: Certificate },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'invalidate_blob_id', [
    inputs.system(true),
    ...certificateArgs(inputs, args.certificate),
  ]);
}

/** `split_by_epoch` / `split_by_size`; the new Storage goes to the sender. */
export function buildSplitStorage(
  tx: Transaction,
  ctx: PtbContext,
  args: { storage: ObjectArg } & ({ splitEpoch: number } | { splitSize: bigint }),
): void {
  const inputs = new PtbInputs(tx, ctx);
  const storage = inputs.owned(args.storage);
  const split =
    'splitEpoch' in args
      ? moveCall(tx, ctx.packageId, 'split_by_epoch', [
          storage,
          inputs.u32(args.splitEpoch, 'splitEpoch'),
        ])
      : moveCall(tx, ctx.packageId, 'split_by_size', [
          storage,
          inputs.u64(args.splitSize, 'splitSize'),
        ]);
  inputs.toSender([split]);
}

/** `fuse(first, second)`: `second` is consumed into `first`. */
export function buildFuseStorage(
  tx: Transaction,
  ctx: PtbContext,
  args: { first: ObjectArg; second: ObjectArg },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'fuse', [inputs.owned(args.first), inputs.owned(args.second)]);
}
