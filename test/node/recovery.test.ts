/**
 * Four storage nodes (in this process, real HTTP on loopback) follow the real embedded chain. A
 * blob is uploaded to three of them, certified with their confirmations, and the fourth node
 * rebuilds its slivers from the others' recovery symbols in the background, then confirms too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFourNodes, type FourNodes } from './four-nodes.ts';
import type { StorageNode } from '../../src/node/node.ts';
import { sliverToBcs } from '../../src/encoding/sliver.ts';
import { shardForPairIndex } from '../../src/encoding/pairs.ts';
import { blobOf } from './helpers.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { inconsistencyProofToBcs } from '../../src/encoding/recovery-wire.ts';
import { symbolsFromBcs } from '../../src/node/recovery/symbols-wire.ts';
import { signedRequestToBcs, syncShardMessage } from '../../src/node/migration/sync-wire.ts';
import { sign } from '../../src/crypto/bls.ts';
import {
  ADMIN,
  USER,
  certifyWith,
  confirmationOf,
  eventually,
  inconsistentBlob,
  openEmbeddedChain,
  registerBlob,
  uploadTo,
  type NetNode,
} from './network.ts';
import type { Committee } from '../../src/chain/types.ts';

describe('storage nodes on the embedded chain', () => {
  let net: FourNodes;
  let nodes: NetNode[];
  let running: StorageNode[];
  let committee: Committee;
  let client: ReturnType<typeof openEmbeddedChain>['client'];
  let advance: ReturnType<typeof openEmbeddedChain>['advance'];
  let consistent: EncodedBlob;

  beforeAll(async () => {
    net = await openFourNodes();
    ({ client, advance, nodes, committee } = net);
    running = await net.startAll();
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    net.close();
  });

  it('learns the committee and its own shards from chain events', () => {
    for (const [i, r] of running.entries()) {
      const member = committee.members.find((m) => m.nodeId === nodes[i].nodeId)!;
      expect(r.ctx.committee.current!.ownShards).toEqual(member.shards);
      expect(r.ctx.committee.current!.nShards).toBe(10);
    }
  });

  it('recovers the slivers of a node that received none, after certification', async () => {
    const blob = await blobOf(20_000, 10, 11);
    consistent = blob;
    const user = client(USER);
    const objectId = await registerBlob(user, blob);
    const shardsOf = (n: NetNode) => committee.members.find((m) => m.nodeId === n.nodeId)!.shards;
    // The last node gets nothing; the others' weight (8 of 10 shards) is a quorum.
    const [a, b, c, d] = nodes;
    for (const n of [a, b, c]) await uploadTo(n, shardsOf(n), blob);
    expect(await confirmationOf(d.url, blob)).toBeNull();
    await certifyWith(user, objectId, blob, [a, b, c]);

    await eventually(
      async () => (await confirmationOf(d.url, blob)) !== null,
      'node d to recover its slivers',
    );
    const dNode = running[3];
    const n = blob.params.nShards;
    for (let p = 0; p < n; p++) {
      const shard = shardForPairIndex(p, blob.blobId, n);
      if (!shardsOf(d).includes(shard)) continue;
      for (const axis of ['primary', 'secondary'] as const) {
        const stored = dNode.ctx.store.getSliver(shard, blob.blobId, axis);
        expect(
          stored && Buffer.from(stored).equals(Buffer.from(sliverToBcs(blob.pairs[p][axis]))),
        ).toBe(true);
      }
    }
    expect(dNode.ctx.store.hasMetadata(blob.blobId)).toBe(true);
    const status = (await (await fetch(`${d.url}/v1/blobs/${blob.blobIdText}/status`)).json()) as {
      success: { data: { permanent: unknown } };
    };
    expect(status.success.data.permanent).toMatchObject({ isCertified: true });
  });

  it('proves an inconsistent blob, gathers attestations, invalidates it and every node drops it', async () => {
    const [a, b, c, d] = nodes;
    const shardsOf = (n: NetNode) => committee.members.find((m) => m.nodeId === n.nodeId)!.shards;
    const base = await blobOf(12_000, 10, 31);
    // Whatever the blob ID, d's pairs stay honest; every other primary sliver is garbage.
    let blob = base;
    for (let round = 0; round < 3; round++) {
      const dPairs = [...Array(10).keys()].filter((p) =>
        shardsOf(d).includes(shardForPairIndex(p, blob.blobId, 10)),
      );
      const next = await inconsistentBlob(base, dPairs);
      const nextPairs = [...Array(10).keys()].filter((p) =>
        shardsOf(d).includes(shardForPairIndex(p, next.blobId, 10)),
      );
      blob = next;
      if (nextPairs.every((p) => dPairs.includes(p))) break;
    }
    const user = client(USER);
    const objectId = await registerBlob(user, blob);
    for (const n of [a, b, c]) await uploadTo(n, shardsOf(n), blob);
    await certifyWith(user, objectId, blob, [a, b, c]);
    for (const [i, n] of nodes.entries()) {
      await eventually(async () => {
        const s = (await (await fetch(`${n.url}/v1/blobs/${blob.blobIdText}/status`)).json()) as {
          success: { data: unknown };
        };
        return (
          typeof s.success.data === 'object' &&
          s.success.data !== null &&
          'invalid' in s.success.data
        );
      }, `${n.name} to see the blob invalidated`);
      expect(running[i].ctx.store.hasMetadata(blob.blobId)).toBe(false);
      for (const shard of shardsOf(n)) {
        expect(running[i].ctx.store.hasSliver(shard, blob.blobId, 'primary')).toBe(false);
      }
    }
    expect(await client(ADMIN).isBlobIdInvalid(blobIdToU256(blob.blobId))).toBe(true);
  });

  it('refuses an inconsistency proof that does not show an inconsistency, or does not parse', async () => {
    const [a, b, c] = nodes;
    const symbols = [];
    for (const n of [a, b, c]) {
      const res = await fetch(
        `${n.url}/v1/blobs/${consistent.blobIdText}/recoverySymbols?targetSliver=0&targetType=secondary`,
      );
      if (res.ok) symbols.push(...symbolsFromBcs(new Uint8Array(await res.arrayBuffer())));
    }
    const distinct = [...new Map(symbols.map((s) => [s.sourceIndex, s])).values()].slice(0, 4);
    expect(distinct).toHaveLength(4);
    const body = inconsistencyProofToBcs({ axis: 'secondary', targetIndex: 0, symbols: distinct });
    const post = async (bytes: Uint8Array) => {
      const res = await fetch(
        `${b.url}/v1/blobs/${consistent.blobIdText}/inconsistencyProof/secondary`,
        { method: 'POST', body: bytes },
      );
      return {
        status: res.status,
        code: ((await res.json()) as { error?: { code: string } }).error?.code,
      };
    };
    expect(await post(body)).toEqual({ status: 400, code: 'INVALID_PROOF' });
    expect(await post(body.subarray(5))).toEqual({ status: 400, code: 'INVALID_BCS' });
  });

  it('reports epoch_sync_done at the next epoch change, so the chain finishes it', async () => {
    advance(5_000n);
    await client(ADMIN).initiateEpochChange();
    expect(await client(ADMIN).getEpoch()).toBe(2);
    await eventually(
      async () => (await client(ADMIN).getEpochState()).kind === 'Done',
      'the epoch change to finish',
    );
    await eventually(
      () => running.every((r) => r.ctx.committee.current?.epoch === 2),
      'nodes to apply epoch 2',
    );
    // Blobs stored in epoch 1 are still confirmed by their holders in epoch 2.
    const c = await confirmationOf(nodes[0].url, consistent);
    expect(c).not.toBeNull();
  });

  it('moves shards at an epoch change: the new owner pulls them from the previous owner', async () => {
    const before = new Map(committee.members.map((m) => [m.nodeId, m.shards]));
    // More stake on the last node: it gets shards from the others at the next epoch.
    await client(nodes[3].operator).stake({ nodeId: nodes[3].nodeId, amount: 8000n });
    advance(5_000n);
    await client(ADMIN).initiateEpochChange();
    const next = (await client(ADMIN).getCommittee())!;
    const gained = next.members
      .find((m) => m.nodeId === nodes[3].nodeId)!
      .shards.filter((s) => !before.get(nodes[3].nodeId)!.includes(s));
    expect(gained.length).toBeGreaterThan(0);
    await eventually(
      async () => (await client(ADMIN).getEpochState()).kind === 'Done',
      'the epoch change to finish',
    );
    await eventually(
      () =>
        running.every(
          (r) =>
            r.ctx.committee.current?.epoch === 3 &&
            r.ctx.committee.current.retiringShards.length === 0,
        ),
      'nodes to finish epoch 3',
    );

    const d = running[3];
    for (const shard of gained) {
      const p = [...Array(10).keys()].find(
        (q) => shardForPairIndex(q, consistent.blobId, 10) === shard,
      )!;
      for (const axis of ['primary', 'secondary'] as const) {
        const got = d.ctx.store.getSliver(shard, consistent.blobId, axis);
        expect(
          got && Buffer.from(got).equals(Buffer.from(sliverToBcs(consistent.pairs[p][axis]))),
        ).toBe(true);
      }
      // The previous owner dropped the shard once the change was done.
      const previousOwner = nodes.findIndex((n) => before.get(n.nodeId)!.includes(shard));
      expect(running[previousOwner].ctx.store.hasSliver(shard, consistent.blobId, 'primary')).toBe(
        false,
      );
    }
    const metrics = await (await fetch(`${nodes[3].url}/metrics`)).text();
    expect(metrics).toMatch(/floe_node_synced_slivers_total\{[^}]*axis="primary"[^}]*\} [1-9]/);
    expect(await confirmationOf(nodes[3].url, consistent)).not.toBeNull();
  });

  it('refuses shard sync requests that are malformed, unsigned by the owner, or for another epoch', async () => {
    const target = nodes[0];
    const shard = (await client(ADMIN).getCommittee())!.members.find(
      (m) => m.nodeId === nodes[1].nodeId,
    )!.shards[0];
    const post = async (body: Uint8Array, key: Uint8Array) => {
      const res = await fetch(`${target.url}/v1/migrate/sync_shard`, {
        method: 'POST',
        body,
        headers: { authorization: Buffer.from(key).toString('base64') },
      });
      return {
        status: res.status,
        code: ((await res.json()) as { error: { code: string } }).error.code,
      };
    };
    const request = (epoch: number) =>
      syncShardMessage({
        shardIndex: shard,
        axis: 'primary',
        startingBlobId: new Uint8Array(32),
        sliverCount: 10,
        epoch,
      });
    const owner = nodes[1].keys;
    const other = nodes[2].keys;
    expect(await post(Uint8Array.of(1, 2, 3), owner.publicKey)).toEqual({
      status: 400,
      code: 'INVALID_BCS',
    });
    const msg = request(3);
    // Signed by a member that does not hold the shard.
    expect(
      await post(signedRequestToBcs(msg, sign(other.secretKey, msg)), other.publicKey),
    ).toMatchObject({ status: 401 });
    // The owner's key, but someone else's signature.
    expect(
      await post(signedRequestToBcs(msg, sign(other.secretKey, msg)), owner.publicKey),
    ).toMatchObject({ status: 401 });
    const old = request(2);
    expect(
      await post(signedRequestToBcs(old, sign(owner.secretKey, old)), owner.publicKey),
    ).toEqual({ status: 400, code: 'INVALID_SYNC_EPOCH' });
  });
});
