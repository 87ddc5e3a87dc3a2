/**
 * A small embedded network for tests: a controllable clock, seeded randomness, BLS node keys,
 * and helpers that register nodes with real proofs of possession and build real certificates.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { generateKeyPair, sign, type BlsKeyPair } from '../../../src/crypto/bls.ts';
import { assembleCertificate, type Certificate } from '../../../src/crypto/certificate.ts';
import { proofOfPossessionMessage } from '../../../src/crypto/messages.ts';
import { idFromBytes, type Address, type ObjectId } from '../../../src/chain/ids.ts';
import type { Committee, SystemParams } from '../../../src/chain/types.ts';
import { EmbeddedChain } from '../../../src/chain/embedded/chain.ts';
import { EmbeddedChainClient } from '../../../src/chain/embedded/client.ts';
import { LocalTransport } from '../../../src/chain/embedded/transport.ts';
import { deriveBlobId, encodedSize } from '../../../src/chain/embedded/storage-resource.ts';
import { seededBytes } from '../../crypto/seeded.ts';

export const PARAMS: SystemParams = {
  nShards: 10,
  epochDurationMs: 1000n,
  maxCommitteeSize: 10,
  minStake: 1000n,
  maxShardsPerNode: 10,
  rotationBps: 1000,
  storagePricePerUnit: 10n,
  writePricePerUnit: 1n,
  unitSize: 1n << 20n,
  maxEpochsAhead: 10,
  maxCommissionBps: 5000,
  reporterRewardBps: 1000,
  slashBps: 500,
  absenceSlashBps: 200,
  maxAbsences: 2,
  challengeIntervalMs: 100n,
};

export function address(tag: string): Address {
  return idFromBytes(blake2b(new TextEncoder().encode(tag), { dkLen: 32 }));
}

export const ADMIN = address('admin');

export class TestClock {
  now = 1_000_000n;
  read = (): bigint => this.now;
  advance(ms: bigint): void {
    this.now += ms;
  }
}

export interface TestNode {
  operator: Address;
  keys: BlsKeyPair;
  nodeId: ObjectId;
  capId: ObjectId;
  client: EmbeddedChainClient;
}

export interface TestNet {
  chain: EmbeddedChain;
  clock: TestClock;
  admin: EmbeddedChainClient;
  user: EmbeddedChainClient;
  nodes: TestNode[];
}

export function openChain(
  opts: { dir?: string; clock?: TestClock; seed?: number; snapshotEvery?: number } = {},
): {
  chain: EmbeddedChain;
  clock: TestClock;
  admin: EmbeddedChainClient;
} {
  const clock = opts.clock ?? new TestClock();
  const chain = EmbeddedChain.open({
    dir: opts.dir,
    params: PARAMS,
    admin: ADMIN,
    clock: clock.read,
    randomBytes: seededBytes(opts.seed ?? 99),
    snapshotEvery: opts.snapshotEvery,
  });
  return { chain, clock, admin: new EmbeddedChainClient(new LocalTransport(chain), ADMIN) };
}

/** Registers `count` nodes with real PoPs and stakes `stakes[i]` on each. */
export async function registerNodes(
  admin: EmbeddedChainClient,
  stakes: bigint[],
  seed = 5,
): Promise<TestNode[]> {
  const rnd = seededBytes(seed);
  const epoch = await admin.getEpoch();
  const nodes: TestNode[] = [];
  for (let i = 0; i < stakes.length; i++) {
    const operator = address(`operator-${seed}-${i}`);
    const client = admin.as(operator);
    await admin.mint({ to: operator, amount: 1_000_000_000n });
    const keys = generateKeyPair(rnd);
    const pop = sign(
      keys.secretKey,
      proofOfPossessionMessage({ epoch, sender: operator, publicKey: keys.publicKey }),
    );
    const r = await client.registerNode({
      name: `node-${i}`,
      networkAddress: `127.0.0.1:${9100 + i}`,
      publicKey: keys.publicKey,
      proofOfPossession: pop,
      capacity: 10n << 30n,
      commissionBps: 1000,
    });
    await client.stake({ nodeId: r.nodeId, amount: stakes[i] });
    nodes.push({ operator, keys, nodeId: r.nodeId, capId: r.capId, client });
  }
  return nodes;
}

/** A certificate over `message` signed by the committee members whose node is in `signers`. */
export function certify(
  committee: Committee,
  nodes: TestNode[],
  signers: TestNode[],
  message: Uint8Array,
): Certificate {
  const sigs = new Map<number, Uint8Array>();
  committee.members.forEach((m, i) => {
    const node = signers.find((n) => n.nodeId === m.nodeId);
    if (node) sigs.set(i, sign(node.keys.secretKey, message));
  });
  if (sigs.size === 0) throw new Error('no signer is in the committee');
  void nodes;
  return assembleCertificate(message, sigs, committee.members.length);
}

/** A chain in epoch 1 with four staked nodes (4/3/2/1 shards of 10). */
export async function epochOne(
  opts: { dir?: string; clock?: TestClock; snapshotEvery?: number } = {},
): Promise<TestNet> {
  const { chain, clock, admin } = openChain(opts);
  const nodes = await registerNodes(admin, [4000n, 3000n, 2000n, 1000n]);
  await admin.initiateEpochChange();
  const user = admin.as(address('user'));
  await admin.mint({ to: user.sender, amount: 1_000_000_000n });
  return { chain, clock, admin, user, nodes };
}

/** Registers a blob of `size` bytes with a made-up root; returns its IDs. */
export async function registerTestBlob(
  client: EmbeddedChainClient,
  opts: { size?: bigint; deletable?: boolean; rootByte?: number; epochsAhead?: number } = {},
): Promise<{
  blobId: bigint;
  rootHash: bigint;
  blobObjectId: ObjectId;
  storageId: ObjectId;
  size: bigint;
}> {
  const size = opts.size ?? 1000n;
  const rootHash = BigInt('0x' + (opts.rootByte ?? 9).toString(16).padStart(2, '0').repeat(32));
  const blobId = deriveBlobId(1, size, rootHash);
  const r = await client.reserveAndRegisterBlob({
    blobId,
    rootHash,
    size,
    encodingType: 1,
    deletable: opts.deletable ?? false,
    storageSize: encodedSize(size, PARAMS.nShards),
    epochsAhead: opts.epochsAhead ?? 3,
  });
  return { blobId, rootHash, blobObjectId: r.blobObjectId, storageId: r.storageId, size };
}
