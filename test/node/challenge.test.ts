/**
 * Asynchronous storage challenges on the real embedded chain with four storage nodes in this
 * process (real HTTP on loopback, real lmdb, real BLS; one node keeps compact metadata). Rounds
 * follow each other in this file: all honest nodes certify; reads of challenged blobs pause
 * while no quorum can certify and resume once it does; a node that lost a challenged sliver gets
 * no certificate and is marked absent when the next round closes; a forged proof is rejected and
 * reported, and the chain slashes its signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/crypto/bls.ts';
import { Axis, signedSymbolMessage } from '../../src/crypto/messages.ts';
import { blobIdToU256 } from '../../src/encoding/blob-id.ts';
import type { EncodedBlob } from '../../src/encoding/encode.ts';
import { pairIndexForShard } from '../../src/encoding/pairs.ts';
import type { StorageNode } from '../../src/node/node.ts';
import { challengeProofsToBcs } from '../../src/node/challenge/wire.ts';
import { openFourNodes, type FourNodes } from './four-nodes.ts';
import { blobOf } from './helpers.ts';
import { ADMIN, eventually, type NetNode } from './network.ts';

describe('challenge rounds on the embedded chain', () => {
  let net: FourNodes;
  let nodes: NetNode[];
  let running: (StorageNode | undefined)[];
  let client: FourNodes['client'];
  let blobs: EncodedBlob[];

  const shardsOf = (n: NetNode) => net.shardsOf(n);
  // Node c keeps compact metadata.
  const start = (i: number) => net.start(nodes[i], { metadata: i === 2 ? 'compact' : 'full' });
  const openRound = async (): Promise<bigint> => {
    net.advance(1_000n);
    return (await client(ADMIN).openChallengeRound()).round;
  };
  const roundOf = async (round: bigint) => (await client(ADMIN).getChallengeRound(round))!;
  const sliverGet = (n: NetNode, blob: EncodedBlob) => net.sliverGet(n, blob);
  const recoveryGet = async (n: NetNode, blob: EncodedBlob) => {
    const res = await fetch(
      `${n.url}/v1/blobs/${blob.blobIdText}/recoverySymbols?targetSliver=0&targetType=primary`,
    );
    const body = res.headers.get('content-type')?.includes('json')
      ? ((await res.json()) as { error?: { code: string } })
      : (await res.arrayBuffer(), {});
    return { status: res.status, code: body.error?.code };
  };

  beforeAll(async () => {
    net = await openFourNodes();
    ({ nodes, client } = net);
    const all = await net.startAll((_, i) => ({ metadata: i === 2 ? 'compact' : 'full' }));
    running = all;
    blobs = [await blobOf(3_000, 10, 101), await blobOf(7_000, 10, 102)];
    for (const blob of blobs) await net.storeBlob(blob, all);
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r?.close()));
    net.close();
  });

  it('certifies every honest node of a round on chain, and the round closes', async () => {
    const round = await openRound();
    await eventually(
      async () => (await roundOf(round)).certified.length === nodes.length,
      'all four nodes to post challenge certificates',
      900,
    );
    const r = await roundOf(round);
    expect(r.closed).toBe(true);
    expect([...r.certified].sort()).toEqual(nodes.map((n) => n.nodeId).sort());
    expect(r.certifiedWeight).toBe(10);
    const metricsOf = async (n: NetNode) => (await fetch(`${n.url}/metrics`)).text();
    // Each node counts its own round once its certificate call returned.
    for (const n of nodes)
      await eventually(
        async () =>
          /floe_node_challenge_rounds_total\{[^}]*outcome="certified"[^}]*\} 1/.test(
            await metricsOf(n),
          ),
        `${n.name} to count its certified round`,
      );
    // Every certificate carried peers' attestations, each counted before it was sent.
    const signed = await Promise.all(
      nodes.map(async (n) =>
        Number(
          /floe_node_challenge_attestations_total\{[^}]*outcome="signed"[^}]*\} (\d+)/.exec(
            await metricsOf(n),
          )?.[1] ?? 0,
        ),
      ),
    );
    expect(signed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    // The round is over for reads: slivers are served again.
    await eventually(
      async () => (await sliverGet(nodes[0], blobs[0])).status === 200,
      'reads after the round closed',
    );
  });

  it('pauses sliver and recovery reads of challenged blobs until quorum weight certified', async () => {
    // Nodes a and b (6 of 10 shards) go away: c and d alone (4 shards) cannot reach quorum.
    await running[0]!.close();
    await running[1]!.close();
    running[0] = running[1] = undefined;
    const round = await openRound();
    const [, , c, d] = nodes;
    await eventually(
      async () => (await sliverGet(c, blobs[1])).code === 'CHALLENGE_IN_PROGRESS',
      'reads of a challenged blob to pause',
    );
    expect(await sliverGet(c, blobs[1])).toEqual({ status: 503, code: 'CHALLENGE_IN_PROGRESS' });
    expect(await sliverGet(d, blobs[0])).toEqual({ status: 503, code: 'CHALLENGE_IN_PROGRESS' });
    expect(await recoveryGet(c, blobs[0])).toEqual({ status: 503, code: 'CHALLENGE_IN_PROGRESS' });
    const batch = await fetch(`${c.url}/v1/blobs/${blobs[0].blobIdText}/slivers?axis=primary`);
    expect(batch.status).toBe(503);
    expect(((await batch.json()) as { error: { code: string } }).error.code).toBe(
      'CHALLENGE_IN_PROGRESS',
    );
    expect((await roundOf(round)).closed).toBe(false);

    // They come back, catch up, prove; quorum certifies; reads resume.
    running[0] = await start(0);
    running[1] = await start(1);
    await eventually(async () => (await roundOf(round)).closed, 'the round to close');
    await eventually(
      async () => (await sliverGet(c, blobs[1])).status === 200,
      'reads to resume on c',
    );
    expect((await recoveryGet(c, blobs[0])).status).toBe(200);
    await eventually(
      async () => (await roundOf(round)).certified.length === nodes.length,
      'every node to certify, late ones included',
    );
  });

  it('gives no certificate to a node that lost a challenged sliver; the next round marks it absent', async () => {
    const d = nodes[3];
    const shard = shardsOf(d)[0];
    await running[3]!.ctx.store.transaction((tx) => tx.removeSlivers([shard], blobs[0].blobId));
    const round = await openRound();
    await eventually(async () => (await roundOf(round)).closed, 'the others to close the round');
    const r = await roundOf(round);
    expect(r.certified).not.toContain(d.nodeId);
    expect(r.certified).toHaveLength(3);
    expect((await client(ADMIN).getNode(d.nodeId))!.absences).toBe(0);

    const next = await openRound();
    await eventually(async () => (await roundOf(next)).closed, 'the next round to close');
    const after = (await client(ADMIN).getNode(d.nodeId))!;
    expect(after.absences).toBe(1);
    expect(after.forfeit).toBe(true);
    for (const n of nodes.slice(0, 3)) {
      const node = (await client(ADMIN).getNode(n.nodeId))!;
      expect(node.absences).toBe(0);
      expect(node.forfeit).toBe(false);
    }
  });

  it('rejects a forged proof with 400 and reports the signed symbol, which slashes its signer', async () => {
    const round = (await client(ADMIN).getSystemState()).latestRound!;
    const d = nodes[3];
    const blob = blobs[1];
    const pairIndex = pairIndexForShard(shardsOf(d)[0], blob.blobId, 10);
    const zero = new Uint8Array(32);
    const message = signedSymbolMessage({
      epoch: 1,
      blobId: blobIdToU256(blob.blobId),
      encodingType: 1,
      size: BigInt(blob.metadata.unencodedLength),
      rootHash: blobIdToU256(blob.rootHash),
      pairIndex,
      axis: Axis.primary,
      symbolIndex: 0,
      symbol: new Uint8Array(blob.symbolSize).fill(7),
      sliverPath: [zero, zero, zero, zero],
      otherHash: zero,
      pairPath: [zero, zero, zero, zero],
      context: round,
    });
    const body = challengeProofsToBcs({
      prover: d.nodeId,
      epoch: 1,
      round,
      symbols: [{ message, signature: sign(d.keys.secretKey, message) }],
      waived: [],
    });
    const before = (await client(ADMIN).getNode(d.nodeId))!.stakeBalance;
    const res = await fetch(`${nodes[0].url}/v1/challenge/${round}/proofs`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'INVALID_CHALLENGE_PROOF',
    );
    await eventually(
      async () => (await client(ADMIN).getNode(d.nodeId))!.stakeBalance < before,
      'the chain to slash the forger',
    );

    // Unsigned garbage is refused too, but is no evidence.
    const bad = await fetch(`${nodes[1].url}/v1/challenge/${round}/proofs`, {
      method: 'POST',
      body: body.subarray(3),
    });
    expect(bad.status).toBe(400);
    const unseen = await fetch(`${nodes[1].url}/v1/challenge/${round + 5n}/proofs`, {
      method: 'POST',
      body,
    });
    expect(unseen.status).toBe(503);
  });
});
