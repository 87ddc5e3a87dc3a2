/**
 * System parameters of a local network: `nShards` shards, long epochs (a local network is for
 * trying things, so epochs advance only when asked), small prices, every node allowed to hold
 * every shard, no rotation.
 */
import type { SystemParams } from '../chain/types.ts';

export function localnetParams(nShards: number): SystemParams {
  return {
    nShards,
    epochDurationMs: 24n * 3600n * 1000n,
    maxCommitteeSize: 128,
    minStake: 1n,
    maxShardsPerNode: nShards,
    rotationBps: 0,
    storagePricePerUnit: 1000n,
    writePricePerUnit: 100n,
    unitSize: 1n << 20n,
    maxEpochsAhead: 104,
    maxCommissionBps: 10_000,
    reporterRewardBps: 1000,
    slashBps: 1000,
    absenceSlashBps: 500,
    maxAbsences: 3,
    challengeIntervalMs: 3600n * 1000n,
  };
}
