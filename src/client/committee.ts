/**
 * The client's view of one epoch's committee: each member's URL, shards, weight and decoded BLS
 * key, plus the shard-to-member map. Weight is counted in shards (PROTOCOL.md notation).
 */
import type { ChainClient, Committee } from '../chain/types.ts';
import { decodePublicKey, type PublicKeyPoint } from '../crypto/bls.ts';
import { FloeError } from '../util/errors.ts';

export interface MemberView {
  /** Bitmap index (members sorted by node ID). */
  index: number;
  nodeId: string;
  name: string;
  /** Base URL of the node's REST API, without a trailing slash. */
  url: string;
  shards: number[];
  publicKey: Uint8Array;
  keyPoint: PublicKeyPoint;
}

export interface CommitteeView {
  epoch: number;
  nShards: number;
  members: MemberView[];
  /** `shardOwner[s]` = index of the member holding shard s. */
  shardOwner: Int32Array;
}

/** The committee has no members yet (epoch 0 or no staked nodes). */
export class NoCommitteeError extends FloeError {
  constructor(epoch: number | undefined) {
    super(
      'NO_COMMITTEE',
      `no committee${epoch === undefined ? '' : ` for epoch ${epoch}`}: is the network started?`,
      {
        retryable: true,
      },
    );
  }
}

/** Weight needed for a quorum: the smallest w with 3w >= 2n+1. */
export function quorumWeight(nShards: number): number {
  return Math.ceil((2 * nShards + 1) / 3);
}

/** Weight needed for validity (at least one honest shard): the smallest w with 3w >= n+1. */
export function validityWeight(nShards: number): number {
  return Math.ceil((nShards + 1) / 3);
}

/**
 * A network address as registered on chain, as a base URL. Addresses without a scheme
 * (`host:port`, as Walrus registers them) are taken as plain HTTP.
 */
export function nodeUrl(networkAddress: string): string {
  const trimmed = networkAddress.trim().replace(/\/+$/, '');
  return /^https?:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/**
 * Loads the committee of `epoch` (default current) with node URLs and decoded keys.
 * @throws NoCommitteeError if there is none or it is empty.
 */
export async function loadCommittee(chain: ChainClient, epoch?: number): Promise<CommitteeView> {
  const committee = await chain.getCommittee(epoch);
  if (committee === null || committee.members.length === 0) throw new NoCommitteeError(epoch);
  const nodes = await Promise.all(committee.members.map((m) => chain.getNode(m.nodeId)));
  return buildView(committee, (i) => {
    const node = nodes[i];
    if (node === null) throw new NoCommitteeError(committee.epoch);
    return { name: node.name, url: nodeUrl(node.networkAddress) };
  });
}

function buildView(
  committee: Committee,
  info: (i: number) => { name: string; url: string },
): CommitteeView {
  const shardOwner = new Int32Array(committee.nShards).fill(-1);
  const members = committee.members.map((m, index): MemberView => {
    for (const s of m.shards) shardOwner[s] = index;
    return {
      index,
      nodeId: m.nodeId,
      ...info(index),
      shards: [...m.shards],
      publicKey: m.publicKey,
      keyPoint: decodePublicKey(m.publicKey),
    };
  });
  return { epoch: committee.epoch, nShards: committee.nShards, members, shardOwner };
}

/**
 * Members in random order where each member's chance of coming next is proportional to its
 * shard count (weighted sampling without replacement, Efraimidis-Spirakis keys).
 */
export function weightedShuffle<T extends { shards: number[] }>(
  members: readonly T[],
  random: () => number,
): T[] {
  return members
    .filter((m) => m.shards.length > 0)
    .map((m) => ({ m, key: Math.pow(random(), 1 / m.shards.length) }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.m);
}
