/**
 * What one embedded transaction sees: its sender, its clock reading, its digest (from which
 * object IDs are derived, like Sui's `fresh_object_address`), the events it emits and, when it
 * takes `&Random`, a generator seeded from the seed recorded for it.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import {
  EVENT_FIELDS,
  type ChainEvent,
  type ChainEventMap,
  type ChainEventType,
} from '../events.ts';
import { idFromBytes, type Address, type ObjectId } from '../ids.ts';
import { RandomGenerator } from './random.ts';

export class TxContext {
  readonly events: ChainEvent[] = [];
  private created = 0;
  private generator: RandomGenerator | undefined;

  constructor(
    readonly sender: Address,
    readonly timestampMs: bigint,
    /** 32-byte transaction digest (hex in results). */
    readonly digest: Uint8Array,
    private readonly randomSeed: Uint8Array | undefined,
  ) {}

  get digestHex(): string {
    return Buffer.from(this.digest).toString('hex');
  }

  /** A new object ID: blake2b256(digest || u64 LE counter). */
  freshId(): ObjectId {
    const input = new Uint8Array(40);
    input.set(this.digest, 0);
    new DataView(input.buffer).setBigUint64(32, BigInt(this.created++), true);
    return idFromBytes(blake2b(input, { dkLen: 32 }));
  }

  /**
   * Emits an event.
   * @throws Error if its fields are not the Move struct's, in order (a lockstep bug).
   */
  emit<K extends ChainEventType>(type: K, data: ChainEventMap[K]): void {
    const want = EVENT_FIELDS[type].map(camel);
    const got = Object.keys(data);
    if (got.length !== want.length || got.some((k, i) => k !== want[i])) {
      throw new Error(`event ${type} has fields ${got.join(',')}, Move declares ${want.join(',')}`);
    }
    this.events.push({ type, data } as ChainEvent);
  }

  /**
   * The transaction's generator (`random::new_generator`).
   * @throws Error if the transaction was not given a random seed (a programming error).
   */
  random(): RandomGenerator {
    if (this.randomSeed === undefined) throw new Error('this transaction takes no &Random');
    this.generator ??= new RandomGenerator(this.randomSeed);
    return this.generator;
  }
}

/** The digest of transaction number `seq` of the chain `chainId`: blake2b256(chainId || u64 LE seq). */
export function txDigest(chainId: Uint8Array, seq: bigint): Uint8Array {
  const input = new Uint8Array(chainId.length + 8);
  input.set(chainId, 0);
  new DataView(input.buffer).setBigUint64(chainId.length, seq, true);
  return blake2b(input, { dkLen: 32 });
}

/** `snake_case` -> `camelCase`. */
export function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
