/**
 * A random generator with the construction of `sui::random::RandomGenerator`: a 32-byte seed,
 * blocks `hmac_sha3_256(seed, bcs(counter: u16))` for counter = 1, 2, ..., bytes consumed from
 * the END of the buffer, integers assembled big-end first from those bytes, and
 * `u64_in_range(min, max) = min + (u256 of 16 bytes) % (max - min + 1)`. Seeded like
 * `new_generator_from_seed_for_testing`, so a Move test and the embedded chain given the same
 * seed draw the same stream.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha3_256 } from '@noble/hashes/sha3.js';

export class RandomGenerator {
  private counter = 0;
  private buffer: number[] = [];
  private readonly seed: Uint8Array;

  /** @throws TypeError unless `seed` is a Uint8Array. */
  constructor(seed: Uint8Array) {
    if (!(seed instanceof Uint8Array)) throw new TypeError('seed must be a Uint8Array');
    this.seed = seed.slice();
  }

  /**
   * `n` random bytes (`generate_bytes`): whole 32-byte blocks in order, then the rest popped
   * from the buffer (refilled once if short).
   */
  bytes(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new RangeError('n must be a u16');
    const out: number[] = [];
    for (let b = 0; b < Math.floor(n / 32); b++) out.push(...this.nextBlock());
    if (this.buffer.length < n - out.length) this.fill();
    while (out.length < n) out.push(this.buffer.pop()!);
    return Uint8Array.from(out);
  }

  /** `generate_u64`. */
  u64(): bigint {
    return this.uint(8);
  }

  /**
   * `generate_u64_in_range(min, max)`, inclusive.
   * @throws RangeError if `min > max`.
   */
  u64InRange(min: bigint, max: bigint): bigint {
    if (min > max) throw new RangeError('min must not exceed max');
    if (min === max) return min;
    const range = max - min + 1n;
    const rand = this.uint(16);
    return min + (rand % range);
  }

  private uint(numBytes: number): bigint {
    if (this.buffer.length < numBytes) this.fill();
    let result = 0n;
    for (let i = 0; i < numBytes; i++) result = (result << 8n) | BigInt(this.buffer.pop()!);
    return result;
  }

  /** `derive_next_block`: hmac_sha3_256(seed, bcs(counter + 1)). */
  private nextBlock(): Uint8Array {
    this.counter = (this.counter + 1) & 0xffff;
    return hmac(sha3_256, this.seed, Uint8Array.of(this.counter & 0xff, this.counter >> 8));
  }

  private fill(): void {
    // Move appends the new block after what is left; reads pop from the end.
    this.buffer.push(...this.nextBlock());
  }
}
