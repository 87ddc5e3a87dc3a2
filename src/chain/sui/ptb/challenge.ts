/**
 * Transactions of challenge rounds and slashing evidence. Reporter rewards (returned coins) are
 * merged into the gas coin.
 */
import type { Transaction } from '@mysten/sui/transactions';
import type { Certificate } from '../../../crypto/certificate.ts';
import { moveCall } from '../entry-points.ts';
import { type ObjectArg, PtbInputs, type PtbContext } from './inputs.ts';

/** `open_challenge_round(system, random, clock)`: nothing may follow a call that uses Random. */
export function buildOpenChallengeRound(tx: Transaction, ctx: PtbContext): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'open_challenge_round', [
    inputs.system(true),
    inputs.random(),
    inputs.clock(),
  ]);
}

export function buildSubmitChallengeCertificate(
  tx: Transaction,
  ctx: PtbContext,
  args: { cap: ObjectArg; round: bigint; certificate: Certificate },
): void {
  const inputs = new PtbInputs(tx, ctx);
  moveCall(tx, ctx.packageId, 'submit_challenge_certificate', [
    inputs.system(true),
    inputs.owned(args.cap),
    inputs.u64(args.round, 'round'),
    inputs.bytes(args.certificate.signature),
    inputs.bytes(args.certificate.signersBitmap),
    inputs.bytes(args.certificate.message),
  ]);
}

export function buildReportInvalidSymbol(
  tx: Transaction,
  ctx: PtbContext,
  args: { nodeId: string; signature: Uint8Array; message: Uint8Array },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const reward = moveCall(tx, ctx.packageId, 'report_invalid_symbol', [
    inputs.system(true),
    inputs.id(args.nodeId, 'nodeId'),
    inputs.bytes(args.signature),
    inputs.bytes(args.message),
  ]);
  tx.mergeCoins(tx.gas, [reward]);
}

export function buildReportEquivocation(
  tx: Transaction,
  ctx: PtbContext,
  args: {
    nodeId: string;
    signatureA: Uint8Array;
    messageA: Uint8Array;
    signatureB: Uint8Array;
    messageB: Uint8Array;
  },
): void {
  const inputs = new PtbInputs(tx, ctx);
  const reward = moveCall(tx, ctx.packageId, 'report_equivocation', [
    inputs.system(true),
    inputs.id(args.nodeId, 'nodeId'),
    inputs.bytes(args.signatureA),
    inputs.bytes(args.messageA),
    inputs.bytes(args.signatureB),
    inputs.bytes(args.messageB),
  ]);
  tx.mergeCoins(tx.gas, [reward]);
}
