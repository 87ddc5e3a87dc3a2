import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { sign } from '../../../src/crypto/bls.ts';
import {
  blobCertificateMessage,
  challengeAttestationMessage,
  signedSymbolMessage,
} from '../../../src/crypto/messages.ts';
import { deriveBlobId, encodedSize } from '../../../src/chain/embedded/storage-resource.ts';
import { blobIdFromBytes } from '../../../src/chain/ids.ts';
import type { ChainEvent } from '../../../src/chain/events.ts';
import { PARAMS, certify, openChain, registerNodes } from './fixture.ts';

const types = (events: { event: ChainEvent }[]) => events.map((e) => e.event.type);

describe('embedded chain scenario', () => {
  it('registers nodes, stakes, starts epoch 1, registers and certifies a blob, changes epoch', async () => {
    const { chain, clock, admin } = openChain();
    const nodes = await registerNodes(admin, [4000n, 3000n, 2000n, 1000n]);
    expect((await admin.listNodes()).length).toBe(4);

    const start = await admin.initiateEpochChange();
    expect(types(start.events)).toEqual([
      'EpochChangeStart',
      'CommitteeSelected',
      'EpochChangeDone',
    ]);
    const committee = (await admin.getCommittee())!;
    expect(committee.epoch).toBe(1);
    expect(committee.members.map((m) => m.nodeId)).toEqual(
      [...nodes.map((n) => n.nodeId)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
    );
    // D'Hondt over 4000:3000:2000:1000 for 10 shards gives 4/3/2/1.
    const byNode = new Map(committee.members.map((m) => [m.nodeId, m.shards.length]));
    expect(nodes.map((n) => byNode.get(n.nodeId))).toEqual([4, 3, 2, 1]);
    expect(committee.members.flatMap((m) => m.shards).sort((a, b) => a - b)).toEqual([
      ...Array(10).keys(),
    ]);

    // A user stores a blob: one transaction reserves and registers.
    const user = admin.as(nodes[0].operator);
    const size = 1000n;
    const root = blobIdFromBytes(new Uint8Array(32).fill(9));
    const blobId = deriveBlobId(1, size, root);
    const reg = await user.reserveAndRegisterBlob({
      blobId,
      rootHash: root,
      size,
      encodingType: 1,
      deletable: false,
      storageSize: encodedSize(size, PARAMS.nShards),
      epochsAhead: 3,
    });
    expect(types(reg.events)).toEqual(['StorageReserved', 'BlobRegistered']);
    const message = blobCertificateMessage({
      epoch: 1,
      blobId,
      persistence: { kind: 'Permanent' },
    });
    const cert = certify(committee, nodes, nodes.slice(0, 3), message);
    const certified = await user.certifyBlob({ blobObjectId: reg.blobObjectId, certificate: cert });
    expect(certified.events[0].event).toEqual({
      type: 'BlobCertified',
      data: {
        epoch: 1,
        blobId,
        endEpoch: 4,
        deletable: false,
        objectId: reg.blobObjectId,
        isExtension: false,
      },
    });
    expect((await user.getBlob(reg.blobObjectId))!.certifiedEpoch).toBe(1);

    // Epoch change 1 -> 2 needs the epoch to be over, then sync-done at quorum.
    clock.advance(1000n);
    const change = await admin.initiateEpochChange();
    expect(types(change.events)).toContain('RewardsPaid');
    expect(await admin.getEpochState()).toEqual({ kind: 'Syncing', reportedWeight: 0 });
    const c2 = (await admin.getCommittee(2))!;
    const weightOf = (id: string) => c2.members.find((m) => m.nodeId === id)!.shards.length;
    let reported = 0;
    for (const node of nodes) {
      const r = await node.client.epochSyncDone({ capId: node.capId, epoch: 2 });
      reported += weightOf(node.nodeId);
      if (3 * reported >= 2 * 10 + 1) {
        expect(types(r.events)).toEqual(['ShardsReceived', 'EpochChangeDone']);
        break;
      }
      expect(types(r.events)).toEqual(['ShardsReceived']);
    }
    expect(await admin.getEpochState()).toEqual({ kind: 'Done' });
    // The blob stays certified across the change; its storage runs to epoch 4.
    expect((await admin.getBlob(reg.blobObjectId))!).toMatchObject({
      certifiedEpoch: 1,
      storage: { endEpoch: 4 },
    });

    // A challenge round: the round closes at quorum weight, then a slow node certifies late.
    const opened = await admin.openChallengeRound();
    const round = opened.round;
    const byWeight = [...nodes].sort((a, b) => weightOf(b.nodeId) - weightOf(a.nodeId));
    const attest = async (node: (typeof nodes)[number]) => {
      const m = challengeAttestationMessage({ epoch: 2, round, nodeId: node.nodeId, verdict: 1 });
      return node.client.submitChallengeCertificate({
        capId: node.capId,
        round,
        certificate: certify(c2, nodes, nodes, m),
      });
    };
    let certifiedWeight = 0;
    let closedAt = -1;
    for (let i = 0; i < byWeight.length - 1; i++) {
      const r = await attest(byWeight[i]);
      certifiedWeight += weightOf(byWeight[i].nodeId);
      if (types(r.events).includes('ChallengeRoundClosed')) {
        closedAt = i;
        break;
      }
    }
    expect(3 * certifiedWeight >= 21).toBe(true);
    expect((await admin.getChallengeRound(round))!.closed).toBe(true);
    const lateNode = byWeight[byWeight.length - 1];
    expect(closedAt).toBeLessThan(byWeight.length - 1);
    const late = await attest(lateNode);
    expect(late.events[0].event).toEqual({
      type: 'ChallengeCertified',
      data: {
        epoch: 2,
        round,
        nodeId: lateNode.nodeId,
        weight: weightOf(lateNode.nodeId),
        late: true,
      },
    });
    expect((await admin.getChallengeRound(round))!.certified).toContain(lateNode.nodeId);

    // Slashing on a forged signed symbol: node 0 signs a symbol that does not hash to the root.
    const sym = Uint8Array.of(7, 7);
    const other = new Uint8Array(32).fill(1);
    const leaf = blake2b(Uint8Array.of(0, ...sym), { dkLen: 32 });
    const symRoot = blobIdFromBytes(blake2b(Uint8Array.of(0, ...leaf, ...other), { dkLen: 32 }));
    const forged = signedSymbolMessage({
      epoch: 2,
      blobId: deriveBlobId(1, 10n, symRoot),
      encodingType: 1,
      size: 10n,
      rootHash: symRoot,
      pairIndex: 0,
      axis: 0,
      symbolIndex: 0,
      symbol: Uint8Array.of(7, 8),
      sliverPath: [],
      otherHash: other,
      pairPath: [],
      context: round,
    });
    const stakeBefore = (await admin.getNode(nodes[0].nodeId))!.activeStake;
    const slash = await user.reportInvalidSymbol({
      nodeId: nodes[0].nodeId,
      signature: sign(nodes[0].keys.secretKey, forged),
      message: forged,
    });
    const slashed = (stakeBefore * BigInt(PARAMS.slashBps)) / 10000n;
    expect(slash.events.map((e) => e.event)).toEqual([
      {
        type: 'NodeSlashed',
        data: {
          epoch: 2,
          nodeId: nodes[0].nodeId,
          amount: slashed,
          reason: 0,
          reporter: user.sender,
        },
      },
    ]);
    expect((await admin.getNode(nodes[0].nodeId))!.activeStake).toBe(stakeBefore - slashed);
    expect((await admin.getSystemState()).burned).toBe(slashed - slash.reward);
    chain.close();
  });
});
