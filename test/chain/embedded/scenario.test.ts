import { describe, expect, it } from 'vitest';
import { blobCertificateMessage } from '../../../src/crypto/messages.ts';
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
    chain.close();
  });
});
