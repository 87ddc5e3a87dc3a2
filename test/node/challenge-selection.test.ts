/**
 * The challenge selection rule (move/DESIGN.md "Challenge selection") and the node's round
 * record: same inputs, same answer on every node; the record follows the chain's round
 * lifecycle and survives a restart through the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { silentLogger } from '../../src/util/log.ts';
import { NodeStore } from '../../src/node/store/node-store.ts';
import {
  afterCertified,
  afterClosed,
  afterOpened,
  ChallengeRounds,
  type RoundSnapshot,
} from '../../src/node/challenge/rounds.ts';
import {
  challengedPairsOf,
  challengedSymbolOf,
  challengedSymbolsFor,
  MAX_CHALLENGED_PAIRS,
  compareBlobIds,
  selectChallengedBlobs,
} from '../../src/node/challenge/selection.ts';
import { pairIndexForShard } from '../../src/encoding/pairs.ts';
import { tempDir } from './helpers.ts';

const id = (i: number) => blake2b(Uint8Array.of(i), { dkLen: 32 });
const seed = (i: number) => blake2b(Uint8Array.of(0xee, i), { dkLen: 32 });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('challenge selection', () => {
  const ids = Array.from({ length: 40 }, (_, i) => id(i));

  it('is a function of the seed and the set of blobs, not of their order', () => {
    const shuffled = [...ids].reverse();
    const a = selectChallengedBlobs(seed(1), ids, 8).map(hex);
    expect(selectChallengedBlobs(seed(1), shuffled, 8).map(hex)).toEqual(a);
    expect(a).toHaveLength(8);
    expect(new Set(a).size).toBe(8);
    for (const x of a) expect(ids.map(hex)).toContain(x);
    expect(selectChallengedBlobs(seed(2), ids, 8).map(hex)).not.toEqual(a);
  });

  it('challenges every blob when there are no more than the maximum, and none of none', () => {
    const few = ids.slice(0, 5);
    expect(selectChallengedBlobs(seed(3), few, 8).map(hex).sort()).toEqual(
      [...few].sort(compareBlobIds).map(hex).sort(),
    );
    expect(selectChallengedBlobs(seed(3), [], 8)).toEqual([]);
    expect(() => selectChallengedBlobs(seed(3), few, 0)).toThrow(RangeError);
    expect(() => selectChallengedBlobs(new Uint8Array(0), few)).toThrow(RangeError);
  });

  it('spreads picks over the list (every blob chosen by some seed)', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 60; s++)
      for (const b of selectChallengedBlobs(seed(s), ids, 4)) seen.add(hex(b));
    expect(seen.size).toBe(ids.length);
  });

  it('picks one in-range symbol per pair, on both axes across pairs', () => {
    const n = 1000;
    const axes = new Set<string>();
    for (let p = 0; p < 64; p++) {
      const c = challengedSymbolOf(seed(4), ids[0], p, n);
      expect(c.symbolIndex).toBeGreaterThanOrEqual(0);
      expect(c.symbolIndex).toBeLessThan(n);
      expect(challengedSymbolOf(seed(4), ids[0], p, n)).toEqual(c);
      axes.add(c.axis);
    }
    expect([...axes].sort()).toEqual(['primary', 'secondary']);
    expect(() => challengedSymbolOf(seed(4), ids[0], n, n)).toThrow(RangeError);
  });

  it('asks a node for exactly the pairs its shards store', () => {
    const blobs = ids.slice(0, 3);
    const items = challengedSymbolsFor(seed(5), blobs, [2, 7], 10);
    expect(items).toHaveLength(6);
    for (const item of items)
      expect([2, 7].map((s) => pairIndexForShard(s, item.blobId, 10))).toContain(item.pairIndex);
    expect(() => challengedSymbolsFor(seed(5), blobs, [10], 10)).toThrow(RangeError);
  });

  it('samples at most MAX_CHALLENGED_PAIRS of the pairs of a node per blob, the same on every node', () => {
    const shards = Array.from({ length: 100 }, (_, i) => i * 10); // 100 of 1000 shards
    const items = challengedSymbolsFor(seed(6), ids.slice(0, 2), shards, 1000);
    expect(items).toHaveLength(2 * MAX_CHALLENGED_PAIRS);
    for (const blob of ids.slice(0, 2)) {
      const own = shards.map((s) => pairIndexForShard(s, blob, 1000));
      const picked = items.filter((i) => i.blobId === blob).map((i) => i.pairIndex);
      expect(new Set(picked).size).toBe(MAX_CHALLENGED_PAIRS);
      for (const p of picked) expect(own).toContain(p);
      // The order the node lists its shards in does not matter.
      expect(challengedPairsOf(seed(6), blob, [...own].reverse())).toEqual(picked);
    }
    // Another seed picks other pairs; over many seeds every pair gets picked.
    const own = shards.map((s) => pairIndexForShard(s, ids[0], 1000));
    expect(challengedPairsOf(seed(7), ids[0], own)).not.toEqual(
      challengedPairsOf(seed(6), ids[0], own),
    );
    const seen = new Set<number>();
    for (let s = 0; s < 60; s++)
      for (const p of challengedPairsOf(seed(s), ids[0], own)) seen.add(p);
    expect(seen.size).toBeGreaterThan(90);
    // Up to the maximum, every pair is challenged.
    expect(challengedPairsOf(seed(6), ids[0], own.slice(0, 5))).toEqual(
      [...own.slice(0, 5)].sort((a, b) => a - b),
    );
  });
});

describe('challenge round record', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let store: NodeStore | undefined;
  afterEach(async () => {
    await store?.close();
    dir?.remove();
  });

  const round = (r: bigint, blobs: Uint8Array[]): RoundSnapshot => ({
    epoch: 1,
    round: r,
    seed: seed(Number(r)),
    blobs,
    closed: false,
    certified: [],
  });

  it('pauses reads of the open round, moves through close and finalization, and restores', async () => {
    dir = tempDir();
    store = NodeStore.open({ path: dir.path, log: silentLogger });
    const rounds = ChallengeRounds.restore((k) => store!.getState(k));
    expect(rounds.latestRound).toBe(0n);
    let state = afterOpened(rounds.snapshot, round(1n, [id(1)]));
    rounds.set(state);
    expect(rounds.isPaused(id(1))).toBe(true);
    expect(rounds.isPaused(id(2))).toBe(false);
    state = afterCertified(state, 1n, '0xaa');
    state = afterClosed(state, 1n);
    rounds.set(state);
    expect(rounds.isPaused(id(1))).toBe(false);
    state = afterOpened(state, round(2n, [id(2)]));
    const next = state;
    await store.transaction((tx) => ChallengeRounds.persist(tx, next));
    rounds.set(state);
    expect(rounds.get(1n)?.certified).toEqual(['0xaa']);

    const restored = ChallengeRounds.restore((k) => store!.getState(k));
    expect(restored.latestRound).toBe(2n);
    expect(restored.isPaused(id(2))).toBe(true);
    expect(hex(restored.get(2n)!.seed)).toEqual(hex(seed(2)));
    expect(restored.get(1n)!.closed).toBe(true);
    // Round 2 closing finalizes round 1: no certificate for it can land any more.
    restored.set(afterClosed(restored.snapshot, 2n));
    expect(restored.get(1n)).toBeUndefined();
    expect(restored.isPaused(id(2))).toBe(false);
  });
});
