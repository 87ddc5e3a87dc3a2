/**
 * A small real network for node tests: the embedded chain (in process, or any ChainClient), nodes
 * registered with real proofs of possession on ports chosen up front, and helpers that upload a
 * blob and certify it with the nodes' own confirmations.
 */
import { generateKeyPair, sign, type BlsKeyPair } from '../../src/crypto/bls.ts';
import { assembleCertificate } from '../../src/crypto/certificate.ts';
import { proofOfPossessionMessage } from '../../src/crypto/messages.ts';
import type { Address } from '../../src/chain/ids.ts';
import type { ChainClient, SystemParams } from '../../src/chain/types.ts';
import { EmbeddedChain } from '../../src/chain/embedded/chain.ts';
import { EmbeddedChainClient } from '../../src/chain/embedded/client.ts';
import { LocalTransport } from '../../src/chain/embedded/transport.ts';
import { encodedSize } from '../../src/chain/embedded/storage-resource.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { metadataToBcs } from '../../src/encoding/metadata.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { address, PARAMS } from '../chain/embedded/fixture.ts';
import { seededBytes } from '../crypto/seeded.ts';
import { freePort } from '../../src/localnet/processes.ts';

export { freePort };

/** The chain fixture's parameters without shard rotation (node tests pin shard owners). */
export const NET_PARAMS: SystemParams = { ...PARAMS, rotationBps: 0 };

export interface NetNode {
  name: string;
  nodeId: string;
  capId: string;
  operator: string;
  keys: BlsKeyPair;
  port: number;
  url: string;
}

export const ADMIN = address('node-tests-admin');
export const USER = address('node-tests-user');

/** An in-memory embedded chain, a client for it as `sender`, and its clock's `advance`. */
export function openEmbeddedChain(dir?: string): {
  chain: EmbeddedChain;
  client: (sender: Address) => EmbeddedChainClient;
  advance: (ms: bigint) => void;
} {
  let t = 1_000_000n;
  const chain = EmbeddedChain.open({
    ...(dir ? { dir } : {}),
    params: NET_PARAMS,
    admin: ADMIN,
    clock: () => (t += 1n),
    randomBytes: seededBytes(42),
  });
  const transport = new LocalTransport(chain);
  return {
    chain,
    client: (sender) => new EmbeddedChainClient(transport, sender),
    advance: (ms) => void (t += ms),
  };
}

/** Registers and stakes nodes (stake i = stakes[i]) and moves to epoch 1. */
export async function registerNetwork(
  admin: ChainClient & {
    as(a: Address): ChainClient;
    mint(a: { to: Address; amount: bigint }): Promise<unknown>;
  },
  stakes: bigint[],
): Promise<NetNode[]> {
  const rnd = seededBytes(7);
  const epoch = await admin.getEpoch();
  const nodes: NetNode[] = [];
  for (let i = 0; i < stakes.length; i++) {
    const operator = address(`node-tests-operator-${i}`);
    await admin.mint({ to: operator, amount: 1_000_000_000n });
    const client = admin.as(operator);
    const keys = generateKeyPair(rnd);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const pop = sign(
      keys.secretKey,
      proofOfPossessionMessage({ epoch, sender: operator, publicKey: keys.publicKey }),
    );
    const r = await client.registerNode({
      name: `n${i}`,
      networkAddress: url,
      publicKey: keys.publicKey,
      proofOfPossession: pop,
      capacity: 1n << 34n,
      commissionBps: 0,
    });
    await client.stake({ nodeId: r.nodeId, amount: stakes[i] });
    nodes.push({ name: `n${i}`, nodeId: r.nodeId, capId: r.capId, operator, keys, port, url });
  }
  await admin.initiateEpochChange();
  await admin.mint({ to: USER, amount: 1_000_000_000_000n });
  return nodes;
}

async function putBytes(url: string, body: Uint8Array): Promise<number> {
  const res = await fetch(url, {
    method: 'PUT',
    body,
    headers: { 'content-type': 'application/octet-stream' },
  });
  await res.arrayBuffer();
  return res.status;
}

/** Registers `blob` on chain as USER; returns the Blob object ID. */
export async function registerBlob(
  user: ChainClient,
  blob: EncodedBlob,
  opts: { deletable?: boolean; epochsAhead?: number } = {},
): Promise<string> {
  const size = BigInt(blob.metadata.unencodedLength);
  const r = await user.reserveAndRegisterBlob({
    blobId: blobIdToU256(blob.blobId),
    rootHash: blobIdToU256(blob.rootHash),
    size,
    encodingType: 1,
    deletable: opts.deletable ?? false,
    storageSize: encodedSize(size, blob.params.nShards),
    epochsAhead: opts.epochsAhead ?? 3,
  });
  return r.blobObjectId;
}

/** Uploads metadata and every sliver pair of the node's shards; retries "not registered yet". */
export async function uploadTo(
  node: { url: string },
  shards: number[],
  blob: EncodedBlob,
): Promise<void> {
  const n = blob.params.nShards;
  for (let attempt = 0; ; attempt++) {
    const status = await putBytes(
      `${node.url}/v1/blobs/${blob.blobIdText}/metadata`,
      metadataToBcs(blob.metadata),
    );
    if (status === 200 || status === 201) break;
    if (attempt > 100) throw new Error(`metadata upload to ${node.url}: ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (let p = 0; p < n; p++) {
    if (!shards.includes(shardForPairIndex(p, blob.blobId, n))) continue;
    for (const axis of ['primary', 'secondary'] as const) {
      const status = await putBytes(
        `${node.url}/v1/blobs/${blob.blobIdText}/slivers/${p}/${axis}`,
        sliverToBcs(blob.pairs[p][axis]),
      );
      if (status !== 200) throw new Error(`sliver upload ${p}/${axis} to ${node.url}: ${status}`);
    }
  }
}

/** A node's permanent confirmation signature, or null when it has none (yet). */
export async function confirmationOf(
  url: string,
  blob: EncodedBlob,
): Promise<{ message: Uint8Array; signature: Uint8Array } | null> {
  const res = await fetch(`${url}/v1/blobs/${blob.blobIdText}/confirmation/permanent`);
  const json = (await res.json()) as {
    success?: { data: { signed: { serializedMessage: string; signature: string } } };
  };
  if (res.status !== 200 || !json.success) return null;
  const s = json.success.data.signed;
  return {
    message: new Uint8Array(Buffer.from(s.serializedMessage, 'base64')),
    signature: new Uint8Array(Buffer.from(s.signature, 'base64')),
  };
}

/** Certifies `blob` with the confirmations of `signers` (committee order from the chain). */
export async function certifyWith(
  user: ChainClient,
  blobObjectId: string,
  blob: EncodedBlob,
  signers: NetNode[],
): Promise<void> {
  const committee = (await user.getCommittee())!;
  const sigs = new Map<number, Uint8Array>();
  let message: Uint8Array | undefined;
  for (const node of signers) {
    const c = await confirmationOf(node.url, blob);
    if (c === null) throw new Error(`${node.name} gave no confirmation`);
    message = c.message;
    sigs.set(
      committee.members.findIndex((m) => m.nodeId === node.nodeId),
      c.signature,
    );
  }
  await user.certifyBlob({
    blobObjectId,
    certificate: assembleCertificate(message!, sigs, committee.members.length),
  });
}

/** Polls `check` until it returns true (bounded; tests assert the outcome, not the time). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  tries = 400,
  everyMs = 50,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A blob encoded inconsistently: the primary slivers of every pair outside `honestPairs` are
 * replaced by random data, and the metadata commits to those slivers' real hashes, so each
 * sliver passes its own check but the rows and columns disagree.
 */
export async function inconsistentBlob(
  base: EncodedBlob,
  honestPairs: number[],
): Promise<EncodedBlob> {
  const { computeSliverHashes } = await import('../../src/encoding/verify-sliver.ts');
  const { blobIdFromMetadata, blobRoot } = await import('../../src/encoding/metadata.ts');
  const { loadHashEngine } = await import('../../src/encoding/hash.ts');
  const { blobIdToString } = await import('../../src/encoding/blob-id.ts');
  const rnd = seededBytes(77);
  const pairs = base.pairs.map((pair, p) => {
    if (honestPairs.includes(p)) return pair;
    return { ...pair, primary: { ...pair.primary, data: rnd(pair.primary.data.length) } };
  });
  const hashes = await Promise.all(
    pairs.map(async (pair, p) => {
      if (honestPairs.includes(p)) return base.metadata.hashes[p];
      const [primary] = await computeSliverHashes(base.params, base.symbolSize, 'primary', [
        pair.primary,
      ]);
      return { primary, secondary: base.metadata.hashes[p].secondary };
    }),
  );
  const metadata = { ...base.metadata, hashes };
  const hash = await loadHashEngine();
  const blobId = blobIdFromMetadata(hash, metadata);
  return {
    ...base,
    metadata,
    pairs,
    blobId,
    blobIdText: blobIdToString(blobId),
    rootHash: blobRoot(hash, metadata),
  };
}
