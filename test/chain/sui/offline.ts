/**
 * Test helper: builds Floe transactions fully offline (every object given by full reference, gas
 * payment given) and decodes the bytes back with `Transaction.from(bytes).getData()` into plain
 * descriptions of each command and argument, so tests compare them with what the Move package
 * expects. Expected pure bytes are produced separately with @mysten/bcs.
 */
import { bcs } from '@mysten/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, toBase58, toHex } from '@mysten/sui/utils';
import type { OwnedObjectRef, PtbContext } from '../../../src/chain/sui/ptb/inputs.ts';

export const PKG = '0x' + 'f1'.repeat(32);
export const SYSTEM_ID = '0x' + '5e'.repeat(32);
export const SYSTEM_ISV = '17';
export const RANDOM_ISV = '3';
export const CLOCK_ID = '0x' + '0'.repeat(63) + '6';
export const RANDOM_ID = '0x' + '0'.repeat(63) + '8';

/** A deterministic Ed25519 sender. */
export const SENDER_KEY = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(7));
export const SENDER = SENDER_KEY.toSuiAddress();

export const CTX: PtbContext = {
  packageId: PKG,
  sender: SENDER,
  systemId: SYSTEM_ID,
  systemInitialSharedVersion: SYSTEM_ISV,
  randomInitialSharedVersion: RANDOM_ISV,
};

/** A full owned-object reference with a valid 32-byte digest. */
export function ref(byte: number, version = 9): OwnedObjectRef {
  return {
    objectId: '0x' + byte.toString(16).padStart(2, '0').repeat(32),
    version: String(version),
    digest: toBase58(new Uint8Array(32).fill(byte)),
  };
}

export type ArgDesc =
  | 'gas'
  | { pure: string }
  | { shared: string; initialSharedVersion: string; mutable: boolean }
  | { owned: string; version: string; digest: string }
  | { result: number; index?: number };

export type CommandDesc =
  | { call: string; args: ArgDesc[] }
  | { split: ArgDesc; amounts: ArgDesc[] }
  | { merge: ArgDesc; sources: ArgDesc[] }
  | { transfer: ArgDesc[]; to: ArgDesc };

type TxData = ReturnType<Transaction['getData']>;
type Arg = TxData['commands'][number] extends infer C
  ? C extends { MoveCall: { arguments: (infer A)[] } }
    ? A
    : never
  : never;

/** Hex of the BCS bytes of a pure input. */
export function pureHex(bytes: Uint8Array): { pure: string } {
  return { pure: toHex(bytes) };
}

export function describeArg(data: TxData, arg: Arg): ArgDesc {
  if (arg.$kind === 'GasCoin') return 'gas';
  if (arg.$kind === 'Result') return { result: arg.Result };
  if (arg.$kind === 'NestedResult')
    return { result: arg.NestedResult[0], index: arg.NestedResult[1] };
  if (arg.$kind !== 'Input') throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
  const input = data.inputs[arg.Input];
  if (input.$kind === 'Pure') return pureHex(fromBase64(input.Pure.bytes));
  if (input.$kind === 'Object' && input.Object.$kind === 'SharedObject') {
    const s = input.Object.SharedObject;
    return {
      shared: s.objectId,
      initialSharedVersion: String(s.initialSharedVersion),
      mutable: s.mutable,
    };
  }
  if (input.$kind === 'Object' && input.Object.$kind === 'ImmOrOwnedObject') {
    const o = input.Object.ImmOrOwnedObject;
    return { owned: o.objectId, version: String(o.version), digest: o.digest };
  }
  throw new Error(`unexpected input ${JSON.stringify(input)}`);
}

export function describeCommands(data: TxData): CommandDesc[] {
  return data.commands.map((c) => {
    if (c.$kind === 'MoveCall') {
      const m = c.MoveCall;
      return {
        call: `${m.package}::${m.module}::${m.function}`,
        args: m.arguments.map((a) => describeArg(data, a)),
      };
    }
    if (c.$kind === 'SplitCoins') {
      return {
        split: describeArg(data, c.SplitCoins.coin),
        amounts: c.SplitCoins.amounts.map((a) => describeArg(data, a)),
      };
    }
    if (c.$kind === 'MergeCoins') {
      return {
        merge: describeArg(data, c.MergeCoins.destination),
        sources: c.MergeCoins.sources.map((a) => describeArg(data, a)),
      };
    }
    if (c.$kind === 'TransferObjects') {
      return {
        transfer: c.TransferObjects.objects.map((a) => describeArg(data, a)),
        to: describeArg(data, c.TransferObjects.address),
      };
    }
    throw new Error(`unexpected command ${c.$kind}`);
  });
}

/**
 * Builds `build`'s transaction offline, signs it with the test sender, and returns the bytes,
 * the signature, and the commands decoded back from the bytes.
 */
export async function buildOffline(build: (tx: Transaction) => void): Promise<{
  bytes: Uint8Array;
  signature: string;
  data: TxData;
  commands: CommandDesc[];
}> {
  const tx = new Transaction();
  tx.setSender(SENDER);
  tx.setGasPrice(1000);
  tx.setGasBudget(100_000_000);
  tx.setGasPayment([ref(0xee, 4)]);
  build(tx);
  const bytes = await tx.build();
  const { signature } = await SENDER_KEY.signTransaction(bytes);
  const data = Transaction.from(bytes).getData();
  return { bytes, signature, data, commands: describeCommands(data) };
}

// Independent encodings of expected pure arguments.
export const enc = {
  u8: (v: number) => pureHex(bcs.u8().serialize(v).toBytes()),
  u16: (v: number) => pureHex(bcs.u16().serialize(v).toBytes()),
  u32: (v: number) => pureHex(bcs.u32().serialize(v).toBytes()),
  u64: (v: bigint) => pureHex(bcs.u64().serialize(v).toBytes()),
  u256: (v: bigint) => pureHex(bcs.u256().serialize(v).toBytes()),
  bool: (v: boolean) => pureHex(bcs.bool().serialize(v).toBytes()),
  string: (v: string) => pureHex(bcs.string().serialize(v).toBytes()),
  bytes: (v: Uint8Array) => pureHex(bcs.vector(bcs.u8()).serialize(Array.from(v)).toBytes()),
  address: (hex: string) => pureHex(Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))),
};

export const SYSTEM_MUT: ArgDesc = {
  shared: SYSTEM_ID,
  initialSharedVersion: SYSTEM_ISV,
  mutable: true,
};
export const SYSTEM_RO: ArgDesc = {
  shared: SYSTEM_ID,
  initialSharedVersion: SYSTEM_ISV,
  mutable: false,
};
export const CLOCK: ArgDesc = { shared: CLOCK_ID, initialSharedVersion: '1', mutable: false };
export const RANDOM: ArgDesc = {
  shared: RANDOM_ID,
  initialSharedVersion: RANDOM_ISV,
  mutable: false,
};

export function owned(r: OwnedObjectRef): ArgDesc {
  return { owned: r.objectId, version: r.version, digest: r.digest };
}

export function target(module: string, fn: string): string {
  return `${PKG}::${module}::${fn}`;
}
