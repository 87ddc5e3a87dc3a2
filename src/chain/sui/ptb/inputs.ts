/**
 * Inputs of Floe's programmable transactions. Shared objects (System, Clock, Random) always go in
 * as full shared references, so a transaction whose owned objects are also given as full
 * references builds offline, without a Sui client. Owned objects given by ID alone are resolved
 * by the client at build time.
 */
import { bcs } from '@mysten/sui/bcs';
import type { Transaction, TransactionArgument } from '@mysten/sui/transactions';
import { CLOCK_INITIAL_SHARED_VERSION, CLOCK_OBJECT_ID, RANDOM_OBJECT_ID } from '../deployment.ts';
import { normalizeId } from '../../ids.ts';

/** An owned object's full reference (what `tx.objectRef` needs). */
export interface OwnedObjectRef {
  objectId: string;
  version: string;
  digest: string;
}

/** An owned object: a full reference (offline-buildable) or just its ID (resolved online). */
export type ObjectArg = string | OwnedObjectRef;

/** What every builder needs to know about the deployment and the sender. */
export interface PtbContext {
  packageId: string;
  /** Receives returned objects (caps, blobs, storage, stake). */
  sender: string;
  systemId: string;
  systemInitialSharedVersion: string;
  randomInitialSharedVersion: string;
}

/** Per-transaction input factory; caches shared inputs so each appears once. */
export class PtbInputs {
  private systemArg: { arg: TransactionArgument; mutable: boolean } | undefined;
  private clockArg: TransactionArgument | undefined;
  private randomArg: TransactionArgument | undefined;

  constructor(
    readonly tx: Transaction,
    readonly ctx: PtbContext,
  ) {}

  /**
   * The System object. Throws `RangeError` when a transaction asks for it mutably after having
   * added it read-only (the builders always ask with the strongest access first).
   */
  system(mutable: boolean): TransactionArgument {
    if (this.systemArg !== undefined) {
      if (mutable && !this.systemArg.mutable)
        throw new RangeError('System already added read-only');
      return this.systemArg.arg;
    }
    const arg = this.tx.sharedObjectRef({
      objectId: this.ctx.systemId,
      initialSharedVersion: this.ctx.systemInitialSharedVersion,
      mutable,
    });
    this.systemArg = { arg, mutable };
    return arg;
  }

  /** `0x6::clock::Clock`, read-only. */
  clock(): TransactionArgument {
    this.clockArg ??= this.tx.sharedObjectRef({
      objectId: CLOCK_OBJECT_ID,
      initialSharedVersion: CLOCK_INITIAL_SHARED_VERSION,
      mutable: false,
    });
    return this.clockArg;
  }

  /** `0x8::random::Random`, read-only. */
  random(): TransactionArgument {
    this.randomArg ??= this.tx.sharedObjectRef({
      objectId: RANDOM_OBJECT_ID,
      initialSharedVersion: this.ctx.randomInitialSharedVersion,
      mutable: false,
    });
    return this.randomArg;
  }

  /** An owned object, by full reference or by ID. */
  owned(obj: ObjectArg): TransactionArgument {
    if (typeof obj === 'string') return this.tx.object(normalizeId(obj, 'objectId'));
    return this.tx.objectRef({ ...obj, objectId: normalizeId(obj.objectId, 'objectId') });
  }

  bytes(value: Uint8Array): TransactionArgument {
    if (!(value instanceof Uint8Array)) throw new TypeError('bytes argument must be a Uint8Array');
    return this.tx.pure(bcs.byteVector().serialize(value));
  }

  u8(value: number, name: string): TransactionArgument {
    return this.tx.pure.u8(checkUint(value, name, 8));
  }

  u16(value: number, name: string): TransactionArgument {
    return this.tx.pure.u16(checkUint(value, name, 16));
  }

  u32(value: number, name: string): TransactionArgument {
    return this.tx.pure.u32(checkUint(value, name, 32));
  }

  u64(value: bigint, name: string): TransactionArgument {
    return this.tx.pure.u64(checkBig(value, name, 64n));
  }

  u256(value: bigint, name: string): TransactionArgument {
    return this.tx.pure.u256(checkBig(value, name, 256n));
  }

  id(value: string, name: string): TransactionArgument {
    return this.tx.pure.id(normalizeId(value, name));
  }

  string(value: string, name: string): TransactionArgument {
    if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
    return this.tx.pure.string(value);
  }

  bool(value: boolean, name: string): TransactionArgument {
    if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
    return this.tx.pure.bool(value);
  }

  /** Sends returned objects to the sender. */
  toSender(objects: Parameters<Transaction['transferObjects']>[0]): void {
    this.tx.transferObjects(objects, this.tx.pure.address(normalizeId(this.ctx.sender, 'sender')));
  }
}

function checkUint(value: number, name: string, bits: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new TypeError(`${name} must be an integer`);
  if (value < 0 || value >= 2 ** bits)
    throw new RangeError(`${name} must be a u${bits}, got ${value}`);
  return value;
}

function checkBig(value: bigint, name: string, bits: bigint): bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint`);
  if (value < 0n || value >= 1n << bits)
    throw new RangeError(`${name} must be a u${bits}, got ${value}`);
  return value;
}
