import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import {
  apportion,
  CapTooLowError,
  dhondt,
  moveShards,
  rotateShards,
  selectCommittee,
} from '../../../src/chain/embedded/apportionment.ts';
import { RandomGenerator } from '../../../src/chain/embedded/random.ts';
import { normalizeId } from '../../../src/chain/ids.ts';

const id = (n: number) => normalizeId('0x' + n.toString(16));

// The same inputs and expectations as move/tests/staking/apportionment_tests.move.
describe('apportionment (mirrors apportionment.move)', () => {
  it('selects by stake then node ID and returns node-ID order; skips zero stake', () => {
    const c = [5, 3, 9, 1, 7].map((n, i) => ({
      nodeId: id(n),
      stake: [50n, 100n, 100n, 10n, 200n][i],
    }));
    expect(selectCommittee(c, 20n, 3)).toEqual([
      { nodeId: id(3), stake: 100n },
      { nodeId: id(7), stake: 200n },
      { nodeId: id(9), stake: 100n },
    ]);
    expect(selectCommittee([{ nodeId: id(1), stake: 0n }], 0n, 5)).toEqual([]);
  });

  it("hands out shards by D'Hondt with ties to the lower index and a cap", () => {
    expect(dhondt([1000n, 1000n, 1000n, 1000n], 10, 10)).toEqual([3, 3, 2, 2]);
    expect(dhondt([2000n, 1000n, 1000n], 10, 10)).toEqual([6, 2, 2]);
    expect(dhondt([9000n, 100n, 100n], 10, 4)).toEqual([4, 3, 3]);
    expect(() => dhondt([1n, 1n], 10, 4)).toThrow(CapTooLowError);
  });

  it('moves as few shards as possible', () => {
    const [a, b, c] = [id(0xa), id(0xb), id(0xc)];
    const previous = new Map([
      [a, [0, 1, 2]],
      [b, [3, 4, 5]],
      [c, [6, 7, 8, 9]],
    ]);
    expect(moveShards([a, b, c], [6, 2, 2], previous, 10)).toEqual([
      [0, 1, 2, 5, 8, 9],
      [3, 4],
      [6, 7],
    ]);
    expect(moveShards([id(1), id(2)], [2, 3], new Map(), 5)).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    // Unchanged counts keep every shard where it is.
    expect(moveShards([a, b, c], [3, 3, 4], previous, 10)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8, 9],
    ]);
  });

  it('rotates by swapping owners: counts stay, swaps are counted, zero draws is identity', () => {
    const before = [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8, 9],
    ];
    const { shards, rotated } = rotateShards(
      before,
      10,
      50_000,
      new RandomGenerator(new TextEncoder().encode('rotation')),
    );
    expect(rotated > 0n && rotated <= 50n).toBe(true);
    expect(shards.map((s) => s.length)).toEqual([3, 3, 4]);
    expect(shards.flat().sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
    expect(shards).not.toEqual(before);
    const none = rotateShards([[1], [0]], 2, 0, new RandomGenerator(new TextEncoder().encode('x')));
    expect(none).toEqual({ shards: [[1], [0]], rotated: 0n });
  });

  it('runs all steps deterministically for a seed', () => {
    const c = [1, 2, 3, 4].map((n) => ({ nodeId: id(n), stake: BigInt(n * 1000) }));
    const opts = {
      nShards: 20,
      minStake: 1n,
      maxCommitteeSize: 10,
      maxShardsPerNode: 20,
      rotationBps: 2000,
    };
    const seed = new TextEncoder().encode('seed');
    const x = apportion(c, new Map(), opts, new RandomGenerator(seed));
    const y = apportion(c, new Map(), opts, new RandomGenerator(seed));
    expect(x).toEqual(y);
    expect(x.shards.map((s) => s.length)).toEqual([2, 4, 6, 8]);
  });
});

describe('RandomGenerator (sui::random construction)', () => {
  const seed = new TextEncoder().encode('floe');
  const block = (counter: number) =>
    new Uint8Array(createHmac('sha3-256', seed).update(Uint8Array.of(counter, 0)).digest());

  it('generate_bytes: whole blocks in order, then bytes popped from the end of the buffer', () => {
    const g = new RandomGenerator(seed);
    expect(g.bytes(32)).toEqual(block(1));
    expect(g.bytes(2)).toEqual(Uint8Array.of(block(2)[31], block(2)[30]));
  });

  it('generate_u64 reads 8 bytes from the end, big end first; in-range reduces 16 bytes', () => {
    const g = new RandomGenerator(seed);
    const b = block(1);
    let want = 0n;
    for (let i = 31; i >= 24; i--) want = (want << 8n) | BigInt(b[i]);
    expect(g.u64()).toBe(want);
    let wide = 0n;
    for (let i = 23; i >= 8; i--) wide = (wide << 8n) | BigInt(b[i]);
    expect(g.u64InRange(5n, 14n)).toBe(5n + (wide % 10n));
    expect(g.u64InRange(3n, 3n)).toBe(3n);
  });
});
