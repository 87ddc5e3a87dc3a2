/**
 * `staking/epoch.move` for the embedded chain: the epoch change (rewards, boundary of every
 * pool, selection, D'Hondt, minimal movement, rotation, new committee) and `epoch_sync_done`.
 */
import { isQuorum } from '../../crypto/committee-keys.ts';
import type { ObjectId } from '../ids.ts';
import {
  dhondt,
  moveShards,
  rotateShards,
  selectCommittee,
  CapTooLowError,
} from './apportionment.ts';
import { abort, check } from './aborts.ts';
import { addRewards, advance } from './accounting.ts';
import { owned, type Env } from './env.ts';
import * as pool from './pool.ts';
import { poolOf } from './system.ts';
import type { ChainState } from './state.ts';

const M = 'epoch';

/** `initiate_epoch_change_with`, drawing from the transaction's generator. */
export function initiateEpochChange(env: Env): void {
  const s = env.s;
  check(s.epochState.kind === 'Done', M, 'EChangeInProgress');
  const now = env.ctx.timestampMs;
  const epoch = s.epoch;
  check(epoch === 0 || now >= s.epochStartMs + s.params.epochDurationMs, M, 'EEpochNotOver');
  const next = epoch + 1;
  payRewards(env, epoch);

  const ids = [...s.nodeIds];
  for (const id of ids) pool.processBoundary(poolOf(s, id), next);

  const params = s.params;
  const n = params.nShards;
  const selected = selectCommittee(
    ids.map((id) => ({ nodeId: id, stake: poolOf(s, id).activeStake })),
    params.minStake,
    params.maxCommitteeSize,
  );
  check(selected.length > 0, M, 'ENoCandidates');
  const counts = shardCounts(
    selected.map((c) => c.stake),
    n,
    params.maxShardsPerNode,
  );
  const members = selected.map((c) => c.nodeId);
  const old = s.committee;
  const previous = new Map<ObjectId, number[]>(old.members.map((id, i) => [id, old.shards[i]]));
  const moved = moveShards(members, counts, previous, n);
  const { shards, rotated } = rotateShards(moved, n, params.rotationBps, env.ctx.random());

  const keys = members.map((id) => poolOf(s, id).publicKey);
  env.keys.checkKeys(keys);
  let capacity = 0n;
  for (const id of members) capacity = pool.u64(capacity + poolOf(s, id).capacity);
  s.previousCommittee = old.members.length > 0 ? old : s.previousCommittee;
  s.committee = { epoch: next, members, shards, nShards: n, keys };
  s.totalCapacity = capacity;
  s.epoch = next;
  s.epochStartMs = now;
  s.currentRound = null;
  s.previousRound = null;

  env.ctx.emit('EpochChangeStart', { epoch: next });
  env.ctx.emit('CommitteeSelected', {
    epoch: next,
    members: [...members],
    shards: shards.map((x) => [...x]),
    rotated,
  });
  if (old.members.length === 0) {
    s.epochState = { kind: 'Done' };
    env.ctx.emit('EpochChangeDone', { epoch: next });
  } else {
    s.epochState = { kind: 'Syncing', reportedWeight: 0 };
  }
}

/** `epoch_sync_done`: a member reports holding its shards; quorum ends the change. */
export function epochSyncDone(env: Env, capId: ObjectId, epoch: number): void {
  const s = env.s;
  const cap = owned(env, s.caps, 'StorageNodeCap', capId);
  check(s.epochState.kind !== 'Done', M, 'ENotSyncing');
  check(epoch === s.epoch, M, 'EWrongEpoch');
  const nodeId = cap.nodeId;
  const index = s.committee.members.indexOf(nodeId);
  check(index >= 0, M, 'ENotCommitteeMember');
  check(cap.lastEpochSyncDone < epoch, M, 'EAlreadyReported');
  cap.lastEpochSyncDone = epoch;
  const weight = s.committee.shards[index].length;
  const state = s.epochState;
  if (state.kind === 'Syncing') state.reportedWeight += weight;
  const total = state.kind === 'Syncing' ? state.reportedWeight : 0;
  env.ctx.emit('ShardsReceived', { epoch, nodeId, weight });
  if (isQuorum(total, s.committee.nShards)) {
    s.epochState = { kind: 'Done' };
    env.ctx.emit('EpochChangeDone', { epoch });
  }
}

/** `apportionment::dhondt`, whose cap failure is the Move abort `ECapTooLow`. */
function shardCounts(stakes: bigint[], nShards: number, cap: number): number[] {
  try {
    return dhondt(stakes, nShards, cap);
  } catch (err) {
    if (err instanceof CapTooLowError) abort('apportionment', 'ECapTooLow');
    throw err;
  }
}

/** `pay_rewards`: the finished epoch's booked rewards to its committee by shards. */
function payRewards(env: Env, epoch: number): void {
  const s: ChainState = env.s;
  const booked = advance(s.accounting);
  const committee = s.committee;
  const n = BigInt(committee.nShards);
  let paid = 0n;
  committee.members.forEach((nodeId, i) => {
    const amount = pool.u64((booked * BigInt(committee.shards[i].length)) / n);
    const p = poolOf(s, nodeId);
    if (p.forfeit) p.forfeit = false;
    else {
      check(s.rewardPool >= amount, 'balance', 'ENotEnough');
      s.rewardPool -= amount;
      pool.addRewards(p, amount);
      paid += amount;
      env.ctx.emit('RewardsPaid', { epoch, nodeId, amount });
    }
  });
  addRewards(s.accounting, epoch + 1, epoch + 2, booked - paid);
}
