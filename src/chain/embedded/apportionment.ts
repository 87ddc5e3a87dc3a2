/**
 * Committee selection and shard assignment, exactly as `staking/apportionment.move` does it
 * (move/DESIGN.md): selection by stake, D'Hondt with a per-node cap, minimal movement from the
 * previous assignment, then a seeded rotation. Pure functions, shared by the embedded chain and
 * anything off chain that needs to predict an assignment.
 */
import { compareIds, type ObjectId } from '../ids.ts';

/** What the apportionment needs of a candidate: its node ID and active stake. */
export interface Candidate {
  nodeId: ObjectId;
  stake: bigint;
}

/** Thrown (as a Move abort by the caller) when the cap leaves shards unassigned. */
export class CapTooLowError extends Error {
  constructor(members: number, cap: number, nShards: number) {
    super(`${members} members capped at ${cap} shards cannot hold ${nShards} shards`);
  }
}

/**
 * Step 1: candidates with `stake >= minStake` (and non-zero), sorted by stake descending then node ID
 * ascending, the first `maxSize` of them; returned in committee order (node ID ascending).
 */
export function selectCommittee(
  candidates: readonly Candidate[],
  minStake: bigint,
  maxSize: number,
): Candidate[] {
  const eligible = candidates.filter((c) => c.stake >= minStake && c.stake > 0n);
  eligible.sort((a, b) =>
    a.stake === b.stake ? compareIds(a.nodeId, b.nodeId) : a.stake > b.stake ? -1 : 1,
  );
  return eligible.slice(0, maxSize).sort((a, b) => compareIds(a.nodeId, b.nodeId));
}

/**
 * Step 2: D'Hondt with a cap. Hands out `nShards` one at a time to the member with the largest
 * `stake / (given + 1)` among those with `given < cap` (cross-multiplied; ties to the lower
 * index). Returns the count per member.
 * @throws CapTooLowError if every member is capped before all shards are out (or none exist).
 */
export function dhondt(stakes: readonly bigint[], nShards: number, cap: number): number[] {
  const given = stakes.map(() => 0);
  for (let s = 0; s < nShards; s++) {
    let best = -1;
    for (let i = 0; i < stakes.length; i++) {
      if (given[i] >= cap) continue;
      if (best < 0 || stakes[i] * BigInt(given[best] + 1) > stakes[best] * BigInt(given[i] + 1))
        best = i;
    }
    if (best < 0) throw new CapTooLowError(stakes.length, cap, nShards);
    given[best]++;
  }
  return given;
}

/**
 * Step 3: minimal movement. Each member keeps its lowest-numbered previously held shards up to
 * its new count; every other shard (ascending) goes to the members that need more, in committee
 * order, lowest shard first.
 * @param previous shards held before the change, by node ID (absent = none).
 */
export function moveShards(
  members: readonly ObjectId[],
  counts: readonly number[],
  previous: ReadonlyMap<ObjectId, readonly number[]>,
  nShards: number,
): number[][] {
  const taken = new Uint8Array(nShards);
  const result = members.map((id, i) => {
    const held = [...(previous.get(id) ?? [])].sort((a, b) => a - b);
    const kept = held.slice(0, counts[i]);
    for (const s of kept) taken[s] = 1;
    return kept;
  });
  let next = 0;
  for (let i = 0; i < members.length; i++) {
    while (result[i].length < counts[i]) {
      while (taken[next]) next++;
      taken[next] = 1;
      result[i].push(next);
    }
  }
  return result.map((shards) => shards.sort((a, b) => a - b));
}

/** Draws of the rotation: a source of `u64_in_range` values. */
export interface RangeSource {
  u64InRange(min: bigint, max: bigint): bigint;
}

/**
 * Step 4: rotation. `floor(n * rotationBps / 10000)` times, draws shards a and b; if their
 * owners differ, swaps the owners. Then each member's shards are sorted.
 * @returns the new assignment and how many swaps happened (`CommitteeSelected.rotated`).
 */
export function rotateShards(
  assignment: readonly (readonly number[])[],
  nShards: number,
  rotationBps: number,
  rng: RangeSource,
): { shards: number[][]; rotated: bigint } {
  const owner = new Int32Array(nShards).fill(-1);
  assignment.forEach((shards, i) => shards.forEach((s) => (owner[s] = i)));
  const draws = Math.floor((nShards * rotationBps) / 10000);
  let rotated = 0n;
  const max = BigInt(nShards - 1);
  for (let k = 0; k < draws; k++) {
    const a = Number(rng.u64InRange(0n, max));
    const b = Number(rng.u64InRange(0n, max));
    if (owner[a] !== owner[b]) {
      const t = owner[a];
      owner[a] = owner[b];
      owner[b] = t;
      rotated++;
    }
  }
  const shards: number[][] = assignment.map(() => []);
  for (let s = 0; s < nShards; s++) if (owner[s] >= 0) shards[owner[s]].push(s);
  return { shards, rotated };
}

/**
 * All four steps: the new committee (node ID order) and its shards.
 * @throws CapTooLowError from step 2.
 */
export function apportion(
  candidates: readonly Candidate[],
  previous: ReadonlyMap<ObjectId, readonly number[]>,
  opts: {
    nShards: number;
    minStake: bigint;
    maxCommitteeSize: number;
    maxShardsPerNode: number;
    rotationBps: number;
  },
  rng: RangeSource,
): { members: ObjectId[]; shards: number[][]; rotated: bigint } {
  const selected = selectCommittee(candidates, opts.minStake, opts.maxCommitteeSize);
  if (selected.length === 0) return { members: [], shards: [], rotated: 0n };
  const counts = dhondt(
    selected.map((c) => c.stake),
    opts.nShards,
    opts.maxShardsPerNode,
  );
  const members = selected.map((c) => c.nodeId);
  const moved = moveShards(members, counts, previous, opts.nShards);
  const { shards, rotated } = rotateShards(moved, opts.nShards, opts.rotationBps, rng);
  return { members, shards, rotated };
}
