import { describe, expect, it } from 'vitest';
import {
  nodeOfPair,
  pairIndexOfShard,
  pairsOfNode,
  shardOfPair,
  shardOwners,
  shardsOfNode,
} from '../../../src/chain/shards.ts';
import { blobIdToBytes } from '../../../src/chain/ids.ts';
import type { Committee } from '../../../src/chain/types.ts';

const key = new Uint8Array(48);
const committee: Committee = {
  epoch: 3,
  nShards: 7,
  members: [
    { nodeId: '0x' + '01'.padStart(64, '0'), shards: [0, 3, 5], publicKey: key },
    { nodeId: '0x' + '02'.padStart(64, '0'), shards: [1, 2], publicKey: key },
    { nodeId: '0x' + '03'.padStart(64, '0'), shards: [4, 6], publicKey: key },
  ],
};

describe('shard routing from a committee', () => {
  it('rotates pairs by the blob ID read big-endian mod n', () => {
    // Bytes 00..00 0a read big-endian = 10; 10 mod 7 = 3. The u256 of those bytes (LE) is 10 << 248.
    const bytes = new Uint8Array(32);
    bytes[31] = 10;
    const blobId = 10n << 248n;
    expect(blobIdToBytes(blobId)).toEqual(bytes);
    expect(shardOfPair(blobId, 0, 7)).toBe(3);
    expect(pairIndexOfShard(blobId, 3, 7)).toBe(0);
    for (let p = 0; p < 7; p++)
      expect(pairIndexOfShard(blobId, shardOfPair(blobId, p, 7), 7)).toBe(p);
    expect(nodeOfPair(committee, blobId, 0).nodeId).toBe(committee.members[0].nodeId);
    expect(pairsOfNode(committee, committee.members[1].nodeId, blobId)).toEqual([
      { shard: 1, pairIndex: 5 },
      { shard: 2, pairIndex: 6 },
    ]);
  });

  it('finds owners and rejects broken assignments', () => {
    expect(shardsOfNode(committee, '0x3')).toEqual([4, 6]);
    expect(shardsOfNode(committee, '0x9')).toEqual([]);
    expect(shardOwners(committee).map((m) => m.nodeId.slice(-1))).toEqual([
      '1',
      '2',
      '2',
      '1',
      '3',
      '1',
      '3',
    ]);
    const broken = { ...committee, members: [{ ...committee.members[0], shards: [0, 0] }] };
    expect(() => shardOwners(broken)).toThrow(RangeError);
  });
});
