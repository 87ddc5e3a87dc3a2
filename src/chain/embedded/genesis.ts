/**
 * The state right after publishing the package and `system::create_system`: epoch 0, an empty
 * committee, the admin's AdminCap, nothing staked.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { idFromBytes, type Address } from '../ids.ts';
import type { SystemParams } from '../types.ts';
import type { ChainState } from './state.ts';

export function genesisState(
  chainId: Uint8Array,
  params: SystemParams,
  admin: Address,
  genesisMs: bigint,
): ChainState {
  const derive = (tag: string): string =>
    idFromBytes(
      blake2b(new Uint8Array([...chainId, ...new TextEncoder().encode(tag)]), { dkLen: 32 }),
    );
  return {
    systemId: derive('system'),
    adminCapId: derive('admin_cap'),
    admin,
    version: 1n,
    params: { ...params },
    epoch: 0,
    epochStartMs: genesisMs,
    epochState: { kind: 'Done' },
    committee: { epoch: 0, members: [], shards: [], nShards: params.nShards, keys: [] },
    previousCommittee: null,
    totalCapacity: 0n,
    accounting: {
      firstEpoch: 0,
      used: Array.from({ length: params.maxEpochsAhead }, () => 0n),
      rewards: Array.from({ length: params.maxEpochsAhead }, () => 0n),
    },
    rewardPool: 0n,
    pools: new Map(),
    nodeIds: [],
    invalidated: new Set(),
    evidence: new Set(),
    burned: 0n,
    nextRound: 1n,
    lastRoundOpenMs: 0n,
    currentRound: null,
    previousRound: null,
    caps: new Map(),
    staked: new Map(),
    storage: new Map(),
    blobs: new Map(),
    balances: new Map(),
    txCount: 0n,
  };
}
